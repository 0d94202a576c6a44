using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Gamity.Benchmarks.Rounds;

/// <summary>
/// End-to-end rounds through the real stack: <c>POST /api/rounds</c> (arrays of 1,000 rounds, every round on an
/// active pair) → app → sandbox Game Round API on loopback. Baseline in the same run: the same rounds posted
/// straight to the sandbox's batch endpoint in chunks of 100 (the floor of Gamity's side of the path).
/// </summary>
public static class RoundsLoadDriver
{
    public static async Task<int> RunAsync(string[] args)
    {
        var total = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 500_000;
        const int PerRequest = 1_000;
        await MachineLoad.WaitUntilNoTestRunAsync(Console.Out);
        Console.WriteLine($"# machine: {MachineLoad.Machine()}; {MachineLoad.LoadAverage()}");
        using var stack = await BenchStack.StartAsync(new Dictionary<string, string> { ["Rounds__FilterByActiveGames"] = "false", ["Rounds__MaxParallelBatches"] = "8" });
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { Timeout = TimeSpan.FromMinutes(2) };

        // Baseline: chunks of 100 straight to the sandbox.
        var baseline = await PostAllAsync(http, $"{stack.SandboxUrl}/gamerounds/local-casino/batch", "sandbox-key", "base", total, 100, concurrency: 8);
        (await http.DeleteAsync(stack.SandboxUrl + "/sandbox/gamity/rounds")).EnsureSuccessStatusCode();

        await PostAllAsync(http, $"{stack.AppUrl}/api/rounds", BenchStack.RoundsKey, "warm", 20_000, PerRequest, concurrency: 4);
        (await http.DeleteAsync(stack.SandboxUrl + "/sandbox/gamity/rounds")).EnsureSuccessStatusCode();
        var app = await PostAllAsync(http, $"{stack.AppUrl}/api/rounds", BenchStack.RoundsKey, "app", total, PerRequest, concurrency: 4);
        var stored = JsonNode.Parse(await http.GetStringAsync(stack.SandboxUrl + "/sandbox/gamity/rounds/summary"))!["count"]!.GetValue<int>();

        Console.WriteLine("| path | rounds | seconds | rounds/s |");
        Console.WriteLine("|---|---|---|---|");
        Console.WriteLine($"| sandbox batch endpoint directly, chunks of 100 (baseline) | {total} | {baseline.TotalSeconds:F2} | {total / baseline.TotalSeconds:F0} |");
        Console.WriteLine($"| POST /api/rounds ×{PerRequest} → app → sandbox | {total} (stored: {stored}) | {app.TotalSeconds:F2} | {total / app.TotalSeconds:F0} |");
        Console.WriteLine($"# after: {MachineLoad.LoadAverage()}");
        return stored == total ? 0 : 1;
    }

    private static async Task<TimeSpan> PostAllAsync(HttpClient http, string url, string key, string prefix, int total, int perRequest, int concurrency)
    {
        var bodies = Enumerable.Range(0, total / perRequest).Select(r => Body(prefix, r * perRequest, perRequest)).ToArray();
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(bodies, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (body, ct) =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new("application/json");
            request.Headers.Add("X-API-Key", key);
            using var response = await http.SendAsync(request, ct);
            response.EnsureSuccessStatusCode();
        });
        return clock.Elapsed;
    }

    internal static byte[] Body(string prefix, int first, int count)
    {
        var builder = new StringBuilder(count * 240).Append('[');
        for (var i = first; i < first + count; i++)
        {
            builder.Append(i == first ? "" : ",").Append(CultureInfo.InvariantCulture,
                $$"""{"timestamp":"2026-11-24T08:00:00.000Z","roundId":"{{prefix}}-{{i:D9}}","brandId":"brand-{{i % 20}}","playerId":"player-{{i % 5000}}","gameId":"GAME_{{i % 300}}","roundType":"REGULAR","currency":"EUR","betAmount":2.5,"winAmount":1.25}""");
        }

        return Encoding.UTF8.GetBytes(builder.Append(']').ToString());
    }
}
