using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Gamity.Standalone;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Gamity.Testing;

/// <summary>
/// The real thing on loopback: the sandbox (Gamity + casino) and the app in standalone mode, each on its own
/// Kestrel port, talking real HTTP, with the app on its own Azurite storage account.
/// </summary>
public sealed class Stack : IAsyncDisposable
{
    private Stack(WebApplication sandbox, WebApplication app, string storage)
    {
        SandboxApp = sandbox;
        App = app;
        Storage = storage;
        Sandbox = new HttpClient { BaseAddress = new Uri(sandbox.Urls.Single()) };
        Client = new HttpClient { BaseAddress = app.ListeningAddress() };
        Client.DefaultRequestHeaders.Add("X-API-Key", TestSettings.AdminKey);
    }

    public WebApplication SandboxApp { get; }

    public WebApplication App { get; }

    public string Storage { get; }

    /// <summary>Talks to the sandbox (control and inspection endpoints).</summary>
    public HttpClient Sandbox { get; }

    /// <summary>Talks to the app, carrying the admin key.</summary>
    public HttpClient Client { get; }

    public IServiceProvider Services => App.Services;

    public static async Task<Stack> StartAsync(Azurite azurite, Action<Dictionary<string, string?>>? configure = null)
    {
        var sandbox = await TestSandbox.StartAsync();
        var sandboxUrl = sandbox.Urls.Single();

        var storage = azurite.NewAccount();
        var settings = TestSettings.Minimal(storage, sandboxUrl, sandboxUrl);
        configure?.Invoke(settings);
        var app = StandaloneApp.Build([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(settings);
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
        });
        await app.StartAsync(TestContext.Current.CancellationToken);
        return new Stack(sandbox, app, storage);
    }

    public async Task<JsonNode> SandboxJsonAsync(string path) =>
        JsonNode.Parse(await Sandbox.GetStringAsync(path, TestContext.Current.CancellationToken))!;

    public async Task<int> GamityCallsAsync(string endpoint) =>
        (await SandboxJsonAsync("/sandbox/gamity/calls"))[endpoint]?["count"]?.GetValue<int>() ?? 0;

    public async Task PutSandboxAsync(string path, object body)
    {
        using var response = await Sandbox.PutAsJsonAsync(path, body, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
    }

    public Task<HttpResponseMessage> RunSyncAsync(string kind, bool force = false) =>
        Client.PostAsync($"/api/admin/catalog/sync/{kind}{(force ? "?force=true" : string.Empty)}", null, TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        Sandbox.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        await SandboxApp.StopAsync();
        await SandboxApp.DisposeAsync();
    }
}

public static class WebApplicationAddress
{
    /// <summary>The address a started app listens on (tests bind port 0).</summary>
    public static Uri ListeningAddress(this WebApplication app) =>
        new(app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features
            .GetRequiredFeature<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>().Addresses.First());
}
