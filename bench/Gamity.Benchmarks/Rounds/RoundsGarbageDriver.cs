using System.Diagnostics;
using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Gamity.Benchmarks.Sync;

namespace Gamity.Benchmarks.Rounds;

/// <summary>
/// What one hostile <c>POST /api/rounds</c> body costs the app (issue #9): for each body of a fixed list, a fresh
/// Azurite + sandbox + app, one warm-up request of valid rounds, then the body once — status, wall time, the app's
/// resident memory before, during (sampled every ~5 ms) and after, and the rows left in table <c>InvalidRounds</c>.
/// A valid array of 1,000 rounds is the baseline in the same run. <c>--app-dir</c> measures another build.
/// </summary>
public static class RoundsGarbageDriver
{
    private const string InvalidRoundsTable = "InvalidRounds";
    private static readonly TimeSpan SettleTime = TimeSpan.FromSeconds(2);

    public static async Task<int> RunAsync(string[] args)
    {
        var options = GarbageOptions.Parse(args);
        var cases = Cases().Where(c => options.Only is null || options.Only.Contains(c.Key)).ToList();
        Console.WriteLine($"# machine: {MachineLoad.Machine()}");
        Console.WriteLine($"# app: {options.AppDirectory ?? "this repository's src/Gamity.Standalone/bin/Release/net10.0"}");
        Console.WriteLine($"# before the run: {MachineLoad.LoadAverage()}");

        var results = new List<Result>();
        foreach (var @case in cases)
        {
            if (options.WaitIdle)
            {
                await MachineLoad.WaitUntilNoTestRunAsync(Console.Out);
            }

            var result = await MeasureAsync(@case, options);
            results.Add(result);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"# ({result.Case.Key}) {result.Status}, {result.Wall.TotalSeconds:F2} s, peak RSS {Mb(result.PeakRss)} MB, {result.Rows.Rows} rows; {result.LoadAfter}"));
        }

        Console.WriteLine($"# after the run: {MachineLoad.LoadAverage()}");
        Console.WriteLine();
        Print(results);
        return results.All(r => r.Error is null) ? 0 : 1;
    }

    private static IEnumerable<Case> Cases() =>
    [
        new("e", "valid array of 1,000 rounds (baseline)", 1_000, () => RoundsLoadDriver.Body("garbage-baseline", 0, 1_000)),
        new("d", "`[1,…]`, 4,000 elements (under every limit)", 4_000, () => Ones(4_000)),
        new("b", "`[1,…]`, 40 KB (20,000 elements)", 20_000, () => Ones(20_000)),
        new("c", "`[1,…]`, 1 MiB − 1 B (524,287 elements)", 524_287, () => Ones(524_287)),
        new("a", "`[1,1,…]`, 4 MB (2,000,000 elements)", 2_000_000, () => Ones(2_000_000)),
    ];

    private static byte[] Ones(int count)
    {
        var body = new byte[(2 * count) + 1];
        body.AsSpan().Fill((byte)',');
        body[0] = (byte)'[';
        for (var i = 0; i < count; i++)
        {
            body[(2 * i) + 1] = (byte)'1';
        }

        body[^1] = (byte)']';
        return body;
    }

    private static async Task<Result> MeasureAsync(Case @case, GarbageOptions options)
    {
        var body = @case.Body();
        using var stack = await BenchStack.StartAsync(new Dictionary<string, string> { ["Rounds__FilterByActiveGames"] = "false" }, options.AppDirectory);
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };

        // JIT, first connections, table and queue clients: not part of what the hostile body costs.
        var (warmStatus, _) = await PostAsync(http, stack.AppUrl, RoundsLoadDriver.Body("garbage-warm", 0, 10), CancellationToken.None);
        if (warmStatus != 200)
        {
            throw new InvalidOperationException($"warm-up request answered {warmStatus}");
        }

        var idle = await WaitForIdleAsync(stack.App, TimeSpan.FromSeconds(30));
        var loadBefore = MachineLoad.LoadAverage();
        var rssBefore = stack.App.StatusBytes("VmRSS") ?? -1;
        var cpuBefore = stack.App.CpuTime();
        string status;
        string? error = null;
        var answer = string.Empty;
        var timedOut = false;
        var clock = Stopwatch.StartNew();
        long peak;
        int samples;
        using (var sampler = new RssSampler(stack.App))
        {
            using var timeout = new CancellationTokenSource(options.Timeout);
            try
            {
                var (code, text) = await PostAsync(http, stack.AppUrl, body, timeout.Token);
                status = code.ToString(CultureInfo.InvariantCulture);
                answer = text;
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested)
            {
                timedOut = true;
                status = string.Create(CultureInfo.InvariantCulture, $"timeout ({options.Timeout.TotalMinutes:F0} min)");
            }
            catch (HttpRequestException exception)
            {
                status = "error";
                error = exception.Message;
            }

            clock.Stop();
            peak = sampler.Peak;
            samples = sampler.Samples;
        }

        var cpu = stack.App.CpuTime() - cpuBefore;
        var loadAfter = MachineLoad.LoadAverage();
        await Task.Delay(SettleTime);
        var rssAfter = stack.App.StatusBytes("VmRSS") ?? -1;
        var hwm = stack.App.StatusBytes("VmHWM") ?? -1;
        if (timedOut)
        {
            // The app may still be writing rows; stop it so the count is what it wrote by the deadline (+ 2 s).
            stack.App.Kill();
        }

        var azuriteRss = stack.Storage.StatusBytes("VmRSS") ?? -1;
        var countClock = Stopwatch.StartNew();
        var rows = await CountRowsAsync(stack.StorageConnectionString, @case.Elements, options.CountBudget);
        return new Result(@case, body.Length, status, error, answer, clock.Elapsed, cpu, rssBefore, Math.Max(peak, rssBefore), samples, hwm, rssAfter, rows,
            countClock.Elapsed, azuriteRss, idle, loadBefore, loadAfter);
    }

    private static async Task<(int Status, string Answer)> PostAsync(HttpClient http, string appUrl, byte[] body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, appUrl + "/api/rounds") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Add("X-API-Key", BenchStack.RoundsKey);
        using var response = await http.SendAsync(request, cancellationToken);
        var answer = await response.Content.ReadAsStringAsync(cancellationToken);
        return ((int)response.StatusCode, answer);
    }

    /// <summary>Until the app used at most 20 ms of CPU in each of four consecutive half seconds (or the timeout).</summary>
    private static async Task<bool> WaitForIdleAsync(ChildProcess app, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var last = app.CpuTime();
        var quiet = 0;
        while (DateTime.UtcNow < deadline)
        {
            await Task.Delay(500);
            var now = app.CpuTime();
            quiet = now - last <= TimeSpan.FromMilliseconds(20) ? quiet + 1 : 0;
            last = now;
            if (quiet == 4)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>All rows of <c>InvalidRounds</c> (none when the table does not exist).</summary>
    private static async Task<RowCount> CountRowsAsync(string connectionString, int elements, TimeSpan budget)
    {
        var table = new TableClient(connectionString, InvalidRoundsTable);
        using var cancel = new CancellationTokenSource(budget);
        long rows = 0;
        string? firstRowKey = null;
        try
        {
            await foreach (var page in table.QueryAsync<TableEntity>(filter: (string?)null, maxPerPage: 1000, select: ["RowKey"], cancellationToken: cancel.Token).AsPages())
            {
                rows += page.Values.Count;
                firstRowKey ??= page.Values.FirstOrDefault()?.RowKey;
            }

            return new RowCount(rows, rows, true);
        }
        catch (RequestFailedException exception) when (exception.Status == 404)
        {
            return new RowCount(0, 0, true);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
        }

        // Azurite filters and sorts the whole table for every page of 1,000, so paging through millions of rows
        // takes hours. The app writes a message's records in index order, in transactions of 100, so the rows
        // are elements 0…n−1: find n by bisection, each probe a query that matches at most one row.
        var prefix = firstRowKey is null ? null : firstRowKey[..(firstRowKey.IndexOf('|', StringComparison.Ordinal) + 1)];
        if (prefix is not { Length: > 1 } || !await ExistsAsync(table, prefix, 0))
        {
            return new RowCount(rows, rows, false);
        }

        var (present, absent) = (0, elements);
        while (absent - present > 1)
        {
            var middle = present + ((absent - present) / 2);
            (present, absent) = await ExistsAsync(table, prefix, middle) ? (middle, absent) : (present, middle);
        }

        return new RowCount(Math.Max(rows, present + 1L), rows, false);
    }

    private static async Task<bool> ExistsAsync(TableClient table, string prefix, int index)
    {
        // Row key: {messageId}|{index:D6}|{roundId}; '}' is the character after '|'.
        var from = $"{prefix}{index.ToString("D6", CultureInfo.InvariantCulture)}|";
        var to = $"{prefix}{index.ToString("D6", CultureInfo.InvariantCulture)}}}";
        await foreach (var page in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"RowKey ge {from} and RowKey lt {to}"), maxPerPage: 1, select: ["RowKey"]).AsPages())
        {
            return page.Values.Count > 0;
        }

        return false;
    }

    private static void Print(List<Result> results)
    {
        Console.WriteLine("| body | bytes | HTTP | wall s | app CPU s | app RSS before MB | app peak RSS during MB (sampled / VmHWM) | app RSS 2 s after MB | `InvalidRounds` rows | Azurite RSS after MB | load before → after |");
        Console.WriteLine("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var r in results.OrderBy(r => r.Case.Key, StringComparer.Ordinal))
        {
            var rows = (r.Rows.Exact ? "" : "≈ ") + r.Rows.Rows.ToString("N0", CultureInfo.InvariantCulture);
            Console.WriteLine(
                $"| ({r.Case.Key}) {r.Case.Label} | {r.Bytes.ToString("N0", CultureInfo.InvariantCulture)} | {r.Status} | {r.Wall.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture)} | " +
                $"{r.Cpu.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture)} | {Mb(r.RssBefore)} | {Mb(r.PeakRss)} / {Mb(r.Hwm)} | {Mb(r.RssAfter)} | {rows} | {Mb(r.AzuriteRss)} | " +
                $"{Short(r.LoadBefore)} → {Short(r.LoadAfter)} |");
        }

        Console.WriteLine();
        foreach (var r in results.OrderBy(r => r.Case.Key, StringComparer.Ordinal))
        {
            var text = r.Error ?? r.Answer;
            Console.WriteLine($"- ({r.Case.Key}) {r.Status}: {(text.Length > 240 ? text[..240] + "…" : text)}" +
                $" ({r.Samples} RSS samples; rows counted in {r.CountTime.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture)} s" +
                (r.Rows.Exact ? "" : $": {r.Rows.Paged.ToString("N0", CultureInfo.InvariantCulture)} paged through within the budget, the rest found by bisection on the element index") +
                $"{(r.Idle ? "" : "; the app never became idle before the request")})");
        }
    }

    private static string Short(string load) => load.Replace("load average: ", "", StringComparison.Ordinal);

    private static string Mb(long bytes) => bytes < 0 ? "?" : (bytes / 1024.0 / 1024.0).ToString("F0", CultureInfo.InvariantCulture);

    private sealed record Case(string Key, string Label, int Elements, Func<byte[]> Body);

    /// <param name="Exact">Every row paged through; otherwise <paramref name="Rows"/> is the highest element index recorded + 1.</param>
    private sealed record RowCount(long Rows, long Paged, bool Exact);

    private sealed record Result(
        Case Case, int Bytes, string Status, string? Error, string Answer, TimeSpan Wall, TimeSpan Cpu, long RssBefore, long PeakRss, int Samples, long Hwm, long RssAfter,
        RowCount Rows, TimeSpan CountTime, long AzuriteRss, bool Idle, string LoadBefore, string LoadAfter);

    /// <summary>The highest <c>VmRSS</c> seen, read every ~5 ms on a thread of its own until disposed.</summary>
    private sealed class RssSampler : IDisposable
    {
        private readonly Thread thread;
        private volatile bool stop;
        private long peak;
        private int samples;

        public RssSampler(ChildProcess process)
        {
            thread = new Thread(() =>
            {
                while (!stop)
                {
                    if (process.StatusBytes("VmRSS") is { } rss && rss > Interlocked.Read(ref peak))
                    {
                        Interlocked.Exchange(ref peak, rss);
                    }

                    Interlocked.Increment(ref samples);

                    Thread.Sleep(5);
                }
            })
            { IsBackground = true, Name = "rss-sampler" };
            thread.Start();
        }

        public long Peak => Interlocked.Read(ref peak);

        public int Samples => Volatile.Read(ref samples);

        public void Dispose()
        {
            stop = true;
            thread.Join();
        }
    }

    private sealed record GarbageOptions(string? AppDirectory, TimeSpan Timeout, TimeSpan CountBudget, IReadOnlySet<string>? Only, bool WaitIdle)
    {
        public static GarbageOptions Parse(string[] args)
        {
            var options = new GarbageOptions(null, TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(3), null, true);
            for (var i = 0; i < args.Length; i++)
            {
                string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
                options = args[i] switch
                {
                    "--app-dir" => options with { AppDirectory = Next() },
                    "--timeout-minutes" => options with { Timeout = TimeSpan.FromMinutes(double.Parse(Next(), CultureInfo.InvariantCulture)) },
                    "--count-minutes" => options with { CountBudget = TimeSpan.FromMinutes(double.Parse(Next(), CultureInfo.InvariantCulture)) },
                    "--only" => options with { Only = Next().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet() },
                    "--no-wait-idle" => options with { WaitIdle = false },
                    _ => throw new ArgumentException($"unknown option {args[i]}"),
                };
            }

            return options;
        }
    }
}
