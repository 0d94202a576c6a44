using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Mathematics;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Gamity.Benchmarks;

/// <summary>One table row: the benchmark's name, its statistics (ns per operation), bytes allocated per operation, the ratio to the baseline.</summary>
public delegate string BenchmarkRow(string name, Statistics stats, long? allocated, string ratio);

/// <summary>
/// Runs a BenchmarkDotNet class as one short in-process job on a machine shared with test runs, retaking runs
/// that a test run or other processes polluted, then prints the load, a table and the target line.
/// </summary>
public static class InProcessBenchmark
{
    private const int MaxAttempts = 5;
    private const double MaxOtherCpuShare = 0.25;

    /// <param name="tableHeader">The table's header row (six columns: name, mean ± sd, median, per second, bytes, ratio).</param>
    /// <param name="target">The target line from the summary (null when the benchmark it needs failed).</param>
    public static int Run<TBenchmarks>(string[] args, int iterationCount, string heading, string tableHeader, BenchmarkRow row, Func<Summary, string?> target)
    {
        var waitIdle = !args.Contains("--no-wait-idle");
        var benchmarkArgs = args.Where(a => a != "--no-wait-idle").ToArray();

        // One short job (6 warm-up + iterationCount measured iterations of ~0.5 s each per benchmark, about a minute),
        // so a clean window between the test runs of a busy machine can be found. In-process: the out-of-process
        // toolchain generates and builds a project under this repository, where Directory.Build.props (warnings as
        // errors, central package versions) applies to it too. Each call runs on the calling thread: one core.
        var config = DefaultConfig.Instance
            .AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithWarmupCount(6).WithIterationCount(iterationCount).WithId("InProcess"))
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddColumn(StatisticColumn.OperationsPerSecond)
            .WithArtifactsPath(Path.Combine(AppContext.BaseDirectory, "BenchmarkDotNet.Artifacts"))
            .WithOptions(ConfigOptions.JoinSummary);

        // A run during which a test run started (or other processes took more than a quarter of a core) is thrown
        // away and taken again, at most MaxAttempts times.
        Summary summary;
        string loadBefore;
        var polluted = false;
        var otherShare = 0.0;
        for (var attempt = 1; ; attempt++)
        {
            if (waitIdle)
            {
                MachineLoad.WaitUntilNoTestRunAsync(Console.Out).GetAwaiter().GetResult();
            }

            loadBefore = MachineLoad.LoadAverage();
            using var watch = waitIdle ? MachineLoad.WatchForTestRun() : null;
            var machineBusy = MachineLoad.MachineBusyTime();
            var ownCpu = OwnCpu();
            var wall = Stopwatch.StartNew();
            summary = BenchmarkRunner.Run<TBenchmarks>(config, benchmarkArgs);
            otherShare = Math.Max(0, ((MachineLoad.MachineBusyTime() - machineBusy) - (OwnCpu() - ownCpu)).TotalSeconds) / wall.Elapsed.TotalSeconds;
            polluted = watch?.SawTestRun == true || (waitIdle && otherShare > MaxOtherCpuShare);
            if (!polluted || attempt == MaxAttempts)
            {
                break;
            }

            Console.WriteLine($"# a test run started during the benchmark, or other processes used {otherShare:P0} of a core: discarding it and running again (attempt {attempt + 1} of {MaxAttempts})");
        }

        var loadAfter = MachineLoad.LoadAverage();

        Console.WriteLine();
        Console.WriteLine(heading);
        Console.WriteLine($"machine: {MachineLoad.Machine()}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"load before: {loadBefore}; after: {loadAfter}; other processes used {otherShare:F2} of a core meanwhile{(polluted ? " — polluted (kept after " + MaxAttempts + " attempts)" : "")}"));
        Console.WriteLine();
        Console.WriteLine(tableHeader);
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        var baseline = summary.Reports.FirstOrDefault(r => r.BenchmarkCase.Descriptor.Baseline)?.ResultStatistics?.Mean;
        var failures = 0;
        foreach (var report in summary.Reports)
        {
            var name = report.BenchmarkCase.Descriptor.WorkloadMethodDisplayInfo.Trim('\'');
            if (report.ResultStatistics is not { } stats)
            {
                Console.WriteLine($"| {name} | failed | | | | |");
                failures++;
                continue;
            }

            var ratio = baseline is { } b ? (stats.Mean / b).ToString("0.00", CultureInfo.InvariantCulture) + "×" : "";
            Console.WriteLine(row(name, stats, report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase), ratio));
        }

        if (target(summary) is { } line)
        {
            Console.WriteLine();
            Console.WriteLine(line);
        }

        return failures == 0 && !summary.HasCriticalValidationErrors ? 0 : 1;
    }

    /// <summary>The report of the benchmark method named <paramref name="method"/>, if it produced statistics.</summary>
    public static BenchmarkReport? Find(Summary summary, string method) =>
        summary.Reports.FirstOrDefault(r => r.BenchmarkCase.Descriptor.WorkloadMethod.Name == method && r.ResultStatistics is not null);

    private static TimeSpan OwnCpu()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }
}
