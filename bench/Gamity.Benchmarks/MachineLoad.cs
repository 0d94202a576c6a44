using System.Globalization;
using System.Text.RegularExpressions;

namespace Gamity.Benchmarks;

/// <summary>What else the machine is doing: numbers taken next to a test run are not worth much.</summary>
public static partial class MachineLoad
{
    /// <summary>Command lines of a concurrent test run (same pattern as <c>pgrep -f "dotnet test|ci-check|Gamity.*.Tests"</c>).</summary>
    [GeneratedRegex(@"dotnet test|ci-check|Gamity\.\w+\.Tests")]
    private static partial Regex BusyPattern();

    /// <summary><c>/proc/loadavg</c> as <c>uptime</c> prints it: the 1, 5 and 15 minute load averages.</summary>
    public static string LoadAverage()
    {
        try
        {
            var fields = File.ReadAllText("/proc/loadavg").Split(' ');
            return $"load average: {fields[0]}, {fields[1]}, {fields[2]}";
        }
        catch (IOException)
        {
            return "load average: unknown";
        }
    }

    public static string CpuModel()
    {
        try
        {
            return File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown";
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    public static string Machine() =>
        $"{Environment.ProcessorCount} logical CPUs ({CpuModel()}), {Environment.OSVersion}, .NET {Environment.Version}";

    /// <summary>Waits (polling every 20 s, up to 15 min) until no test run is going on; false when it never became idle.</summary>
    public static async Task<bool> WaitUntilNoTestRunAsync(TextWriter log)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(15);
        while (true)
        {
            var busy = BusyProcesses();
            if (busy.Count == 0)
            {
                return true;
            }

            if (DateTime.UtcNow > deadline)
            {
                log.WriteLine($"# still busy after 15 min ({busy.Count} test process(es)); measuring anyway, numbers may be polluted");
                return false;
            }

            log.WriteLine($"# a test run is going on (pid {string.Join(", ", busy)}; {LoadAverage()}); waiting 20 s");
            await Task.Delay(TimeSpan.FromSeconds(20));
        }
    }

    /// <summary>CPU time the whole machine has spent busy since boot (<c>/proc/stat</c>, all cores).</summary>
    public static TimeSpan MachineBusyTime()
    {
        try
        {
            var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            // cpu user nice system idle iowait irq softirq steal …: busy = all but idle and iowait.
            var ticks = new[] { 1, 2, 3, 6, 7, 8 }.Sum(i => long.Parse(fields[i], CultureInfo.InvariantCulture));
            return TimeSpan.FromSeconds(ticks / 100.0); // USER_HZ is 100 on Linux
        }
        catch (Exception exception) when (exception is IOException or FormatException or IndexOutOfRangeException)
        {
            return TimeSpan.Zero;
        }
    }

    /// <summary>Watches for a test run starting while something is measured (polls every 500 ms until disposed).</summary>
    public static TestRunWatch WatchForTestRun() => new();

    public static bool TestRunGoingOn() => BusyProcesses().Count > 0;

    private static List<int> BusyProcesses()
    {
        var own = Ancestors(Environment.ProcessId);
        var busy = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || own.Contains(pid))
            {
                continue;
            }

            try
            {
                var commandLine = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
                if (BusyPattern().IsMatch(commandLine))
                {
                    busy.Add(pid);
                }
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                // The process ended while we looked.
            }
        }

        return busy;
    }

    // This process and its parents (a shell that launched us may carry the pattern in its own command line).
    private static HashSet<int> Ancestors(int pid)
    {
        var result = new HashSet<int>();
        while (pid > 1 && result.Add(pid))
        {
            try
            {
                var stat = File.ReadAllText($"/proc/{pid}/stat");
                var afterName = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                pid = int.Parse(afterName[1], CultureInfo.InvariantCulture);
            }
            catch (Exception exception) when (exception is IOException or FormatException)
            {
                break;
            }
        }

        return result;
    }
}

/// <summary>Set when a test run was seen while it was active: the measurement taken meanwhile is polluted.</summary>
public sealed class TestRunWatch : IDisposable
{
    private readonly CancellationTokenSource stop = new();
    private readonly Task watching;
    private volatile bool seen;

    public TestRunWatch()
    {
        watching = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                if (MachineLoad.TestRunGoingOn())
                {
                    seen = true;
                }

                try
                {
                    await Task.Delay(500, stop.Token);
                }
                catch (OperationCanceledException)
                {
                }
            }
        });
    }

    public bool SawTestRun
    {
        get
        {
            if (!seen && MachineLoad.TestRunGoingOn())
            {
                seen = true;
            }

            return seen;
        }
    }

    public void Dispose()
    {
        stop.Cancel();
        watching.Wait(TimeSpan.FromSeconds(5));
        stop.Dispose();
    }
}
