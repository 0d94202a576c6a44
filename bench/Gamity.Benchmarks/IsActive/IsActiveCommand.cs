using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Gamity.Benchmarks.IsActive;

/// <summary>Runs <see cref="IsActiveBenchmarks"/> (one in-process job) and prints lookups/s and bytes per lookup.</summary>
public static class IsActiveCommand
{
    public const double TargetLookupsPerSecond = 10_000_000;
    private const int MaxAttempts = 5;
    private const double MaxOtherCpuShare = 0.25;

    public static int Run(string[] args)
    {
        var waitIdle = !args.Contains("--no-wait-idle");
        var benchmarkArgs = args.Where(a => a != "--no-wait-idle").ToArray();

        // One short job (6 warm-up + 20 measured iterations of ~0.5 s each per structure): the whole run takes about a
        // minute, so a clean window between the test runs of a busy machine can be found.
        // In-process: the out-of-process toolchain generates and builds a project under this repository, where
        // Directory.Build.props (warnings as errors, central package versions) applies to it too.
        var config = DefaultConfig.Instance
            .AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithWarmupCount(6).WithIterationCount(20).WithId("InProcess"))
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddColumn(StatisticColumn.OperationsPerSecond)
            .WithArtifactsPath(Path.Combine(AppContext.BaseDirectory, "BenchmarkDotNet.Artifacts"))
            .WithOptions(ConfigOptions.JoinSummary);

        // A run during which a test run started is thrown away and taken again (at most MaxAttempts runs).
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
            summary = BenchmarkRunner.Run<IsActiveBenchmarks>(config, benchmarkArgs);
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
        Console.WriteLine($"## isactive — {IsActiveBenchmarks.GameCount:N0} games × {IsActiveBenchmarks.BrandsPerGame} brands ({IsActiveBenchmarks.BrandCount} brands), " +
                          $"{IsActiveBenchmarks.QueryCount:N0} queries, 50% active, one core");
        Console.WriteLine($"machine: {MachineLoad.Machine()}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"load before: {loadBefore}; after: {loadAfter}; other processes used {otherShare:F2} of a core meanwhile{(polluted ? " — polluted (kept after " + MaxAttempts + " attempts)" : "")}"));
        Console.WriteLine();
        Console.WriteLine("| structure | ns/lookup (mean ± sd) | median | lookups/s (1 core) | allocated B/lookup | vs Dictionary |");
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

            var allocated = report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase);
            var ratio = baseline is { } b ? (stats.Mean / b).ToString("0.00", CultureInfo.InvariantCulture) + "×" : "";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {stats.Mean:F2} ± {stats.StandardDeviation:F2} | {stats.Median:F2} | {1e9 / stats.Mean / 1e6:F1} M | {allocated?.ToString(CultureInfo.InvariantCulture) ?? "?"} | {ratio} |"));
        }

        var snapshot = summary.Reports.FirstOrDefault(r => r.BenchmarkCase.Descriptor.WorkloadMethod.Name == nameof(IsActiveBenchmarks.FrozenSnapshot));
        if (snapshot?.ResultStatistics is { } frozen)
        {
            var perSecond = 1e9 / frozen.Mean;
            var bytes = snapshot.GcStats.GetBytesAllocatedPerOperation(snapshot.BenchmarkCase);
            Console.WriteLine();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"target ≥ {TargetLookupsPerSecond / 1e6:F0} M lookups/s and 0 B/lookup: {perSecond / 1e6:F1} M/s, {bytes} B → {(perSecond >= TargetLookupsPerSecond && bytes == 0 ? "MET" : "NOT MET")}"));
        }

        return failures == 0 && !summary.HasCriticalValidationErrors ? 0 : 1;
    }

    private static TimeSpan OwnCpu()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }
}
