using Gamity.Benchmarks.IsActive;
using Gamity.Benchmarks.Sync;

namespace Gamity.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project bench/Gamity.Benchmarks -- isactive</c> or <c>-- tokens</c> (BenchmarkDotNet micro-benchmarks) or
/// <c>-- sync</c> (end-to-end load driver), and the others listed in the usage text. See docs/benchmarks.md.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var rest = args.Skip(1).ToArray();
        switch (args.FirstOrDefault())
        {
            case "isactive":
                return IsActiveCommand.Run(rest);
            case "tokens":
                return Tokens.TokensCommand.Run(rest);
            case "sync":
                return await SyncLoadDriver.RunAsync(rest);
            case "rounds-pipeline":
                BenchmarkDotNet.Running.BenchmarkRunner.Run<Rounds.RoundsPipelineBenchmarks>(args: rest);
                return 0;
            case "rounds-e2e":
                return await Rounds.RoundsLoadDriver.RunAsync(rest);
            case "rounds-garbage":
                return await Rounds.RoundsGarbageDriver.RunAsync(rest);
            case "rounds-drain":
                return await Rounds.RoundsDrainBenchmark.RunAsync(rest);
            case "reconciliation":
                return await Reconciliation.ReconciliationExportBenchmark.RunAsync(rest);
            case "payouts":
                return await Payouts.PayoutLoadDriver.RunAsync(rest);
            case "payouts-breakdown":
                return await Payouts.PayoutBreakdownBenchmark.RunAsync(rest);
            case "payouts-recovery":
                return await Payouts.PayoutRecoveryBenchmark.RunAsync(rest);
            default:
                await Console.Error.WriteLineAsync(
                    """
                    usage: Gamity.Benchmarks <command> [options]

                      isactive   BenchmarkDotNet: ActiveGamesSnapshot.IsActive vs Dictionary<string, HashSet<string>> and HashSet<(string, string)>
                                 options: --no-wait-idle, any BenchmarkDotNet option (e.g. --filter *Frozen*)
                      tokens     BenchmarkDotNet: PlayerTokenIssuer.Issue with HS256, ES256 and RS256 vs a hand-rolled HS256 JWT (tokens/s on one core, B/token)
                                 options: --no-wait-idle, any BenchmarkDotNet option (e.g. --filter *HS256*)
                      rounds-pipeline  BenchmarkDotNet: decode → validate → filter → chunk → serialize on 1,000,000 rounds vs a raw Utf8JsonReader pass
                      rounds-e2e [N]   End-to-end: POST /api/rounds (arrays of 1,000) → app → sandbox, vs the sandbox's batch endpoint directly
                      rounds-garbage   End-to-end: one hostile POST /api/rounds body ([1,1,…] of 4 MB, 40 KB, 1 MiB − 1 B, 4,000 elements) per fresh stack,
                                 vs a valid array of 1,000 rounds: status, wall time, app RSS before/peak/after, InvalidRounds rows
                                 options: --app-dir DIR (another build of the standalone app), --timeout-minutes N (per request, default 10),
                                          --count-minutes N (paging InvalidRounds before bisecting, default 3),
                                          --only a,b,… (a subset of the bodies a–e), --no-wait-idle
                      rounds-drain     In process: RoundsDrain.RunAsync (the Service Bus drain) over an in-memory receiver serving batches of
                                 100 messages × 10 rounds → sandbox, vs the same messages through RoundsPipeline.ProcessBatchAsync directly
                                 (Azurite and sandbox as child processes; every round stored once, every message completed)
                                 options: --rounds N (default 200000, a multiple of 1000), --runs N (default 5), --warmups N (default 2),
                                          --no-wait-idle
                      reconciliation  In process: the reconciliation export (CSV and JSON) of N synthetic records to a byte-counting stream,
                                 vs enumerating the same records; rows/s, MB allocated, peak RSS, at N/10 and N
                                 options: --rows N (default 1000000), --no-wait-idle
                      payouts    End-to-end: payouts closed loop (32 senders) and open loop (at a rate), wallet latency 0 and 20 ms,
                                 vs the wallet called directly
                                 options: --payouts N (default 3000), --rate N (per second, default 300),
                                          --settle-seconds N (after the app started, default 90), --no-wait-idle
                      payouts-breakdown  In process: the app's server time of each payout (open loop, wallet 0 and 20 ms) split into Azure Table
                                 round trips, wallet calls, Durable gRPC calls and the rest, for all payouts and the slowest 1 %, vs the wallet directly
                                 options: --payouts N (default 3000), --warmups N (default 300), --rate N (per second, default 300),
                                          --settle-seconds N (after the app started, default 90),
                                          --outage 1 (the wallet answers 503 to every call: where an answer during an outage goes), --no-wait-idle
                      payouts-recovery   End-to-end: N payouts while the wallet answers 503, then healthy (default retry settings): time until all
                                 are Succeeded, completions/s, wallet credits == N; vs a bare spike of N one-activity orchestrations on the same engine
                                 options: --payouts N (default 1000), --outage-seconds N (default 60), --timeout-minutes N (default 30), --no-wait-idle
                      sync       End-to-end: Azurite + sandbox + app as child processes, 50,000 games × 500 brands,
                                 games sync timed against a raw GET/POST copy of the same bytes
                                 options: --runs N (default 5), --warmups N (default 1), --games N (default 50000),
                                          --brands N (default 500), --brands-per-game N (default 20), --operators N (default 10),
                                          --idle-seconds N (default 15), --configuration Release|Debug (default Release),
                                          --app-env KEY=VALUE (extra app environment, repeatable, e.g. DOTNET_gcServer=0),
                                          --app-dir DIR (another build of the standalone app), --no-wait-idle
                    """);
                return 64;
        }
    }
}
