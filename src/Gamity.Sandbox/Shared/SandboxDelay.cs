using System.Diagnostics;

namespace Gamity.Sandbox.Shared;

/// <summary>Waits the sandbox promises (latency faults, Gamity's retry interval) last at least what they say.</summary>
public static class SandboxDelay
{
    /// <summary>
    /// <see cref="Task.Delay(TimeSpan, CancellationToken)"/> alone may wake a millisecond early (timer ticks are
    /// coarse); a caller's stopwatch would then see 299 ms for a 300 ms fault. Sleep again for what is left.
    /// </summary>
    public static async Task AtLeastAsync(TimeSpan wanted, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < wanted)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Ceiling((wanted - clock.Elapsed).TotalMilliseconds)), cancellationToken);
        }
    }
}
