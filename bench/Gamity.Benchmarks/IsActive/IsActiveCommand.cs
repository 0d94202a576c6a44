using System.Globalization;

namespace Gamity.Benchmarks.IsActive;

/// <summary>Runs <see cref="IsActiveBenchmarks"/> (one in-process job) and prints lookups/s and bytes per lookup.</summary>
public static class IsActiveCommand
{
    public const double TargetLookupsPerSecond = 10_000_000;

    public static int Run(string[] args) => InProcessBenchmark.Run<IsActiveBenchmarks>(
        args,
        iterationCount: 20,
        $"## isactive — {IsActiveBenchmarks.GameCount:N0} games × {IsActiveBenchmarks.BrandsPerGame} brands ({IsActiveBenchmarks.BrandCount} brands), " +
        $"{IsActiveBenchmarks.QueryCount:N0} queries, 50% active, one core",
        "| structure | ns/lookup (mean ± sd) | median | lookups/s (1 core) | allocated B/lookup | vs Dictionary |",
        (name, stats, allocated, ratio) => string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {stats.Mean:F2} ± {stats.StandardDeviation:F2} | {stats.Median:F2} | {1e9 / stats.Mean / 1e6:F1} M | {allocated?.ToString(CultureInfo.InvariantCulture) ?? "?"} | {ratio} |"),
        summary =>
        {
            if (InProcessBenchmark.Find(summary, nameof(IsActiveBenchmarks.FrozenSnapshot)) is not { } snapshot)
            {
                return null;
            }

            var perSecond = 1e9 / snapshot.ResultStatistics!.Mean;
            var bytes = snapshot.GcStats.GetBytesAllocatedPerOperation(snapshot.BenchmarkCase);
            return string.Create(CultureInfo.InvariantCulture,
                $"target ≥ {TargetLookupsPerSecond / 1e6:F0} M lookups/s and 0 B/lookup: {perSecond / 1e6:F1} M/s, {bytes} B → {(perSecond >= TargetLookupsPerSecond && bytes == 0 ? "MET" : "NOT MET")}");
        });
}
