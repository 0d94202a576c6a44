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

    public ChildProcess App { get; private set; } = null!;

    public ChildProcess Storage { get; private set; } = null!;

    /// <summary>The app's <c>AzureWebJobsStorage</c>: the Azurite of this stack.</summary>
    public string StorageConnectionString { get; private set; } = string.Empty;

    /// <param name="appDirectory">Another build of the app (<see cref="AppAssembly"/>); default: this repository's Release build.</param>
    public static async Task<BenchStack> StartAsync(IReadOnlyDictionary<string, string>? appSettings = null, string? appDirectory = null)
    {
        var stack = new BenchStack();
        try
        {
            await stack.StartInternalAsync(appSettings ?? new Dictionary<string, string>(), appDirectory);
            return stack;
        }
        catch
        {
            stack.Dispose();
            throw;
        }
    }

    private async Task StartInternalAsync(IReadOnlyDictionary<string, string> appSettings, string? appDirectory)
    {
        var repo = FindRepoRoot();
        var appDir = appDirectory is null ? Path.Combine(repo, "src", "Gamity.Standalone", "bin", "Release", "net10.0") : Path.GetFullPath(appDirectory);
        var appAssembly = AppAssembly(appDir);

        var sandboxDir = Path.Combine(repo, "src", "Gamity.Sandbox", "bin", "Release", "net10.0");
        var azurite = Path.Combine(repo, "node_modules", "azurite", "dist", "src", "azurite.js");
        var (blob, queue, table) = (ChildProcess.FreePort(), ChildProcess.FreePort(), ChildProcess.FreePort());
        Storage = processes.AddAndReturn(ChildProcess.Start("Azurite", "node",
            [azurite, "--inMemoryPersistence", "--skipApiVersionCheck", "--loose", "--silent", "--disableTelemetry",
             "--blobHost", "127.0.0.1", "--blobPort", Invariant(blob), "--queueHost", "127.0.0.1", "--queuePort", Invariant(queue), "--tableHost", "127.0.0.1", "--tablePort", Invariant(table)],
            repo, new Dictionary<string, string> { ["AZURITE_ACCOUNTS"] = $"devstoreaccount1:{AzuriteKey}" }));
        foreach (var port in new[] { blob, queue, table })
        {
            await Storage.WaitUntilAsync(() => ChildProcess.AcceptsAsync(port), TimeSpan.FromSeconds(60), $"listening on {port}");
        }

        SandboxUrl = $"http://127.0.0.1:{ChildProcess.FreePort()}";
        AppUrl = $"http://127.0.0.1:{ChildProcess.FreePort()}";
        var sandbox = processes.AddAndReturn(ChildProcess.Start("sandbox", "dotnet", [Path.Combine(sandboxDir, "Gamity.Sandbox.dll"), "--urls", SandboxUrl], sandboxDir, new Dictionary<string, string>()));
        StorageConnectionString = $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AzuriteKey};BlobEndpoint=http://127.0.0.1:{blob}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{queue}/devstoreaccount1;TableEndpoint=http://127.0.0.1:{table}/devstoreaccount1;";
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
            ["Logging__LogLevel__Default"] = "Warning",
        };
        foreach (var (key, value) in appSettings)
        {
            settings[key] = value;
        }

        App = processes.AddAndReturn(ChildProcess.Start("app", "dotnet", [appAssembly, "--urls", AppUrl], appDir, settings));
        using var http = new HttpClient();
        await sandbox.WaitUntilAsync(() => Answers(http, SandboxUrl + "/operators"), TimeSpan.FromSeconds(60), "answering");
        await App.WaitUntilAsync(() => Answers(http, AppUrl + "/"), TimeSpan.FromSeconds(60), "answering");
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
