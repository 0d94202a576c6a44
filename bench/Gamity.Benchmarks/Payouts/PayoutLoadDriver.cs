using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Gamity.Benchmarks.Payouts;

/// <summary>
/// Payouts through the real stack (app + sandbox wallet + Azurite, separate processes), with the wallet answering
/// after 0 ms and after 20 ms, two ways: closed loop (32 senders, each sending its next payout when the previous
/// one is answered: the throughput), and open loop (payouts started at a fixed rate, at most 32 in flight, the
/// latency counted from each payout's scheduled start so queueing is included: the latency at that rate). In a
/// closed loop every answer waits behind the 31 others, so latency there is 32 ÷ throughput by Little's law and
/// says nothing of the app's own cost; the open loop does. The same-run baseline of both is the wallet called
/// directly the same way; the app's overhead is the difference.
/// </summary>
public static class PayoutLoadDriver
{
    public static async Task<int> RunAsync(string[] args)
    {
        var (options, waitIdle) = ParseOptions(args, new Dictionary<string, int> { ["payouts"] = 3_000, ["rate"] = 300, ["settle-seconds"] = 90 });
        var (count, rate) = (options["payouts"], (double)options["rate"]);
        const int Concurrency = 32;
        if (waitIdle)
        {
            await MachineLoad.WaitUntilNoTestRunAsync(Console.Out);
        }

        Console.WriteLine($"# machine: {MachineLoad.Machine()}; {MachineLoad.LoadAverage()}");
        using var stack = await BenchStack.StartAsync();

        // As in payouts-breakdown: the Durable sidecar creates its task hub on the same Azurite after the app started.
        await Task.Delay(TimeSpan.FromSeconds(options["settle-seconds"]));
        Console.WriteLine($"# measured from {options["settle-seconds"]} s after the app started; {MachineLoad.LoadAverage()}");
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { Timeout = TimeSpan.FromSeconds(60) };

        Console.WriteLine($"| wallet latency | load | path | payouts | payouts/s | p50 ms | p99 ms |");
        Console.WriteLine($"|---|---|---|---|---|---|---|");
        foreach (var latency in new[] { 0, 20 })
        {
            await stack.SetWalletFaultsAsync(http, $$"""{"latencyMs":{{latency}}}""");

            var wallet = new Target(http, $"{stack.SandboxUrl}/wallet/credit", "wallet-key", WalletCredit);
            var app = new Target(http, $"{stack.AppUrl}/api/gamity/payouts", BenchStack.InboundKey, Payout);
            await MeasureAsync(wallet, 300, Concurrency, rate: null); // warm-up
            await MeasureAsync(app, 300, Concurrency, rate: null); // warm-up
            foreach (var (mode, offered) in new[] { ($"closed loop, {Concurrency} senders", (double?)null), ($"open loop, {rate:F0}/s offered", rate) })
            {
                var direct = await MeasureAsync(wallet, count, Concurrency, offered);
                var through = await MeasureAsync(app, count, Concurrency, offered);
                Print(latency, mode, "wallet directly (baseline)", direct);
                Print(latency, mode, "app → wallet", through);
                Console.WriteLine($"| {latency} ms | {mode} | app overhead (app − baseline) | | | {through.P50 - direct.P50:F1} | {through.P99 - direct.P99:F1} |");
            }
        }

        Console.WriteLine($"# after: {MachineLoad.LoadAverage()}");
        return 0;
    }

    private static int next;

    /// <summary>
    /// The payout commands' options: <c>--name N</c> for each name in <paramref name="defaults"/> (the values when
    /// absent) and <c>--no-wait-idle</c>; anything else is refused.
    /// </summary>
    internal static (Dictionary<string, int> Numbers, bool WaitIdle) ParseOptions(string[] args, IReadOnlyDictionary<string, int> defaults)
    {
        var numbers = new Dictionary<string, int>(defaults);
        var waitIdle = true;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--no-wait-idle")
            {
                waitIdle = false;
            }
            else if (args[i].StartsWith("--", StringComparison.Ordinal) && numbers.ContainsKey(args[i][2..]) && i + 1 < args.Length
                     && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            {
                numbers[args[i][2..]] = number;
                i++;
            }
            else
            {
                throw new ArgumentException($"unknown option or missing number: {args[i]} (options: {string.Join(", ", defaults.Keys.Select(k => $"--{k} N"))}, --no-wait-idle)");
            }
        }

        return (numbers, waitIdle);
    }

    /// <summary>The baseline's request: a credit of the same amount, straight to the sandbox wallet.</summary>
    internal static string WalletCredit(int i) =>
        $$"""{"idempotencyKey":"{{Guid.NewGuid()}}","brandId":"brand-1","playerId":"player-{{i % 500}}","amount":1.5,"currency":"EUR"}""";

    /// <summary>Gamity's <c>POST /api/gamity/payouts</c> body for a fresh ref.</summary>
    internal static string Payout(int i) => Payout(i, Guid.NewGuid());

    internal static string Payout(int i, Guid payoutRef) =>
        $$"""{"payoutId":"{{i}}","payoutRef":"{{payoutRef}}","brandId":"brand-1","playerId":"player-{{i % 500}}","amount":1.5,"currency":"EUR","type":"CASH"}""";

    /// <summary>
    /// Sends <paramref name="count"/> requests with at most <paramref name="concurrency"/> in flight: back to back
    /// (closed loop) when <paramref name="rate"/> is null, else request i is due at i ÷ rate seconds and its latency
    /// runs from then (a request that waits for a free slot is charged for the wait). The result keeps each request's
    /// latency by its index (0 … count − 1, the index <see cref="Target.Prepare"/> is given) and the statuses answered.
    /// </summary>
    internal static async Task<Result> MeasureAsync(Target target, int count, int concurrency, double? rate)
    {
        var latencies = new double[count];
        var statuses = new int[count];
        var failures = 0;
        using var slots = new SemaphoreSlim(concurrency);
        var clock = Stopwatch.StartNew();
        var running = new List<Task>(count);
        for (var i = 0; i < count; i++)
        {
            var due = rate is { } perSecond ? TimeSpan.FromSeconds(i / perSecond) : TimeSpan.Zero;
            if (due > clock.Elapsed)
            {
                await Task.Delay(due - clock.Elapsed);
            }

            await slots.WaitAsync();
            var index = i;
            var start = rate is null ? clock.Elapsed : due;
            running.Add(Task.Run(async () =>
            {
                try
                {
                    using var request = new HttpRequestMessage(HttpMethod.Post, target.Url) { Content = new StringContent(target.Body(Interlocked.Increment(ref next)), Encoding.UTF8, "application/json") };
                    request.Headers.Add("X-API-Key", target.Key);
                    target.Prepare?.Invoke(index, request);
                    using var response = await target.Http.SendAsync(request);
                    latencies[index] = (clock.Elapsed - start).TotalMilliseconds;
                    statuses[index] = (int)response.StatusCode;
                    if (!response.IsSuccessStatusCode)
                    {
                        Interlocked.Increment(ref failures);
                    }
                }
                finally
                {
                    slots.Release();
                }
            }));
        }

        await Task.WhenAll(running);
        var elapsed = clock.Elapsed.TotalSeconds;
        var sorted = latencies.Order().ToArray();
        return new Result(count, count / elapsed, sorted[count / 2], sorted[(int)(count * 0.99)], failures, latencies,
            statuses.CountBy(status => status).ToDictionary());
    }

    private static void Print(int latency, string mode, string path, Result r) =>
        Console.WriteLine($"| {latency} ms | {mode} | {path} | {r.Count} ({r.Failures} failed) | {r.PerSecond:F0} | {r.P50:F1} | {r.P99:F1} |");

    /// <param name="Body">The body of the next request, given a number unique in this process.</param>
    /// <param name="Prepare">Called with the request's index before it is sent (headers of its own).</param>
    internal sealed record Target(HttpClient Http, string Url, string Key, Func<int, string> Body, Action<int, HttpRequestMessage>? Prepare = null);

    /// <param name="Latencies">Each request's latency in ms, by index.</param>
    /// <param name="Statuses">How many requests were answered with each HTTP status.</param>
    internal sealed record Result(int Count, double PerSecond, double P50, double P99, int Failures, double[] Latencies, Dictionary<int, int> Statuses);
}
