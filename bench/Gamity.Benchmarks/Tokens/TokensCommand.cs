using System.Globalization;

namespace Gamity.Benchmarks.Tokens;

/// <summary>Runs <see cref="TokenBenchmarks"/> (one in-process job) and prints tokens/s on one core and bytes per token.</summary>
public static class TokensCommand
{
    public const double TargetHs256TokensPerSecond = 50_000;

    public static int Run(string[] args) => InProcessBenchmark.Run<TokenBenchmarks>(
        args,
        iterationCount: 15,
        "## tokens — PlayerTokenIssuer.Issue (widget token: brand, player, currency, gameId, language) vs a hand-rolled HS256 JWT, one core",
        "| method | ns/token (mean ± sd) | median | tokens/s (1 core) | allocated B/token | vs hand-rolled |",
        (name, stats, allocated, ratio) => string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {stats.Mean:N0} ± {stats.StandardDeviation:N0} | {stats.Median:N0} | {1e9 / stats.Mean:N0} | {allocated?.ToString("N0", CultureInfo.InvariantCulture) ?? "?"} | {ratio} |"),
        summary => InProcessBenchmark.Find(summary, nameof(TokenBenchmarks.Issue_HS256)) is { } hs256
            ? string.Create(CultureInfo.InvariantCulture,
                $"target ≥ {TargetHs256TokensPerSecond:N0} HS256 tokens/s on one core: {1e9 / hs256.ResultStatistics!.Mean:N0}/s → {(1e9 / hs256.ResultStatistics.Mean >= TargetHs256TokensPerSecond ? "MET" : "NOT MET")}")
            : null);
}
