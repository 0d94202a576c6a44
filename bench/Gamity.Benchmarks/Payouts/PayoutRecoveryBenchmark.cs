using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Gamity.Integration.Wallet;
using Gamity.Standalone;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Gamity.Benchmarks.Payouts;

/// <summary>
/// How fast payouts left open by a wallet outage complete once the wallet is back (docs/adr/0012). The app runs as
/// a child process with the product's default retry settings; the wallet answers every credit 503 for the outage
/// (<c>PUT /sandbox/wallet/faults</c>), during which N payouts are sent once each (all answered 503, so N
/// <c>RetryPayout</c> orchestrations back off on durable timers); then the faults are deleted. Measured: the time
/// from recovery (and from the first send) until the wallet holds all N credits and every record is
/// <c>Succeeded</c>, and the completions per second after recovery; the wallet must hold exactly N credits (no
/// payout lost, none paid twice). Baseline in the same run: a bare spike of the same engine — a host in this process
/// with the same sidecar (<see cref="DurableEngine.AddDurableEngine(IServiceCollection, IConfiguration, Action{DurableTaskRegistry})"/>)
/// on the same Azurite, a task hub of its own, N orchestrations each running one no-op activity, all scheduled at
/// once: orchestrations per second from the first start until all are completed.
/// </summary>
public static class PayoutRecoveryBenchmark
{
    private const int Concurrency = 32;
    private const string SpikeOrchestration = "BenchSpike";
    private const string NoOpActivity = "BenchNoOp";

    public static async Task<int> RunAsync(string[] args)
    {
        var (options, waitIdle) = PayoutLoadDriver.ParseOptions(args, new Dictionary<string, int> { ["payouts"] = 1_000, ["outage-seconds"] = 60, ["timeout-minutes"] = 30 });
        var count = options["payouts"];
        var outage = TimeSpan.FromSeconds(options["outage-seconds"]);
        var timeout = TimeSpan.FromMinutes(options["timeout-minutes"]);
        if (waitIdle)
        {
            await MachineLoad.WaitUntilNoTestRunAsync(Console.Out);
        }

        var defaults = new WalletOptions();
        Console.WriteLine($"# machine: {MachineLoad.Machine()}; {MachineLoad.LoadAverage()}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"# the app's retry settings are the product's defaults (none set): Wallet__RetryBaseDelay {defaults.RetryBaseDelay}, Wallet__MaxRetryDelay {defaults.MaxRetryDelay}, " +
            $"Wallet__RetryBudget {defaults.RetryBudget}, Wallet__AttemptTimeout {defaults.AttemptTimeout}; host.json: maxQueuePollingInterval 2 s, 4 partitions"));
        using var stack = await BenchStack.StartAsync();
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { Timeout = TimeSpan.FromSeconds(60) };

        using var watch = MachineLoad.WatchForTestRun();
        var spike = await SpikeAsync(stack, count, timeout);
        var spikePolluted = watch.SawTestRun;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"# baseline spike: {count} scheduled in {spike.Scheduled.TotalSeconds:F1} s, all completed after {spike.Completed.TotalSeconds:F1} s; {MachineLoad.LoadAverage()}"));

        var recovery = await RecoveryAsync(stack, http, count, outage, timeout);
        Console.WriteLine($"# test runs: {(spikePolluted ? "one was going on during the baseline spike" : "none during the baseline spike")}, " +
                          $"{(watch.SawTestRun ? "one was going on by the end of the recovery (polluted)" : "none during the recovery")}");
        Console.WriteLine();
        Console.WriteLine("| run | orchestrations | from first send (or start) to all done, s | from recovery to all credited, s | from recovery to all `Succeeded`, s | completions/s after recovery | wallet credits |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| bare engine spike (baseline): {count} × (start → one no-op activity → complete), scheduled at once, hub `{SpikeHub}` | {count} | {spike.Completed.TotalSeconds:F1} | | | {count / spike.Completed.TotalSeconds:F1} (start to all completed) | |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| payouts: wallet 503 for {outage.TotalSeconds:F0} s, then healthy | {count} | {recovery.FromFirstSendToSucceeded.TotalSeconds:F1} | {recovery.ToCredited.TotalSeconds:F1} | {recovery.ToSucceeded.TotalSeconds:F1} | " +
            $"{recovery.Owed / recovery.ToCredited.TotalSeconds:F1} (mean); {recovery.PeakPerSecond:F1} (best 10 s) | {recovery.Credits} |"));
        Console.WriteLine($"# after: {MachineLoad.LoadAverage()}");
        if (recovery.Credits != count)
        {
            await Console.Error.WriteLineAsync($"# NOT VERIFIED: the wallet holds {recovery.Credits} credits for {count} payouts");
            return 1;
        }

        return 0;
    }

    private const string SpikeHub = "BenchSpike";

    /// <summary>The baseline: the engine alone, N orchestrations of one no-op activity each, all scheduled at once.</summary>
    private static async Task<(TimeSpan Scheduled, TimeSpan Completed)> SpikeAsync(BenchStack stack, int count, TimeSpan timeout)
    {
        var settings = stack.AppSettings(new Dictionary<string, string> { [$"{DurableTaskSettings.HostOverrideSection.Replace(":", "__", StringComparison.Ordinal)}__hubName"] = SpikeHub });
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key.Replace("__", ":", StringComparison.Ordinal), (string?)s.Value)));
        builder.Services.AddLogging();
        var ran = 0;
        builder.Services.AddDurableEngine(builder.Configuration, tasks => tasks
            .AddOrchestratorFunc<int, int>(SpikeOrchestration, async (context, input) =>
            {
                var answer = await context.CallActivityAsync<int>(NoOpActivity, input);
                if (!context.IsReplaying)
                {
                    Interlocked.Increment(ref ran);
                }

                return answer;
            })
            .AddActivityFunc<int, int>(NoOpActivity, (_, input) => input));
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            var client = host.Services.GetRequiredService<DurableTaskClient>();
            var ids = Enumerable.Range(0, count).Select(i => $"spike-{i}").ToArray();
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(ids.Select((id, i) => client.ScheduleNewOrchestrationInstanceAsync(SpikeOrchestration, i, new StartOrchestrationOptions(id))));
            var scheduled = clock.Elapsed;
            await WaitAsync(() => Task.FromResult(Volatile.Read(ref ran) >= count), timeout, "the spike's orchestrations to run their activity");
            var open = ids.ToList();
            await WaitAsync(async () =>
            {
                var states = await EachAsync(open, async id => (id, (await client.GetInstanceAsync(id))?.RuntimeStatus));
                open = states.Where(s => s.Item2 != OrchestrationRuntimeStatus.Completed).Select(s => s.id).ToList();
                return open.Count == 0;
            }, timeout, "the spike's orchestrations to complete");
            return (scheduled, clock.Elapsed);
        }
        finally
        {
            await host.StopAsync();
        }
    }

    private sealed record Recovery(TimeSpan FromFirstSendToSucceeded, TimeSpan ToCredited, TimeSpan ToSucceeded, int Owed, double PeakPerSecond, int Credits);

    private static async Task<Recovery> RecoveryAsync(BenchStack stack, HttpClient http, int count, TimeSpan outage, TimeSpan timeout)
    {
        var before = await CreditsAsync(http, stack);
        var refs = new System.Collections.Concurrent.ConcurrentQueue<Guid>();
        var payouts = new PayoutLoadDriver.Target(http, $"{stack.AppUrl}/api/gamity/payouts", BenchStack.InboundKey, i =>
        {
            var payoutRef = Guid.NewGuid();
            refs.Enqueue(payoutRef);
            return PayoutLoadDriver.Payout(i, payoutRef);
        });

        await stack.SetWalletFaultsAsync(http, """{"errorRate":1.0,"errorStatus":503}""");
        var clock = Stopwatch.StartNew();
        var sent = await PayoutLoadDriver.MeasureAsync(payouts, count, Concurrency, rate: null);
        var answers = string.Join(", ", sent.Statuses.OrderBy(s => s.Key).Select(s => $"{s.Key} × {s.Value}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"# outage: {count} payouts sent once each in {clock.Elapsed.TotalSeconds:F1} s ({sent.PerSecond:F0}/s, p50 {sent.P50:F1} ms, p99 {sent.P99:F1} ms), answered {answers}; {MachineLoad.LoadAverage()}"));
        if (!sent.Statuses.TryGetValue(503, out var retried) || retried != count)
        {
            throw new InvalidOperationException($"expected {count} answers 503 during the outage: {string.Join(", ", sent.Statuses)}");
        }

        if (outage > clock.Elapsed)
        {
            await Task.Delay(outage - clock.Elapsed);
        }

        var owed = count - (await CreditsAsync(http, stack) - before);
        await stack.SetWalletFaultsAsync(http, null);
        var recovered = clock.Elapsed;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"# wallet healthy again at {recovered.TotalSeconds:F1} s after the first send ({owed} credits owed); {MachineLoad.LoadAverage()}"));

        // Credits every second: the wallet counts each idempotency key once, so this is the completions' timeline.
        var timeline = new List<(TimeSpan At, int Credits)>();
        var credits = 0;
        await WaitAsync(async () =>
        {
            credits = await CreditsAsync(http, stack) - before;
            timeline.Add((clock.Elapsed - recovered, credits));
            if (timeline.Count % 10 == 0)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"#   +{timeline[^1].At.TotalSeconds:F0} s: {credits} credited; {MachineLoad.LoadAverage()}"));
            }

            return credits >= count;
        }, timeout, $"the wallet to hold {count} credits", TimeSpan.FromSeconds(1));
        var toCredited = clock.Elapsed - recovered;

        var open = refs.ToList();
        var states = new Dictionary<string, int>();
        await WaitAsync(async () =>
        {
            var views = await EachAsync(open, async r => (Ref: r, View: await ViewAsync(http, stack, r)));
            states = views.CountBy(v => $"{v.View?["state"]} / orchestration {v.View?["orchestration"]?["status"]}").ToDictionary();
            open = views.Where(v => v.View?["state"]?.GetValue<string>() != "Succeeded").Select(v => v.Ref).ToList();
            return open.Count == 0;
        }, timeout, "every payout to be Succeeded", TimeSpan.FromSeconds(1));
        var toSucceeded = clock.Elapsed - recovered;
        var fromFirstSend = clock.Elapsed;
        Console.WriteLine($"# operator views at the end (state / orchestration): {string.Join(", ", states.Select(s => $"{s.Key} × {s.Value}"))}");

        await Task.Delay(TimeSpan.FromSeconds(5)); // nothing may be paid twice, even late
        var final = await CreditsAsync(http, stack) - before;
        var peak = timeline.Zip(timeline.Skip(10), (a, b) => (b.Credits - a.Credits) / (b.At - a.At).TotalSeconds).DefaultIfEmpty(credits / toCredited.TotalSeconds).Max();
        return new Recovery(fromFirstSend, toCredited, toSucceeded, owed, peak, final);
    }

    private static async Task<int> CreditsAsync(HttpClient http, BenchStack stack) =>
        (await http.GetFromJsonAsync<JsonObject>(stack.SandboxUrl + "/sandbox/wallet/summary"))!["credits"]!.GetValue<int>();

    private static async Task<JsonObject?> ViewAsync(HttpClient http, BenchStack stack, Guid payoutRef)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{stack.AppUrl}/api/payouts/{payoutRef}");
        request.Headers.Add("X-API-Key", BenchStack.AdminKey);
        using var response = await http.SendAsync(request);
        return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<JsonObject>() : null;
    }

    /// <summary>Runs <paramref name="body"/> on each item, 16 at a time (polling N instances must not become a load of its own).</summary>
    private static async Task<List<TResult>> EachAsync<TItem, TResult>(IEnumerable<TItem> items, Func<TItem, Task<TResult>> body)
    {
        var results = new System.Collections.Concurrent.ConcurrentBag<TResult>();
        await Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (item, _) => results.Add(await body(item)));
        return [.. results];
    }

    private static async Task WaitAsync(Func<Task<bool>> done, TimeSpan timeout, string what, TimeSpan? every = null)
    {
        var deadline = Stopwatch.StartNew();
        while (!await done())
        {
            if (deadline.Elapsed > timeout)
            {
                throw new TimeoutException($"waited {timeout} for {what}");
            }

            await Task.Delay(every ?? TimeSpan.FromMilliseconds(250));
        }
    }
}
