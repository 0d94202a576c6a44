using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Gamity.Benchmarks.Tokens;

/// <summary>Runs <see cref="TokenBenchmarks"/> (one in-process job) and prints tokens/s on one core and bytes per token.</summary>
public static class TokensCommand
{
    public const double TargetHs256TokensPerSecond = 50_000;
    private const int MaxAttempts = 5;
    private const double MaxOtherCpuShare = 0.25;

    public static int Run(string[] args)
    {
        var waitIdle = !args.Contains("--no-wait-idle");
        var benchmarkArgs = args.Where(a => a != "--no-wait-idle").ToArray();

        // One short job (6 warm-up + 15 measured iterations of ~0.5 s each per benchmark, about a minute in all).
        // In-process for the same reason as isactive: a generated out-of-process project under this repository would
        // inherit Directory.Build.props. Each call issues one token on the calling thread: the numbers are one core's.
        var config = DefaultConfig.Instance
            .AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithWarmupCount(6).WithIterationCount(15).WithId("InProcess"))
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
            summary = BenchmarkRunner.Run<TokenBenchmarks>(config, benchmarkArgs);
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
        Console.WriteLine("## tokens — PlayerTokenIssuer.Issue (widget token: brand, player, currency, gameId, language) vs a hand-rolled HS256 JWT, one core");
        Console.WriteLine($"machine: {MachineLoad.Machine()}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"load before: {loadBefore}; after: {loadAfter}; other processes used {otherShare:F2} of a core meanwhile{(polluted ? " — polluted (kept after " + MaxAttempts + " attempts)" : "")}"));
        Console.WriteLine();
        Console.WriteLine("| method | ns/token (mean ± sd) | median | tokens/s (1 core) | allocated B/token | vs hand-rolled |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        var baseline = summary.Reports.FirstOrDefault(r => r.BenchmarkCase.Descriptor.Baseline)?.ResultStatistics?.Mean;
        var failures = 0;
        foreach (var report in summary.Reports)
        {
            var name = report.BenchmarkCase.Descriptor.WorkloadMethod.Name;
            if (report.ResultStatistics is not { } stats)
            {
                Console.WriteLine($"| {name} | failed | | | | |");
                failures++;
                continue;
            }

            var allocated = report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase);
            var ratio = baseline is { } b ? (stats.Mean / b).ToString("0.00", CultureInfo.InvariantCulture) + "×" : "";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {stats.Mean:N0} ± {stats.StandardDeviation:N0} | {stats.Median:N0} | {1e9 / stats.Mean:N0} | {allocated?.ToString("N0", CultureInfo.InvariantCulture) ?? "?"} | {ratio} |"));
        }

        var hs256 = summary.Reports.FirstOrDefault(r => r.BenchmarkCase.Descriptor.WorkloadMethod.Name == nameof(TokenBenchmarks.Issue_HS256));
        if (hs256?.ResultStatistics is { } issued)
        {
            var perSecond = 1e9 / issued.Mean;
            Console.WriteLine();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"target ≥ {TargetHs256TokensPerSecond:N0} HS256 tokens/s on one core: {perSecond:N0}/s → {(perSecond >= TargetHs256TokensPerSecond ? "MET" : "NOT MET")}"));
        }

        return failures == 0 && !summary.HasCriticalValidationErrors ? 0 : 1;
    }

    private static TimeSpan OwnCpu()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }
}
