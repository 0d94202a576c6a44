using System.Net.Http.Json;
using System.Text;
using Gamity.Sandbox.Shared;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gamity.Sandbox.Tests;

/// <summary>One sandbox on a free loopback port, with an HttpClient pointed at it.</summary>
public sealed class SandboxHost : IAsyncDisposable
{
    public const string ApiKey = "test-key";
    public const string IntegrationId = "test-casino";
    public const string WalletKey = "test-wallet-key";

    private readonly WebApplication app;

    private SandboxHost(WebApplication app, Uri baseAddress)
    {
        this.app = app;
        Client = new HttpClient { BaseAddress = baseAddress };
    }

    public HttpClient Client { get; }

    /// <param name="settings">More command-line settings, e.g. <c>--Sandbox:Wallet:AutoCreatePlayers=false</c>.</param>
    public static async Task<SandboxHost> StartAsync(bool seedDemoData = true, params string[] settings)
    {
        var app = SandboxApp.Build(
            [
                "--urls", "http://127.0.0.1:0",
                $"--Sandbox:IntegrationId={IntegrationId}",
                $"--Sandbox:ApiKey={ApiKey}",
                $"--Sandbox:SeedDemoData={seedDemoData}",
                $"--Sandbox:Wallet:ApiKey={WalletKey}",
                .. settings,
            ],
            builder =>
            {
                builder.Logging.ClearProviders();
                builder.Services.AddSingleton(new SandboxConsole(TextWriter.Null));
            });
        await app.StartAsync(TestContext.Current.CancellationToken);
        return new SandboxHost(app, new Uri(app.Urls.Single()));
    }

    /// <summary>A request to the fake Gamity with the right key, unless told otherwise.</summary>
    public Task<HttpResponseMessage> SendExternalAsync(
        HttpMethod method, string endpoint, HttpContent? content = null, string? apiKey = ApiKey, string integrationId = IntegrationId)
    {
        var request = new HttpRequestMessage(method, $"/external/{integrationId}/{endpoint}") { Content = content };
        if (apiKey is not null)
        {
            request.Headers.Add("X-API-Key", apiKey);
        }

        return Client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    /// <summary>A call of Gamity's Game Round API (<c>batch</c> or <c>single</c>) with the right key, unless told otherwise.</summary>
    public Task<HttpResponseMessage> SendRoundsAsync(
        string endpoint, HttpContent content, string? apiKey = ApiKey, string integrationId = IntegrationId, HttpClient? client = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/gamerounds/{integrationId}/{endpoint}") { Content = content };
        if (apiKey is not null)
        {
            request.Headers.Add("X-API-Key", apiKey);
        }

        return (client ?? Client).SendAsync(request, TestContext.Current.CancellationToken);
    }

    /// <summary>A call of the fake casino wallet (<c>/wallet/{endpoint}</c>) with the right key, unless told otherwise.</summary>
    public Task<HttpResponseMessage> SendWalletAsync(string endpoint, object body, string? apiKey = WalletKey, HttpClient? client = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/wallet/{endpoint}") { Content = JsonContent.Create(body) };
        if (apiKey is not null)
        {
            request.Headers.Add("X-API-Key", apiKey);
        }

        return (client ?? Client).SendAsync(request, TestContext.Current.CancellationToken);
    }

    /// <summary><c>GET /wallet/transactions/{idempotencyKey}</c> with the right key, unless told otherwise.</summary>
    public Task<HttpResponseMessage> GetWalletTransactionAsync(string idempotencyKey, string? apiKey = WalletKey)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"/wallet/transactions/{Uri.EscapeDataString(idempotencyKey)}");
        if (apiKey is not null)
        {
            request.Headers.Add("X-API-Key", apiKey);
        }

        return Client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    public Task<HttpResponseMessage> SendBatchAsync(IEnumerable<GameRound> rounds) =>
        SendRoundsAsync("batch", JsonContent.Create(rounds));

    public Task<HttpResponseMessage> SendSingleAsync(GameRound round) =>
        SendRoundsAsync("single", JsonContent.Create(round));

    public Task<HttpResponseMessage> SendRawRoundsAsync(string endpoint, string json) =>
        SendRoundsAsync(endpoint, new StringContent(json, Encoding.UTF8, "application/json"));

    public Task<HttpResponseMessage> SyncGamesAsync(IEnumerable<SyncGame> games) =>
        SendExternalAsync(HttpMethod.Post, "sync-games", JsonContent.Create(games));

    public Task<HttpResponseMessage> SyncOperatorsAsync(IEnumerable<SyncOperator> operators) =>
        SendExternalAsync(HttpMethod.Post, "sync-operators-and-brands", JsonContent.Create(operators));

    public Task<HttpResponseMessage> SyncRawAsync(string endpoint, string json) =>
        SendExternalAsync(HttpMethod.Post, endpoint, new StringContent(json, Encoding.UTF8, "application/json"));

    public async Task<T> GetJsonAsync<T>(string path)
    {
        var value = await Client.GetFromJsonAsync<T>(path, TestContext.Current.CancellationToken);
        return value ?? throw new InvalidOperationException($"GET {path} answered null.");
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await app.StopAsync(CancellationToken.None);
        await app.DisposeAsync();
    }
}
