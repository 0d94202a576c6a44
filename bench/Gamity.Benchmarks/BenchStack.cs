using System.Globalization;
using Gamity.Benchmarks.Sync;

namespace Gamity.Benchmarks;

/// <summary>Azurite, the sandbox and the app (Release builds) as child processes on free loopback ports.</summary>
public sealed class BenchStack : IDisposable
{
    public const string AdminKey = "bench-admin-key";
    public const string InboundKey = "bench-gamity-inbound-key";
    public const string RoundsKey = "bench-rounds-key";
    private const string AzuriteKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private const string Never = "0 0 0 1 1 *";
    private readonly List<ChildProcess> processes = [];

    private BenchStack()
    {
    }

    public string SandboxUrl { get; private set; } = string.Empty;

    public string AppUrl { get; private set; } = string.Empty;

    /// <summary>The app process; none on a stack from <see cref="StartBackendsAsync"/>.</summary>
    public ChildProcess App { get; private set; } = null!;

    public ChildProcess Sandbox { get; private set; } = null!;

    public ChildProcess Storage { get; private set; } = null!;

    /// <summary>Azurite's table service port (the claim records, the task hub's history and instances).</summary>
    public int TablePort { get; private set; }

    /// <summary>Azurite's queue and blob ports (the task hub's control and work-item queues, its leases).</summary>
    public (int Queue, int Blob) QueueAndBlobPorts { get; private set; }

    /// <summary>The app's <c>AzureWebJobsStorage</c>: the Azurite of this stack.</summary>
    public string StorageConnectionString { get; private set; } = string.Empty;

    /// <param name="appDirectory">Another build of the app (<see cref="AppAssembly"/>); default: this repository's Release build.</param>
    public static Task<BenchStack> StartAsync(IReadOnlyDictionary<string, string>? appSettings = null, string? appDirectory = null) =>
        StartAsync(appSettings ?? new Dictionary<string, string>(), appDirectory, startApp: true);

    /// <summary>
    /// Azurite and the sandbox only, for a benchmark that builds the product's services in its own process
    /// (<c>rounds-drain</c>): give them <see cref="AppSettings"/>, the settings the app process gets.
    /// </summary>
    public static Task<BenchStack> StartBackendsAsync() => StartAsync(new Dictionary<string, string>(), null, startApp: false);

    private static async Task<BenchStack> StartAsync(IReadOnlyDictionary<string, string> appSettings, string? appDirectory, bool startApp)
    {
        var stack = new BenchStack();
        try
        {
            await stack.StartInternalAsync(appSettings, appDirectory, startApp);
            return stack;
        }
        catch
        {
            stack.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The app's settings on this stack's Azurite and sandbox, as environment variables (<c>Section__Key</c>), with
    /// <paramref name="overrides"/> on top: no timer fires, logs at Warning.
    /// </summary>
    public Dictionary<string, string> AppSettings(IReadOnlyDictionary<string, string>? overrides = null)
    {
        var settings = new Dictionary<string, string>
        {
            ["AzureWebJobsStorage"] = StorageConnectionString,
            ["Gamity__BaseUrl"] = SandboxUrl,
            ["Gamity__IntegrationId"] = "local-casino",
            ["Gamity__ApiKey"] = "sandbox-key",
            ["Catalog__BaseUrl"] = SandboxUrl,
            ["Wallet__BaseUrl"] = SandboxUrl + "/wallet",
            ["Wallet__ApiKey"] = "wallet-key",
            ["Inbound__ApiKeys__0"] = InboundKey,
            ["PlayerTokens__SigningKey"] = "YmVuY2gtb25seS1wbGF5ZXItdG9rZW4ta2V5LTAwMDE=", // base64("bench-only-player-token-key-0001")
            ["Rounds__ApiKeys__0"] = RoundsKey,
            ["Admin__ApiKey"] = AdminKey,
            ["Schedules__SyncOperatorsAndBrands"] = Never,
            ["Schedules__SyncGames"] = Never,
            ["Schedules__RefreshActiveGames"] = Never,
            ["Schedules__PurgeWalletHistory"] = Never,
            ["Schedules__SweepStalledWalletOperations"] = Never,
            ["Schedules__WriteReconciliationReport"] = Never,
            ["Logging__LogLevel__Default"] = "Warning",
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string>())
        {
            settings[key] = value;
        }

        return settings;
    }

    private async Task StartInternalAsync(IReadOnlyDictionary<string, string> appSettings, string? appDirectory, bool startApp)
    {
        var repo = FindRepoRoot();
        var appDir = appDirectory is null ? Path.Combine(repo, "src", "Gamity.Standalone", "bin", "Release", "net10.0") : Path.GetFullPath(appDirectory);
        var appAssembly = startApp ? AppAssembly(appDir) : null;

        var sandboxDir = Path.Combine(repo, "src", "Gamity.Sandbox", "bin", "Release", "net10.0");
        var azurite = Path.Combine(repo, "node_modules", "azurite", "dist", "src", "azurite.js");
        var (blob, queue, table) = (ChildProcess.FreePort(), ChildProcess.FreePort(), ChildProcess.FreePort());
        (TablePort, QueueAndBlobPorts) = (table, (queue, blob));
        Storage = processes.AddAndReturn(ChildProcess.Start("Azurite", "node",
            [azurite, "--inMemoryPersistence", "--skipApiVersionCheck", "--loose", "--silent", "--disableTelemetry",
             "--blobHost", "127.0.0.1", "--blobPort", Invariant(blob), "--queueHost", "127.0.0.1", "--queuePort", Invariant(queue), "--tableHost", "127.0.0.1", "--tablePort", Invariant(table)],
            repo, new Dictionary<string, string> { ["AZURITE_ACCOUNTS"] = $"devstoreaccount1:{AzuriteKey}" }));
        foreach (var port in new[] { blob, queue, table })
        {
            await Storage.WaitUntilAsync(() => ChildProcess.AcceptsAsync(port), TimeSpan.FromSeconds(60), $"listening on {port}");
        }

        SandboxUrl = $"http://127.0.0.1:{ChildProcess.FreePort()}";
        Sandbox = processes.AddAndReturn(ChildProcess.Start("sandbox", "dotnet", [Path.Combine(sandboxDir, "Gamity.Sandbox.dll"), "--urls", SandboxUrl], sandboxDir, new Dictionary<string, string>()));
        StorageConnectionString = $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AzuriteKey};BlobEndpoint=http://127.0.0.1:{blob}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{queue}/devstoreaccount1;TableEndpoint=http://127.0.0.1:{table}/devstoreaccount1;";
        if (appAssembly is not null)
        {
            AppUrl = $"http://127.0.0.1:{ChildProcess.FreePort()}";
            App = processes.AddAndReturn(ChildProcess.Start("app", "dotnet", [appAssembly, "--urls", AppUrl], appDir, AppSettings(appSettings)));
        }

        using var http = new HttpClient();
        await Sandbox.WaitUntilAsync(() => Answers(http, SandboxUrl + "/operators"), TimeSpan.FromSeconds(60), "answering");
        if (appAssembly is not null)
        {
            await App.WaitUntilAsync(() => Answers(http, AppUrl + "/"), TimeSpan.FromSeconds(60), "answering");
        }
    }

    /// <summary>
    /// <c>PUT /sandbox/wallet/faults</c> with <paramref name="faults"/> (JSON, e.g. <c>{"latencyMs":20}</c>), or
    /// <c>DELETE</c> (a healthy wallet) when it is null.
    /// </summary>
    public async Task SetWalletFaultsAsync(HttpClient http, string? faults)
    {
        var url = SandboxUrl + "/sandbox/wallet/faults";
        if (faults is null)
        {
            (await http.DeleteAsync(url)).EnsureSuccessStatusCode();
            return;
        }

        using var content = new StringContent(faults, System.Text.Encoding.UTF8, "application/json");
        (await http.PutAsync(url, content)).EnsureSuccessStatusCode();
    }

    public void Dispose()
    {
        foreach (var process in processes)
        {
            process.Dispose();
        }
    }

    private static async Task<bool> Answers(HttpClient http, string url)
    {
        using var response = await http.GetAsync(url);
        return response.IsSuccessStatusCode;
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// The standalone app in <paramref name="appDir"/>: <c>Gamity.Standalone.dll</c>, or <c>Gamity.Functions.dll</c> in a
    /// build from before the isolated-worker rebuild (the custom handler ran standalone when no host started it).
    /// </summary>
    public static string AppAssembly(string appDir) =>
        new[] { "Gamity.Standalone.dll", "Gamity.Functions.dll" }.Select(name => Path.Combine(appDir, name)).FirstOrDefault(File.Exists)
        ?? throw new FileNotFoundException($"no Gamity.Standalone.dll (or an older Gamity.Functions.dll) in {appDir}: build with 'dotnet build Gamity.Functions.sln -c Release'");

    public static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Gamity.Functions.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Run from inside the repository.");
    }
}

internal static class ListExtensions
{
    public static T AddAndReturn<T>(this List<T> list, T item)
    {
        list.Add(item);
        return item;
    }
}
