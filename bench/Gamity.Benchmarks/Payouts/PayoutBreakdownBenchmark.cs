using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Gamity.Benchmarks.Sync;
using Gamity.Standalone;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;

namespace Gamity.Benchmarks.Payouts;

/// <summary>
/// Where a payout's p99 goes. The standalone app runs in this process (<see cref="StandaloneApp.Build"/> on the
/// settings the app process gets, Azurite and the sandbox as child processes), so an <see cref="ActivityListener"/>
/// sees its activities: the ASP.NET Core hosting activity of each payout request (the server time: from Kestrel
/// handing the request over until the answer is written) and the HttpClient activities inside it, attributed by the
/// port they call — Azurite's table service (the claim insert and the outcome update), the sandbox wallet, and
/// any other loopback port (the Durable sidecar's gRPC service: none on the happy path). What is left of the server
/// time is ours: CPU and scheduling in the app. Client latency − server time is what Kestrel, the client and the
/// machine's run queue add. Each request carries a <c>traceparent</c> of its own, so its server activity is found
/// by trace and parent span. Open loop at the target rate, wallet latency 0 and 20 ms, measured once the Durable
/// sidecar has started (it creates its task hub on the same Azurite); the same-run baseline is the wallet called
/// directly at the same rate.
/// </summary>
public static class PayoutBreakdownBenchmark
{
    private const int Concurrency = 32;

    public static async Task<int> RunAsync(string[] args)
    {
        var (options, waitIdle) = PayoutLoadDriver.ParseOptions(args, new Dictionary<string, int> { ["payouts"] = 3_000, ["warmups"] = 300, ["rate"] = 300, ["settle-seconds"] = 90, ["outage"] = 0 });
        var (count, warmups, rate) = (options["payouts"], options["warmups"], options["rate"]);
        if (waitIdle)
        {
            await MachineLoad.WaitUntilNoTestRunAsync(Console.Out);
        }

        Console.WriteLine($"# machine: {MachineLoad.Machine()}; {MachineLoad.LoadAverage()}");
        using var stack = await BenchStack.StartBackendsAsync();
        var appUrl = $"http://127.0.0.1:{ChildProcess.FreePort()}";
        var settings = stack.AppSettings();
        await using var app = StandaloneApp.Build(["--urls", appUrl], builder => builder.Configuration.AddInMemoryCollection(
            settings.Select(s => KeyValuePair.Create(s.Key.Replace("__", ":", StringComparison.Ordinal), (string?)s.Value))));
        using var breakdowns = new RequestBreakdowns(new Uri(appUrl).Port, stack.TablePort, new Uri(stack.SandboxUrl).Port, stack.QueueAndBlobPorts);
        await app.StartAsync();
        try
        {
            // The Durable sidecar creates its task hub and takes its partitions' leases after start, on the same Azurite:
            // measured payouts wait until that is over (after 2 s and 30 s the first phase's p99 was 1–2 s, after 90 s
            // 43 ms; the 30 s runs overlapped a test run, so 90 s is a safe margin rather than a measured bound).
            await Task.Delay(TimeSpan.FromSeconds(options["settle-seconds"]));
            // No traceparent of the client's own: the header each request carries is the one set below.
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256, ActivityHeadersPropagator = null }) { Timeout = TimeSpan.FromSeconds(60) };
            Console.WriteLine($"# in-process app on {appUrl}; Azurite table port {stack.TablePort}, wallet (sandbox) port {new Uri(stack.SandboxUrl).Port}; " +
                              $"open loop {rate}/s, at most {Concurrency} in flight, {warmups} warm-up + {count} measured payouts per wallet latency, " +
                              $"measured from {options["settle-seconds"]} s after the app started");
            Console.WriteLine();
            Console.WriteLine("| wallet latency | payouts | row | client ms | server ms | table round trips (n) | table ms | wallet ms | gRPC ms | rest ms | client − server ms |");
            Console.WriteLine("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|");
            var baselines = new List<string>();
            var slowNotes = new List<string>();
            foreach (var latency in new[] { 0, 20 })
            {
                // --outage 1: the wallet answers 503 to every call, so each payout is answered "retry later" and starts its orchestration.
                await stack.SetWalletFaultsAsync(http, options["outage"] == 1 ? $$"""{"latencyMs":{{latency}},"errorRate":1.0,"errorStatus":503}""" : $$"""{"latencyMs":{{latency}}}""");
                var wallet = new PayoutLoadDriver.Target(http, $"{stack.SandboxUrl}/wallet/credit", "wallet-key", PayoutLoadDriver.WalletCredit);
                var traced = new PayoutLoadDriver.Target(http, $"{appUrl}/api/gamity/payouts", BenchStack.InboundKey, PayoutLoadDriver.Payout);
                await PayoutLoadDriver.MeasureAsync(wallet, warmups, Concurrency, rate: null);
                await PayoutLoadDriver.MeasureAsync(traced, warmups, Concurrency, rate: null);

                using var watch = MachineLoad.WatchForTestRun();
                var direct = await PayoutLoadDriver.MeasureAsync(wallet, count, Concurrency, rate);
                var requests = Enumerable.Range(0, count).Select(_ => breakdowns.Expect()).ToArray();
                var through = await PayoutLoadDriver.MeasureAsync(traced with { Prepare = (i, request) => request.Headers.Add("traceparent", requests[i].TraceParent) }, count, Concurrency, rate);
                await Task.Delay(500); // the last hosting activities stop after their answers were read
                var rows = Rows(requests, through);
                foreach (var (name, row) in rows)
                {
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"| {latency} ms | {row.Count} of {count} ({through.Failures} failed) | {name} | {row.Client:F1} | {row.Server:F1} | {row.TableCalls:F1} | {row.Table:F1} | {row.Wallet:F1} | {row.Grpc:F1} | {row.Rest:F1} | {row.Outside:F1} |"));
                }

                var slowest = direct.Latencies.OrderDescending().Take(Math.Max(1, count / 100)).Average();
                baselines.Add(string.Create(CultureInfo.InvariantCulture,
                    $"| {latency} ms | {direct.Count} ({direct.Failures} failed) | {direct.PerSecond:F0} | {direct.P50:F1} | {direct.P99:F1} | {slowest:F1} | {through.P50:F1} | {through.P99:F1} |"));
                // One stall or many: when the slowest 1 % were due (request i is due at i ÷ rate s).
                var slowSeconds = through.Latencies.Select((ms, i) => (ms, i)).OrderByDescending(r => r.ms).Take(Math.Max(1, count / 100)).Select(r => r.i / rate).ToList();
                slowNotes.Add($"# {latency} ms: the slowest 1 % were due at {slowSeconds.Min()}–{slowSeconds.Max()} s of the {count / rate} s run, in {slowSeconds.Distinct().Count()} distinct second(s)");
                if (watch.SawTestRun)
                {
                    slowNotes.Add($"# {latency} ms: a test run was going on during the measurement (polluted)");
                }

                if (requests.Sum(r => r.OtherCalls) is > 0 and var other)
                {
                    Console.WriteLine($"# {latency} ms: {other} call(s) to Azurite's queue or blob service inside payout requests (counted in rest)");
                }

                breakdowns.Forget();
            }

            Console.WriteLine();
            Console.WriteLine("Same run, same load: the wallet called directly (baseline) and the app's client latency from the table above.");
            Console.WriteLine();
            Console.WriteLine("| wallet latency | credits | credits/s | baseline p50 ms | baseline p99 ms | baseline slowest 1 % mean ms | app p50 ms | app p99 ms |");
            Console.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|");
            baselines.ForEach(Console.WriteLine);
            slowNotes.ForEach(Console.WriteLine);
            Console.WriteLine($"# after: {MachineLoad.LoadAverage()}");
        }
        finally
        {
            await app.StopAsync();
        }

        return 0;
    }

    /// <summary>
    /// The p50 row (each column's own median over all payouts: they need not add up), the mean over all payouts and the
    /// mean over the slowest 1 % by client latency (these add up: server = table + wallet + gRPC + rest).
    /// </summary>
    private static List<(string, Row)> Rows(RequestTrace[] requests, PayoutLoadDriver.Result result)
    {
        var all = requests.Select((r, i) => r.Row(result.Latencies[i])).Where(r => r is not null).Select(r => r!).ToList();
        var slowest = all.OrderByDescending(r => r.Client).Take(Math.Max(1, all.Count / 100)).ToList();
        return
        [
            ("all payouts, median of each column", Row.Of(all, Median)),
            ("all payouts, mean", Row.Of(all, values => values.Average())),
            ("slowest 1 % by client latency (p99 bucket), mean", Row.Of(slowest, values => values.Average())),
        ];
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }

    private sealed record Row(int Count, double Client, double Server, double TableCalls, double Table, double Wallet, double Grpc, double Rest, double Outside)
    {
        public static Row Of(IReadOnlyCollection<Row> rows, Func<IEnumerable<double>, double> aggregate) => new(
            rows.Count, aggregate(rows.Select(r => r.Client)), aggregate(rows.Select(r => r.Server)), aggregate(rows.Select(r => r.TableCalls)),
            aggregate(rows.Select(r => r.Table)), aggregate(rows.Select(r => r.Wallet)), aggregate(rows.Select(r => r.Grpc)),
            aggregate(rows.Select(r => r.Rest)), aggregate(rows.Select(r => r.Outside)));
    }

    /// <summary>One payout request's trace: its server activity and the outgoing calls made inside it, in ms.</summary>
    private sealed class RequestTrace(ActivityTraceId trace, ActivitySpanId clientSpan)
    {
        public ActivityTraceId Trace { get; } = trace;

        public ActivitySpanId ClientSpan { get; } = clientSpan;

        public string TraceParent => $"00-{Trace.ToHexString()}-{ClientSpan.ToHexString()}-01";

        public double? Server { get; set; }

        public int TableCalls { get; set; }

        public double Table { get; set; }

        public double Wallet { get; set; }

        public double Grpc { get; set; }

        public int OtherCalls { get; set; }

        /// <summary>Null when no server activity was seen for it.</summary>
        public Row? Row(double client)
        {
            lock (this)
            {
                return Server is not { } server ? null
                    : new Row(1, client, server, TableCalls, Table, Wallet, Grpc, server - Table - Wallet - Grpc, client - server);
            }
        }
    }

    /// <summary>
    /// Listens to ASP.NET Core's hosting activities (<c>Microsoft.AspNetCore</c>) and HttpClient's
    /// (<c>System.Net.Http</c>, tags <c>server.port</c> since .NET 9), all sampled and recorded, and adds each one
    /// that belongs to an expected request's trace to it.
    /// </summary>
    private sealed class RequestBreakdowns : IDisposable
    {
        private readonly ConcurrentDictionary<ActivityTraceId, RequestTrace> expected = new();
        private readonly ActivityListener listener;
        private readonly int appPort;
        private readonly int tablePort;
        private readonly int walletPort;
        private readonly (int Queue, int Blob) otherStorage;

        public RequestBreakdowns(int appPort, int tablePort, int walletPort, (int Queue, int Blob) otherStorage)
        {
            (this.appPort, this.tablePort, this.walletPort, this.otherStorage) = (appPort, tablePort, walletPort, otherStorage);
            listener = new ActivityListener
            {
                ShouldListenTo = source => source.Name is "Microsoft.AspNetCore" or "System.Net.Http",
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
                SampleUsingParentId = (ref ActivityCreationOptions<string> _) => ActivitySamplingResult.AllDataAndRecorded,
                ActivityStopped = Stopped,
            };
            ActivitySource.AddActivityListener(listener);
        }

        public RequestTrace Expect()
        {
            var trace = new RequestTrace(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom());
            expected[trace.Trace] = trace;
            return trace;
        }

        public void Forget() => expected.Clear();

        private void Stopped(Activity activity)
        {
            if (!expected.TryGetValue(activity.TraceId, out var request))
            {
                return;
            }

            var ms = activity.Duration.TotalMilliseconds;
            lock (request)
            {
                if (activity.Source.Name == "Microsoft.AspNetCore")
                {
                    if (activity.ParentSpanId == request.ClientSpan)
                    {
                        request.Server = ms; // the payout request itself (a sidecar request of the same trace would be a child of a gRPC call)
                    }

                    return;
                }

                var port = activity.GetTagItem("server.port") is int p ? p : -1;
                if (port == tablePort)
                {
                    request.TableCalls++;
                    request.Table += ms;
                }
                else if (port == walletPort)
                {
                    request.Wallet += ms;
                }
                else if (port == otherStorage.Queue || port == otherStorage.Blob)
                {
                    request.OtherCalls++;
                }
                else if (port != appPort)
                {
                    request.Grpc += ms; // any other loopback port: the Durable sidecar's gRPC service
                }
            }
        }

        public void Dispose() => listener.Dispose();
    }
}
