using Gamity.Sandbox.Shared;

namespace Gamity.Sandbox.Control;

/// <summary>A fault to answer <c>/external/</c> calls with instead of serving them.</summary>
public sealed class GamityFaults : IResettableState
{
    private readonly Lock sync = new();
    private FaultSetting? active;

    public FaultSetting? Current
    {
        get
        {
            lock (sync)
            {
                return active;
            }
        }
    }

    /// <param name="remaining">How many calls get the fault; null keeps it until cleared.</param>
    public void Set(int statusCode, int? remaining)
    {
        lock (sync)
        {
            active = new FaultSetting(statusCode, remaining);
        }
    }

    /// <summary>Takes one faulted answer, if a fault is set.</summary>
    public bool TryConsume(out int statusCode)
    {
        lock (sync)
        {
            if (active is null)
            {
                statusCode = 0;
                return false;
            }

            statusCode = active.StatusCode;
            if (active.Remaining is int remaining)
            {
                active = remaining > 1 ? active with { Remaining = remaining - 1 } : null;
            }

            return true;
        }
    }

    public void Reset()
    {
        lock (sync)
        {
            active = null;
        }
    }
}

/// <summary>Body of <c>PUT /sandbox/gamity/faults</c> and the fault currently set.</summary>
public sealed record FaultSetting(int StatusCode, int? Remaining);
