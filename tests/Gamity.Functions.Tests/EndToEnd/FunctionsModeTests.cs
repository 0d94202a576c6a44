using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Gamity.Functions.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Gamity.Functions.Tests.EndToEnd;

/// <summary>The built app started as the Functions host starts it: FUNCTIONS_CUSTOMHANDLER_PORT set, invoked over loopback.</summary>
public class FunctionsModeTests(Azurite azurite)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string TimerInvocation = """
        { "Data": { "timer": { "Schedule": { "AdjustForDST": true },
                               "ScheduleStatus": { "Last": "2026-11-23T03:15:00Z", "Next": "2026-11-24T03:15:00Z", "LastUpdated": "2026-11-23T03:15:00.0151923Z" },
                               "IsPastDue": false } },
          "Metadata": { "sys": { "MethodName": "SyncGames", "UtcNow": "2026-11-24T03:15:00.0151923Z", "RandGuid": "5f1c4e3a-9d1e-4f63-9a55-1d0c1f9f0b11" } } }
        """;

    [Fact]
    public async Task A_realistic_timer_invocation_on_SyncGames_performs_the_sync()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var sandboxUrl = sandbox.Urls.Single();
        var port = Azurite.FreePort();
        await using var app = AppProcess.Start(new Dictionary<string, string?>
        {
            ["FUNCTIONS_CUSTOMHANDLER_PORT"] = port.ToString(),
            ["AzureWebJobsStorage"] = azurite.NewAccount(),
            ["Gamity__BaseUrl"] = sandboxUrl,
            ["Gamity__IntegrationId"] = "local-casino",
            ["Gamity__ApiKey"] = "sandbox-key",
            ["Catalog__BaseUrl"] = sandboxUrl,
            ["Wallet__BaseUrl"] = sandboxUrl + "/wallet",
            ["Inbound__ApiKeys__0"] = TestSettings.GamityInboundKey,
            ["PlayerTokens__SigningKey"] = TestSettings.PlayerTokenSecret,
            ["Schedules__SweepWalletOperations"] = "0 * * * * *",
            ["Schedules__SyncOperatorsAndBrands"] = "0 0 3 * * *",
            ["Schedules__SyncGames"] = "0 15 3 * * *",
            ["Schedules__RefreshActiveGames"] = "0 */3 * * * *",
            ["Standalone__RunTimersOnStartup"] = "true", // must be ignored: the host owns triggers in Functions mode
        });
        var host = new Uri($"http://127.0.0.1:{port}");
        await app.WaitUntilReadyAsync(host, TimeSpan.FromSeconds(60));
        using var http = new HttpClient { BaseAddress = host };
        using var sandboxHttp = new HttpClient { BaseAddress = new Uri(sandboxUrl) };

        using var response = await http.PostAsync("/SyncGames", new StringContent(TimerInvocation, Encoding.UTF8, "application/json"), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!;
        Assert.NotNull(body["Outputs"]);
        Assert.Contains("SyncGames succeeded", body["Logs"]![0]!.GetValue<string>());
        var casinoGames = JsonNode.Parse(await sandboxHttp.GetStringAsync("/games", Ct))!.AsArray().Count;
        var held = JsonNode.Parse(await sandboxHttp.GetStringAsync("/sandbox/gamity/games?summary=true", Ct))!;
        Assert.Equal(casinoGames, held["enabled"]!.GetValue<int>());

        // The host owns the timers: nothing ran on start-up, so operators were never synced.
        var calls = JsonNode.Parse(await sandboxHttp.GetStringAsync("/sandbox/gamity/calls", Ct))!;
        Assert.Null(calls["sync-operators-and-brands"]);

        using var refresh = await http.PostAsync("/RefreshActiveGames", new StringContent(TimerInvocation, Encoding.UTF8, "application/json"), Ct);
        Assert.Equal(HttpStatusCode.OK, refresh.StatusCode);

        // Forwarded HTTP functions keep their original path.
        using var health = await http.GetAsync("/api/health", Ct);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("Functions", (await health.Content.ReadFromJsonAsync<JsonObject>(Ct))!["mode"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("""{ "Metadata": {} }""")]
    [InlineData("""{ "Data": { "timer": { "IsPastDue": "perhaps" } } }""")]
    public async Task A_malformed_invocation_gets_400_with_a_clear_message_never_a_500(string payload)
    {
        var port = Azurite.FreePort();
        await using var app = AppProcess.Start(new Dictionary<string, string?>
        {
            ["FUNCTIONS_CUSTOMHANDLER_PORT"] = port.ToString(),
            ["AzureWebJobsStorage"] = azurite.NewAccount(),
            ["Gamity__BaseUrl"] = "http://127.0.0.1:9",
            ["Gamity__IntegrationId"] = "local-casino",
            ["Gamity__ApiKey"] = "k",
            ["Catalog__BaseUrl"] = "http://127.0.0.1:9",
            ["Wallet__BaseUrl"] = "http://127.0.0.1:9",
            ["Inbound__ApiKeys__0"] = TestSettings.GamityInboundKey,
            ["PlayerTokens__SigningKey"] = TestSettings.PlayerTokenSecret,
        });
        var host = new Uri($"http://127.0.0.1:{port}");
        await app.WaitUntilReadyAsync(host, TimeSpan.FromSeconds(60));
        using var http = new HttpClient { BaseAddress = host };

        using var response = await http.PostAsync("/SyncGames", new StringContent(payload, Encoding.UTF8, "application/json"), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.Contains("\"detail\"", text);
        Assert.DoesNotContain("   at ", text);
    }

    [Fact]
    public async Task A_misconfigured_app_refuses_to_start_and_names_every_bad_setting()
    {
        await using var app = AppProcess.Start(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true",
            ["Gamity__BaseUrl"] = "not a url",
            ["Catalog__Source"] = "File",
            ["Schedules__SyncGames"] = "every day",
            ["Sync__MaxDisableFraction"] = "1.5",
        }, "--urls", $"http://127.0.0.1:{Azurite.FreePort()}");

        var exitCode = await app.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(2, exitCode);
        foreach (var setting in new[] { "Gamity__BaseUrl", "Gamity__IntegrationId", "Gamity__ApiKey", "Catalog__FilePath", "Schedules__SyncGames", "Sync__MaxDisableFraction", "Wallet__BaseUrl", "Inbound__ApiKeys__0", "PlayerTokens__SigningKey" })
        {
            Assert.Contains(setting, app.Output);
        }

        Assert.DoesNotContain("   at ", app.Output);
    }

    [Fact]
    public async Task Without_storage_configured_the_app_says_so()
    {
        await using var app = AppProcess.Start(new Dictionary<string, string?>(), "--urls", $"http://127.0.0.1:{Azurite.FreePort()}");

        Assert.Equal(2, await app.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains("AzureWebJobsStorage is not configured", app.Output);
    }
}
