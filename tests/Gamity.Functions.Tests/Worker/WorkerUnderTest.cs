using Gamity.Functions.HostEmulator;
using Gamity.Testing;
using Microsoft.AspNetCore.Builder;

namespace Gamity.Functions.Tests.Worker;

/// <summary>The built Function App under the host emulator, on its own storage account, with the sandbox as Gamity, casino and wallet.</summary>
public sealed class WorkerUnderTest : IAsyncDisposable
{
    public const string RoundsKey = "worker-rounds-key";

    /// <summary>
    /// The worker tests run one after another: each starts a worker process and a Durable sidecar, and running them
    /// side by side only adds load to the timing-sensitive end-to-end tests the other assemblies run meanwhile.
    /// </summary>
    public const string Collection = "Worker processes";

    private readonly WebApplication? ownSandbox;

    private WorkerUnderTest(FunctionsHostEmulator host, string storage, Uri sandbox, WebApplication? ownSandbox)
    {
        Host = host;
        Storage = storage;
        Sandbox = new HttpClient { BaseAddress = sandbox };
        this.ownSandbox = ownSandbox;
    }

    public FunctionsHostEmulator Host { get; }

    public string Storage { get; }

    public HttpClient Sandbox { get; }

    /// <summary>The settings the tests' standalone stack runs with (<see cref="TestSettings.Minimal"/>), as the host's environment.</summary>
    public static Dictionary<string, string?> Settings(string storage, string sandboxUrl)
    {
        var settings = TestSettings.Environment(storage, sandboxUrl, sandboxUrl);
        settings["Rounds__ApiKeys__0"] = RoundsKey;
        return settings;
    }

    /// <param name="sandboxUrl">A running sandbox to share (the standalone stack's); none = one of its own.</param>
    public static async Task<WorkerUnderTest> StartAsync(Azurite azurite, Action<Dictionary<string, string?>>? configure = null, string? sandboxUrl = null)
    {
        var ownSandbox = sandboxUrl is null ? await TestSandbox.StartAsync() : null;
        var url = sandboxUrl ?? ownSandbox!.Urls.Single();
        var storage = azurite.NewAccount();
        var settings = Settings(storage, url);
        configure?.Invoke(settings);
        try
        {
            return new WorkerUnderTest(await FunctionsHostEmulator.StartAsync(FunctionAppOutput.File(), settings, Ct), storage, new Uri(url), ownSandbox);
        }
        catch
        {
            if (ownSandbox is not null)
            {
                await ownSandbox.DisposeAsync();
            }

            throw;
        }
    }

    /// <summary>Fails the test when the worker logged an error it did not expect.</summary>
    public void AssertNoWorkerErrors(params string[] expected)
    {
        var errors = Host.UnexpectedErrors(expected);
        Assert.True(errors.Count == 0, "the worker logged errors:\n" + string.Join("\n", errors.Select(e => $"{e.Level} {e.Category}: {e.Message} {e.Exception?.Message}")));
    }

    public async ValueTask DisposeAsync()
    {
        Sandbox.Dispose();
        await Host.DisposeAsync();
        if (ownSandbox is not null)
        {
            await ownSandbox.DisposeAsync();
        }
    }
}
