using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Gamity.Benchmarks.Payouts;

/// <summary>
/// Payouts at concurrency 32 through the real stack (app + sandbox wallet + Azurite, separate processes), with
/// the wallet answering after 0 ms and after 20 ms. The same-run baseline is the wallet called directly with
/// the same concurrency and latency; the app's overhead is the difference.
/// </summary>
public static class PayoutLoadDriver
{
    public static async Task<int> RunAsync(string[] args)
    {
        var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 3_000;
        const int Concurrency = 32;
        await MachineLoad.WaitUntilNoTestRunAsync(Console.Out);
        Console.WriteLine($"# machine: {MachineLoad.Machine()}; {MachineLoad.LoadAverage()}");
        using var stack = await BenchStack.StartAsync();
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { Timeout = TimeSpan.FromSeconds(60) };

        Console.WriteLine($"| wallet latency | path | payouts | payouts/s | p50 ms | p99 ms |");
        Console.WriteLine($"|---|---|---|---|---|---|");
        foreach (var latency in new[] { 0, 20 })
        {
            using (var faults = new StringContent($$"""{"latencyMs":{{latency}}}""", Encoding.UTF8, "application/json"))
            {
                (await http.PutAsync(stack.SandboxUrl + "/sandbox/wallet/faults", faults)).EnsureSuccessStatusCode();
            }

            await MeasureAsync(http, $"{stack.SandboxUrl}/wallet/credit", "wallet-key", i => WalletCredit(i), 300, Concurrency); // warm-up
            var direct = await MeasureAsync(http, $"{stack.SandboxUrl}/wallet/credit", "wallet-key", i => WalletCredit(i), count, Concurrency);
            await MeasureAsync(http, $"{stack.AppUrl}/api/gamity/payouts", BenchStack.InboundKey, i => Payout(i), 300, Concurrency); // warm-up
            var app = await MeasureAsync(http, $"{stack.AppUrl}/api/gamity/payouts", BenchStack.InboundKey, i => Payout(i), count, Concurrency);
            Print(latency, "wallet directly (baseline)", direct);
            Print(latency, "app → wallet", app);
            Console.WriteLine($"| {latency} ms | app overhead (app − baseline) | | | {app.P50 - direct.P50:F1} | {app.P99 - direct.P99:F1} |");
        }

        Console.WriteLine($"# after: {MachineLoad.LoadAverage()}");
        return 0;
    }

    private static int next;

    private static string WalletCredit(int i) =>
        $$"""{"idempotencyKey":"{{Guid.NewGuid()}}","brandId":"brand-1","playerId":"player-{{i % 500}}","amount":1.5,"currency":"EUR"}""";

    private static string Payout(int i) =>
        $$"""{"payoutId":"{{i}}","payoutRef":"{{Guid.NewGuid()}}","brandId":"brand-1","playerId":"player-{{i % 500}}","amount":1.5,"currency":"EUR","type":"CASH"}""";

    private static async Task<Result> MeasureAsync(HttpClient http, string url, string key, Func<int, string> body, int count, int concurrency)
    {
        var latencies = new ConcurrentBag<double>();
        var failures = 0;
        var total = Stopwatch.StartNew();
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (i, ct) =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body(Interlocked.Increment(ref next)), Encoding.UTF8, "application/json") };
            request.Headers.Add("X-API-Key", key);
            var clock = Stopwatch.StartNew();
            using var response = await http.SendAsync(request, ct);
            latencies.Add(clock.Elapsed.TotalMilliseconds);
            if (!response.IsSuccessStatusCode)
            {
                Interlocked.Increment(ref failures);
            }
        });
        var sorted = latencies.Order().ToArray();
        return new Result(count, count / total.Elapsed.TotalSeconds, sorted[sorted.Length / 2], sorted[(int)(sorted.Length * 0.99)], failures);
    }

    private static void Print(int latency, string path, Result r) =>
        Console.WriteLine($"| {latency} ms | {path} | {r.Count} ({r.Failures} failed) | {r.PerSecond:F0} | {r.P50:F1} | {r.P99:F1} |");

    private sealed record Result(int Count, double PerSecond, double P50, double P99, int Failures);
}
