using System.Net;
using Gamity.Sandbox.Control;
using Gamity.Sandbox.Gamity;

namespace Gamity.Sandbox.Tests;

public class AuthTests
{
    public static TheoryData<string, string> Endpoints => new()
    {
        { "GET", "active-games" },
        { "POST", "sync-games" },
        { "POST", "sync-operators-and-brands" },
    };

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Missing_key_is_401(string method, string endpoint)
    {
        await using var sandbox = await SandboxHost.StartAsync();

        var response = await sandbox.SendExternalAsync(new HttpMethod(method), endpoint, Body(method), apiKey: null);

        await HttpAssert.ProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Wrong_key_is_401(string method, string endpoint)
    {
        await using var sandbox = await SandboxHost.StartAsync();

        var response = await sandbox.SendExternalAsync(new HttpMethod(method), endpoint, Body(method), apiKey: "not-the-key");

        await HttpAssert.ProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Unknown_integration_is_404()
    {
        await using var sandbox = await SandboxHost.StartAsync();

        var response = await sandbox.SendExternalAsync(HttpMethod.Get, "active-games", integrationId: "someone-else");

        await HttpAssert.ProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Rejected_sync_changes_nothing()
    {
        await using var sandbox = await SandboxHost.StartAsync();

        var response = await sandbox.SendExternalAsync(
            HttpMethod.Post, "sync-games", Body("POST"), apiKey: "not-the-key");

        await HttpAssert.ProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Equal(new GamesSummary(0, 0, 0), await sandbox.GetJsonAsync<GamesSummary>("/sandbox/gamity/games?summary=true"));
    }

    [Fact]
    public async Task Calls_are_counted_per_endpoint_with_the_last_status_including_rejected_ones()
    {
        await using var sandbox = await SandboxHost.StartAsync();

        await sandbox.SendExternalAsync(HttpMethod.Get, "active-games");
        await sandbox.SendExternalAsync(HttpMethod.Get, "active-games", apiKey: null);
        await sandbox.SyncGamesAsync([Catalog.Game("PNG_BOOK_OF_DEAD")]);

        var calls = await sandbox.GetJsonAsync<Dictionary<string, CallStats>>("/sandbox/gamity/calls");
        Assert.Equal(new CallStats(2, 401), calls["active-games"]);
        Assert.Equal(new CallStats(1, 200), calls["sync-games"]);
        Assert.False(calls.ContainsKey("sync-operators-and-brands"));
    }

    private static StringContent? Body(string method) =>
        method == "POST" ? new StringContent("[]", System.Text.Encoding.UTF8, "application/json") : null;
}
