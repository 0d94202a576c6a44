using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Gamity.Integration.Catalog;
using Gamity.Integration.Scheduling;

namespace Gamity.Benchmarks.Sync;

/// <summary>
/// End-to-end load driver: Azurite, the sandbox and the app as separate child processes (Release builds), a
/// generated catalog, then the games sync timed against the floor of the same data path — a raw copy of
/// the catalog's bytes from the sandbox's <c>GET /games</c> to its <c>sync-games</c>.
/// </summary>
public static class SyncLoadDriver
{
    public const double TargetSyncSeconds = 5;
    public const long TargetPeakBytes = 200L * 1024 * 1024;

    // Azurite's well-known development account (as in its source), also passed to it explicitly through AZURITE_ACCOUNTS.
    private const string AzuriteAccount = "devstoreaccount1";
    private const string AzuriteKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private const string AzuriteConnection =
        "DefaultEndpointsProtocol=http;AccountName=" + AzuriteAccount + ";AccountKey=" + AzuriteKey + ";" +
        "BlobEndpoint=http://127.0.0.1:{0}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{1}/devstoreaccount1;TableEndpoint=http://127.0.0.1:{2}/devstoreaccount1;";

    private const string IntegrationId = "local-casino";
    private const string GamityKey = "sandbox-key";
    private const string AdminKey = "bench-admin-key";
    private const string NeverSchedule = "0 0 0 1 1 *";
    private const int MaxAttempts = 8;
    private const double MaxOtherCpuShare = 0.25;

    public static async Task<int> RunAsync(string[] args)
    {
        SyncBenchOptions options;
        try
        {
            options = SyncBenchOptions.Parse(args);
        }
        catch (ArgumentException exception)
        {
            await Console.Error.WriteLineAsync(exception.Message);
            return 64;
        }

        var children = new List<ChildProcess>();
        void KillAll()
        {
            lock (children)
            {
                foreach (var child in children)
                {
                    child.Kill();
                }
            }
        }

        // Ctrl+C or SIGTERM: stop the children before this process goes.
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, _ => KillAll());
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, _ => KillAll());
        AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAll();
        try
        {
            return await RunAsync(options, child =>
            {
                lock (children)
                {
                    children.Add(child);
                }

                return child;
            });
        }
        catch (Exception exception) when (exception is InvalidOperationException or TimeoutException or HttpRequestException or FileNotFoundException)
        {
            await Console.Error.WriteLineAsync("sync benchmark failed: " + exception.Message);
            return 1;
        }
        finally
        {
            lock (children)
            {
                foreach (var child in children)
                {
                    child.Dispose();
                }
            }
        }
    }

    private static async Task<int> RunAsync(SyncBenchOptions options, Func<ChildProcess, ChildProcess> track)
    {
        var repo = RepoRoot();
        var appDir = options.AppDirectory is { } custom ? Path.GetFullPath(custom) : Path.Combine(repo, "src", "Gamity.Standalone", "bin", options.Configuration, "net10.0");
        var sandboxDir = Path.Combine(repo, "src", "Gamity.Sandbox", "bin", options.Configuration, "net10.0");
        var azuriteScript = Path.Combine(repo, "node_modules", "azurite", "dist", "src", "azurite.js");
        var appAssembly = BenchStack.AppAssembly(appDir);
        foreach (var required in new[] { Path.Combine(sandboxDir, "Gamity.Sandbox.dll"), azuriteScript })
        {
            if (!File.Exists(required))
            {
                throw new FileNotFoundException($"{required} is missing: build with 'dotnet build Gamity.Functions.sln -c {options.Configuration}' (and 'npm ci' for Azurite).");
            }
        }

        if (options.WaitIdle)
        {
            await MachineLoad.WaitUntilNoTestRunAsync(Console.Out);
        }

        var log = Console.Out;
        log.WriteLine($"# machine: {MachineLoad.Machine()}; {MachineLoad.LoadAverage()}");

        // 1. Azurite on its own ports.
        var (blobPort, queuePort, tablePort) = (ChildProcess.FreePort(), ChildProcess.FreePort(), ChildProcess.FreePort());
        var azurite = track(ChildProcess.Start("Azurite", "node",
            [azuriteScript, "--inMemoryPersistence", "--skipApiVersionCheck", "--loose", "--silent", "--disableTelemetry",
             "--blobHost", "127.0.0.1", "--blobPort", Invariant(blobPort),
             "--queueHost", "127.0.0.1", "--queuePort", Invariant(queuePort),
             "--tableHost", "127.0.0.1", "--tablePort", Invariant(tablePort)],
            repo, new Dictionary<string, string> { ["AZURITE_ACCOUNTS"] = $"{AzuriteAccount}:{AzuriteKey}" }));
        foreach (var port in new[] { blobPort, queuePort, tablePort })
        {
            await azurite.WaitUntilAsync(() => ChildProcess.AcceptsAsync(port), TimeSpan.FromSeconds(60), $"listening on {port}");
        }

        // 2. The sandbox (fake Gamity + casino catalog) and 3. the app, from the build outputs.
        var sandboxUrl = $"http://127.0.0.1:{ChildProcess.FreePort()}";
        var appUrl = $"http://127.0.0.1:{ChildProcess.FreePort()}";
        var sandbox = track(ChildProcess.Start("sandbox", "dotnet", [Path.Combine(sandboxDir, "Gamity.Sandbox.dll"), "--urls", sandboxUrl], sandboxDir,
            new Dictionary<string, string>()));
        var app = track(ChildProcess.Start("app", "dotnet", [appAssembly, "--urls", appUrl], appDir,
            AppEnvironment(string.Format(CultureInfo.InvariantCulture, AzuriteConnection, blobPort, queuePort, tablePort), sandboxUrl)
                .Concat(options.AppEnvironment).ToDictionary()));

        using var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(10) }) { Timeout = TimeSpan.FromMinutes(10) };
        await sandbox.WaitUntilAsync(() => AnswersAsync(http, sandboxUrl + "/operators"), TimeSpan.FromSeconds(60), "answering GET /operators");
        await app.WaitUntilAsync(() => AnswersAsync(http, appUrl + "/"), TimeSpan.FromSeconds(60), "answering GET /");
        var rssAtStart = app.StatusBytes("VmRSS") ?? -1;
        log.WriteLine($"# app: {appDir}");
        log.WriteLine($"# pids: azurite {azurite.Id}, sandbox {sandbox.Id}, app {app.Id}; app GC: {GcMode(appDir, options.AppEnvironment)}" +
                      (options.AppEnvironment.Count > 0 ? $"; extra app environment: {string.Join(' ', options.AppEnvironment.Select(p => $"{p.Key}={p.Value}"))}" : ""));

        // 4. The catalog: operators × brands, games × brands-per-game, deterministic.
        var generate = JsonSerializer.Serialize(new Dictionary<string, int>
        {
            ["operators"] = options.Operators, ["brands"] = options.Brands, ["games"] = options.Games, ["brandsPerGame"] = options.BrandsPerGame, ["seed"] = 1,
        });
        var generated = Stopwatch.StartNew();
        using (var response = await http.PostAsync(sandboxUrl + "/sandbox/casino/generate", new StringContent(generate, Encoding.UTF8, "application/json")))
        {
            await EnsureAsync(response, "POST /sandbox/casino/generate", sandbox);
        }

        log.WriteLine($"# catalog generated in {generated.ElapsedMilliseconds} ms: {options.Operators} operators, {options.Brands} brands, {options.Games} games × {options.BrandsPerGame} brands");

        var operatorsRun = await TriggerAsync(http, appUrl, "operators-and-brands", app);
        log.WriteLine($"# operators-and-brands sync: {operatorsRun.Outcome} in {operatorsRun.DurationMs:F0} ms");

        if (options.WaitIdle)
        {
            await MachineLoad.WaitUntilNoTestRunAsync(log);
        }

        // 5. Interleaved: app sync, then the raw copy, so both see the same load. An iteration during which a
        // test run started is thrown away and taken again (up to MaxAttempts times).
        var driver = Process.GetCurrentProcess();
        TimeSpan OwnCpu()
        {
            driver.Refresh();
            return driver.TotalProcessorTime + app.CpuTime() + sandbox.CpuTime() + azurite.CpuTime();
        }

        async Task<Row> IterationAsync(int index, bool warmup)
        {
            var load = MachineLoad.LoadAverage();
            var machineBusy = MachineLoad.MachineBusyTime();
            var ownCpu = OwnCpu();
            var iteration = Stopwatch.StartNew();
            var appCpu = app.CpuTime();
            var sandboxCpu = sandbox.CpuTime();
            using var sampling = new CancellationTokenSource();
            var peakDuring = SamplePeakRssAsync(app, sampling.Token);
            var wall = Stopwatch.StartNew();
            var run = await TriggerAsync(http, appUrl, "games", app);
            wall.Stop();
            await sampling.CancelAsync();
            var peak = await peakDuring;
            var appCpuUsed = app.CpuTime() - appCpu;
            var sandboxCpuUsedBySync = sandbox.CpuTime() - sandboxCpu;
            if (run.Outcome != "Succeeded" || run.Games != options.Games)
            {
                throw new InvalidOperationException($"games sync {index}: outcome {run.Outcome}, {run.Games} games. App output:\n{app.Output}");
            }

            sandboxCpu = sandbox.CpuTime();
            var raw = await RawCopyAsync(http, sandboxUrl, sandbox);
            var sandboxCpuUsedByRaw = sandbox.CpuTime() - sandboxCpu;
            var otherCpu = (MachineLoad.MachineBusyTime() - machineBusy) - (OwnCpu() - ownCpu);
            var otherShare = Math.Max(0, otherCpu.TotalSeconds) / iteration.Elapsed.TotalSeconds;
            return new Row(index, warmup, wall.Elapsed.TotalMilliseconds, run.DurationMs, appCpuUsed.TotalSeconds, sandboxCpuUsedBySync.TotalSeconds, peak,
                raw.GetMs, raw.PostMs, raw.GetMs + raw.PostMs, raw.Bytes, sandboxCpuUsedByRaw.TotalSeconds, run.ContentHash, load, otherShare, Polluted: false);
        }

        var rows = new List<Row>();
        var discarded = 0;
        for (var i = 0; i < options.Warmups + options.Runs; i++)
        {
            var warmup = i < options.Warmups;
            for (var attempt = 1; ; attempt++)
            {
                if (options.WaitIdle)
                {
                    await MachineLoad.WaitUntilNoTestRunAsync(log);
                }

                using var watch = options.WaitIdle ? MachineLoad.WatchForTestRun() : null;
                var row = await IterationAsync(i, warmup);
                // Polluted: a test run started, or processes outside the benchmark used more than a quarter of a core.
                var polluted = watch?.SawTestRun == true || (options.WaitIdle && row.OtherCpuShare > MaxOtherCpuShare);
                if (polluted && attempt < MaxAttempts)
                {
                    discarded++;
                    log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"# iteration {i} discarded (a test run started meanwhile, or other processes used {row.OtherCpuShare:P0} of a core; app {row.WallMs:F0} ms, raw copy {row.RawTotalMs:F0} ms)"));
                    continue;
                }

                rows.Add(row with { Polluted = polluted });
                log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"# {(warmup ? "warm-up" : "run")} {i}: app {row.WallMs:F0} ms (durationMs {row.AppDurationMs:F0}), raw copy {row.RawTotalMs:F0} ms; {row.Load}{(polluted ? " (polluted; kept after " + MaxAttempts + " attempts)" : "")}"));
                break;
            }
        }

        // 6. Memory: the peak since start, the resident set now, and after an idle spell.
        var hwm = app.StatusBytes("VmHWM") ?? -1;
        var rssAfterRuns = app.StatusBytes("VmRSS") ?? -1;
        log.WriteLine($"# idling {options.IdleSeconds} s with no requests…");
        await Task.Delay(TimeSpan.FromSeconds(options.IdleSeconds));
        var rssAfterIdle = app.StatusBytes("VmRSS") ?? -1;
        var sandboxHwm = sandbox.StatusBytes("VmHWM") ?? -1;

        // 7. Bytes pushed: re-serialize the catalog exactly as the app does and check the hash matches the run's.
        var pushed = await BytesPushedAsync(http, sandboxUrl);
        var lastHash = rows[^1].ContentHash;
        var loadEnd = MachineLoad.LoadAverage();

        Print(options, appDir, rows, discarded, rssAtStart, hwm, rssAfterRuns, rssAfterIdle, sandboxHwm, pushed, lastHash, loadEnd);
        return 0;
    }

    private static void Print(SyncBenchOptions options, string appDir, List<Row> rows, int discarded, long rssAtStart, long hwm, long rssAfterRuns, long rssAfterIdle, long sandboxHwm,
        (long Bytes, string Sha256) pushed, string? appHash, string loadEnd)
    {
        var o = Console.Out;
        o.WriteLine();
        o.WriteLine($"## sync — {options.Games:N0} games × {options.BrandsPerGame} brands ({options.Brands} brands, {options.Operators} operators); " +
                    $"{options.Warmups} warm-up + {options.Runs} measured, interleaved with the raw copy");
        o.WriteLine($"machine: {MachineLoad.Machine()}");
        o.WriteLine($"app: {appDir} (GC: {GcMode(appDir, options.AppEnvironment)})");
        if (options.AppEnvironment.Count > 0)
        {
            o.WriteLine($"extra app environment: {string.Join(' ', options.AppEnvironment.Select(p => $"{p.Key}={p.Value}"))}");
        }

        o.WriteLine();
        o.WriteLine("| # | | app sync wall ms | app durationMs | app CPU s | sandbox CPU s (sync) | app max VmRSS during sync MB | raw GET ms | raw POST ms | raw total ms | sandbox CPU s (raw) | other processes' CPU (cores) | load (1, 5, 15 min) |");
        o.WriteLine("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var r in rows)
        {
            o.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Index} | {(r.Warmup ? "warm-up" : "measured")} | {r.WallMs:F0} | {r.AppDurationMs:F0} | {r.AppCpuSeconds:F2} | {r.SandboxCpuSecondsSync:F2} | {Mb(r.PeakRssDuring)} | {r.RawGetMs:F0} | {r.RawPostMs:F0} | {r.RawTotalMs:F0} | {r.SandboxCpuSecondsRaw:F2} | {r.OtherCpuShare:F2} | {r.Load.Replace("load average: ", "", StringComparison.Ordinal)}{(r.Polluted ? " (polluted; kept after " + MaxAttempts + " attempts)" : "")} |"));
        }

        var measured = rows.Where(r => !r.Warmup).ToList();
        var wall = Stats.Of(measured.Select(r => r.WallMs).ToList());
        var duration = Stats.Of(measured.Select(r => r.AppDurationMs).ToList());
        var raw = Stats.Of(measured.Select(r => r.RawTotalMs).ToList());
        o.WriteLine();
        o.WriteLine($"measured runs (n = {measured.Count}; {discarded} iteration(s) discarded and re-taken because a test run started during them or other processes used > {MaxOtherCpuShare:F2} of a core):");
        o.WriteLine();
        o.WriteLine("| metric | mean | sd | min | max |");
        o.WriteLine("|---|---:|---:|---:|---:|");
        o.WriteLine(wall.Row("app games sync, wall ms (client stopwatch)"));
        o.WriteLine(duration.Row("app games sync, durationMs (run record)"));
        o.WriteLine(Stats.Of(measured.Select(r => r.AppCpuSeconds).ToList()).Row("app CPU s per sync", "F2"));
        o.WriteLine(Stats.Of(measured.Select(r => r.SandboxCpuSecondsSync).ToList()).Row("sandbox CPU s per app sync", "F2"));
        o.WriteLine(raw.Row("baseline: raw copy GET+POST, wall ms"));
        o.WriteLine(Stats.Of(measured.Select(r => r.RawGetMs).ToList()).Row("baseline: raw GET /games ms"));
        o.WriteLine(Stats.Of(measured.Select(r => r.RawPostMs).ToList()).Row("baseline: raw POST sync-games ms"));
        o.WriteLine(Stats.Of(measured.Select(r => r.SandboxCpuSecondsRaw).ToList()).Row("baseline: sandbox CPU s per raw copy", "F2"));
        o.WriteLine(Stats.Of(measured.Select(r => r.WallMs / r.RawTotalMs).ToList()).Row("app wall / raw copy (same iteration)", "F2"));
        o.WriteLine();
        o.WriteLine("| memory and bytes | value |");
        o.WriteLine("|---|---:|");
        o.WriteLine($"| app resident once started, before any sync (VmRSS) | {Mb(rssAtStart)} MB |");
        o.WriteLine($"| app peak resident (VmHWM, whole life) | {Mb(hwm)} MB |");
        o.WriteLine($"| app resident right after the runs (VmRSS) | {Mb(rssAfterRuns)} MB |");
        o.WriteLine($"| app resident after {options.IdleSeconds} s idle (VmRSS) | {Mb(rssAfterIdle)} MB |");
        o.WriteLine($"| sandbox peak resident (VmHWM) | {Mb(sandboxHwm)} MB |");
        o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| bytes pushed by the app per sync (body) | {pushed.Bytes:N0} ({(pushed.Sha256 == appHash ? "SHA-256 matches the run's contentHash" : $"hash MISMATCH: run {appHash}, re-serialized {pushed.Sha256}")}) |"));
        o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| bytes of the raw copy (GET /games body, POSTed as is) | {measured.LastOrDefault()?.RawBytes ?? rows[^1].RawBytes:N0} |"));
        o.WriteLine($"| load at the end | {loadEnd} |");
        o.WriteLine();
        var syncMet = wall.Max < TargetSyncSeconds * 1000;
        var memoryMet = hwm >= 0 && hwm < TargetPeakBytes;
        o.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"target sync < {TargetSyncSeconds:F0} s: mean {wall.Mean / 1000:F2} s, max {wall.Max / 1000:F2} s → {(syncMet ? "MET" : "NOT MET")}"));
        o.WriteLine($"target app peak memory < {TargetPeakBytes / 1024 / 1024} MB: VmHWM {Mb(hwm)} MB → {(memoryMet ? "MET" : "NOT MET")}");
    }

    private static async Task<RunRecord> TriggerAsync(HttpClient http, string appUrl, string kind, ChildProcess app)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{appUrl}/api/admin/catalog/sync/{kind}");
        request.Headers.Add("X-API-Key", AdminKey);
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"POST /api/admin/catalog/sync/{kind} answered {(int)response.StatusCode}: {body}\nApp output:\n{app.Output}");
        }

        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        return new RunRecord(
            root.GetProperty("outcome").ToString(),
            root.GetProperty("durationMs").GetDouble(),
            root.TryGetProperty("games", out var games) ? games.GetInt32() : 0,
            root.TryGetProperty("contentHash", out var hash) ? hash.GetString() : null);
    }

    /// <summary>The floor: the catalog's bytes from <c>GET /games</c> posted as they are to <c>sync-games</c>.</summary>
    private static async Task<(double GetMs, double PostMs, long Bytes)> RawCopyAsync(HttpClient http, string sandboxUrl, ChildProcess sandbox)
    {
        var stopwatch = Stopwatch.StartNew();
        var bytes = await http.GetByteArrayAsync(sandboxUrl + "/games");
        var getMs = stopwatch.Elapsed.TotalMilliseconds;
        using var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{sandboxUrl}/external/{IntegrationId}/sync-games") { Content = content };
        request.Headers.Add("X-API-Key", GamityKey);
        using var response = await http.SendAsync(request);
        await EnsureAsync(response, "raw POST sync-games", sandbox);
        var totalMs = stopwatch.Elapsed.TotalMilliseconds;
        return (getMs, totalMs - getMs, bytes.LongLength);
    }

    /// <summary>What the app sends: the source's games, deserialized and serialized with the app's own JSON contract.</summary>
    private static async Task<(long Bytes, string Sha256)> BytesPushedAsync(HttpClient http, string sandboxUrl)
    {
        var source = await http.GetByteArrayAsync(sandboxUrl + "/games");
        var games = JsonSerializer.Deserialize(source, CatalogJsonContext.Default.ListCatalogGame)
            ?? throw new InvalidOperationException("GET /games returned null");
        var body = JsonSerializer.SerializeToUtf8Bytes(games, CatalogJsonContext.Default.ListCatalogGame);
        return (body.LongLength, Convert.ToHexStringLower(SHA256.HashData(body)));
    }

    private static async Task<long> SamplePeakRssAsync(ChildProcess process, CancellationToken cancellationToken)
    {
        long peak = 0;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                peak = Math.Max(peak, process.StatusBytes("VmRSS") ?? 0);
                await Task.Delay(20, cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
        }

        return Math.Max(peak, process.StatusBytes("VmRSS") ?? 0);
    }

    /// <summary>The app's settings: storage, Gamity and catalog on the sandbox, the admin key, and every timer set to never fire.</summary>
    private static Dictionary<string, string> AppEnvironment(string storage, string sandboxUrl)
    {
        var environment = new Dictionary<string, string>
        {
            ["AzureWebJobsStorage"] = storage,
            ["Gamity__BaseUrl"] = sandboxUrl,
            ["Gamity__IntegrationId"] = IntegrationId,
            ["Gamity__ApiKey"] = GamityKey,
            ["Catalog__Source"] = "Http",
            ["Catalog__BaseUrl"] = sandboxUrl,
            ["Admin__ApiKey"] = AdminKey,

            // Required by the round/wallet side of the app, unused by the catalog sync.
            ["Wallet__BaseUrl"] = sandboxUrl + "/wallet",
            ["Wallet__ApiKey"] = "wallet-key",
            ["Inbound__ApiKeys__0"] = "bench-inbound-key-0001",
            ["PlayerTokens__SigningKey"] = "YmVuY2gtb25seS1wbGF5ZXItdG9rZW4ta2V5LTAwMDE=", // base64("bench-only-player-token-key-0001")
        };

        // Every schedule the app has (every ScheduledJob the product declares, so a new timer cannot fire in the middle of a run).
        var jobs = typeof(ScheduledJob).Assembly.GetTypes()
            .SelectMany(t => t.GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static))
            .Where(f => f.FieldType == typeof(ScheduledJob))
            .Select(f => (ScheduledJob)f.GetValue(null)!);
        foreach (var job in jobs)
        {
            environment[$"{Schedule.Section}__{job.Name}"] = NeverSchedule;
        }

        return environment;
    }

    private static async Task<bool> AnswersAsync(HttpClient http, string url)
    {
        using var response = await http.GetAsync(url);
        return response.IsSuccessStatusCode;
    }

    private static async Task EnsureAsync(HttpResponseMessage response, string what, ChildProcess process)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{what} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}\n{process.Name} output:\n{process.Output}");
        }
    }

    private static string GcMode(string appDir, IReadOnlyList<KeyValuePair<string, string>> environment)
    {
        var overridden = environment.LastOrDefault(p => p.Key.Equals("DOTNET_gcServer", StringComparison.OrdinalIgnoreCase));
        if (overridden.Key is not null)
        {
            return (overridden.Value == "1" ? "server" : "workstation") + " (DOTNET_gcServer)";
        }

        // The app's own runtimeconfig (Gamity.Standalone or, before the rebuild, Gamity.Functions); a library has none.
        var config = Path.ChangeExtension(BenchStack.AppAssembly(appDir), ".runtimeconfig.json");
        if (!File.Exists(config))
        {
            return "unknown";
        }

        using var json = JsonDocument.Parse(File.ReadAllText(config));
        return json.RootElement.GetProperty("runtimeOptions").TryGetProperty("configProperties", out var properties)
               && properties.TryGetProperty("System.GC.Server", out var server) && server.GetBoolean()
            ? "server (runtimeconfig)"
            : "workstation (runtimeconfig)";
    }

    private static string RepoRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Gamity.Functions.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new FileNotFoundException("Gamity.Functions.sln not found above " + AppContext.BaseDirectory);
    }

    private static string Mb(long bytes) => bytes < 0 ? "?" : (bytes / 1024.0 / 1024.0).ToString("F0", CultureInfo.InvariantCulture);

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);

    private sealed record RunRecord(string Outcome, double DurationMs, int Games, string? ContentHash);

    private sealed record Row(
        int Index, bool Warmup, double WallMs, double AppDurationMs, double AppCpuSeconds, double SandboxCpuSecondsSync, long PeakRssDuring,
        double RawGetMs, double RawPostMs, double RawTotalMs, long RawBytes, double SandboxCpuSecondsRaw, string? ContentHash, string Load, double OtherCpuShare, bool Polluted);
}

public sealed record SyncBenchOptions(
    int Runs, int Warmups, int Games, int Brands, int BrandsPerGame, int Operators, int IdleSeconds, string Configuration, bool WaitIdle,
    IReadOnlyList<KeyValuePair<string, string>> AppEnvironment, string? AppDirectory)
{
    public static SyncBenchOptions Parse(string[] args)
    {
        var options = new SyncBenchOptions(5, 1, 50_000, 500, 20, 10, 15, "Release", true, [], null);
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            int Number() => int.TryParse(Next(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : throw new ArgumentException($"{args[i]} needs a non-negative number");
            options = args[i] switch
            {
                "--runs" => options with { Runs = Math.Max(1, Number()) },
                "--warmups" => options with { Warmups = Number() },
                "--games" => options with { Games = Number() },
                "--brands" => options with { Brands = Number() },
                "--brands-per-game" => options with { BrandsPerGame = Number() },
                "--operators" => options with { Operators = Number() },
                "--idle-seconds" => options with { IdleSeconds = Number() },
                "--configuration" or "-c" => options with { Configuration = Next() },
                "--no-wait-idle" => options with { WaitIdle = false },
                "--app-dir" => options with { AppDirectory = Next() },
                "--app-env" => options with { AppEnvironment = [.. options.AppEnvironment, Setting(Next())] },
                _ => throw new ArgumentException($"unknown option {args[i]}"),
            };
        }

        return options;
    }

    private static KeyValuePair<string, string> Setting(string value) =>
        value.Split('=', 2) is [{ Length: > 0 } key, var setting]
            ? new(key, setting)
            : throw new ArgumentException($"--app-env needs KEY=VALUE (got '{value}')");
}
