using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Gamity.Integration.Catalog;
using Gamity.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Gamity.Standalone.Tests.EndToEnd;

/// <summary>App (standalone) + sandbox + Azurite, real HTTP on loopback.</summary>
public class CatalogSyncEndToEndTests(Azurite azurite)
{
    [Fact]
    public async Task Sync_pushes_exactly_the_casino_catalog()
    {
        await using var stack = await Stack.StartAsync(azurite);

        using var operators = await stack.RunSyncAsync("operators-and-brands");
        using var games = await stack.RunSyncAsync("games");

        Assert.Equal(HttpStatusCode.OK, operators.StatusCode);
        Assert.Equal(HttpStatusCode.OK, games.StatusCode);
        var casinoGames = (await stack.SandboxJsonAsync("/games")).AsArray();
        var gamityGames = (await stack.SandboxJsonAsync("/sandbox/gamity/games")).AsArray();
        Assert.Equal(casinoGames.Count, gamityGames.Count);
        foreach (var casinoGame in casinoGames)
        {
            var id = casinoGame!["gameId"]!.GetValue<string>();
            var held = gamityGames.Single(g => g!["gameId"]!.GetValue<string>() == id)!;
            Assert.True(held["enabled"]!.GetValue<bool>());
            foreach (var field in new[] { "displayName", "gameProviderDisplayName", "isEnabled", "isFreeroundSupported", "iconUrl", "enabledBrandRefs" })
            {
                Assert.True(JsonNode.DeepEquals(casinoGame[field], held[field]), $"{id}.{field}: casino {casinoGame[field]?.ToJsonString()} vs Gamity {held[field]?.ToJsonString()}");
            }
        }

        var casinoOperators = (await stack.SandboxJsonAsync("/operators")).AsArray();
        var gamityOperators = (await stack.SandboxJsonAsync("/sandbox/gamity/operators")).AsArray();
        Assert.Equal(
            casinoOperators.Select(o => (o!["ref"]!.GetValue<string>(), o["name"]!.GetValue<string>(), string.Join(',', o["brands"]!.AsArray().Select(b => b!["ref"]!.GetValue<string>())))).Order(),
            gamityOperators.Select(o => (o!["ref"]!.GetValue<string>(), o["name"]!.GetValue<string>(), string.Join(',', o["brands"]!.AsArray().Select(b => b!["ref"]!.GetValue<string>())))).Order());

        var run = (await games.Content.ReadFromJsonAsync<JsonObject>(Ct))!;
        Assert.Equal("Succeeded", run["outcome"]!.GetValue<string>());
        Assert.Equal(casinoGames.Count, run["games"]!.GetValue<int>());
        Assert.Matches("^[0-9a-f]{64}$", run["contentHash"]!.GetValue<string>());
        Assert.Equal(200, run["gamityStatus"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_game_removed_from_the_catalog_is_disabled_in_gamity_after_the_next_sync()
    {
        await using var stack = await Stack.StartAsync(azurite);
        (await stack.RunSyncAsync("games")).EnsureSuccessStatusCode();
        var games = (await stack.SandboxJsonAsync("/games")).AsArray();
        var removed = games[0]!["gameId"]!.GetValue<string>();

        await stack.PutSandboxAsync("/sandbox/casino/games", games.Skip(1).ToArray());
        using var second = await stack.RunSyncAsync("games");

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var held = (await stack.SandboxJsonAsync("/sandbox/gamity/games")).AsArray();
        Assert.False(held.Single(g => g!["gameId"]!.GetValue<string>() == removed)!["enabled"]!.GetValue<bool>());
        Assert.All(held.Where(g => g!["gameId"]!.GetValue<string>() != removed), g => Assert.True(g!["enabled"]!.GetValue<bool>()));
        Assert.Equal(1, (await second.Content.ReadFromJsonAsync<JsonObject>(Ct))!["wouldDisable"]!.GetValue<int>());
    }

    [Fact]
    public async Task An_empty_catalog_is_refused_by_the_guard_and_nothing_reaches_gamity_unless_forced()
    {
        await using var stack = await Stack.StartAsync(azurite);
        (await stack.RunSyncAsync("games")).EnsureSuccessStatusCode();
        var callsBefore = await stack.GamityCallsAsync("sync-games");

        await stack.PutSandboxAsync("/sandbox/casino/games", Array.Empty<object>());
        using var refused = await stack.RunSyncAsync("games");

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var run = (await refused.Content.ReadFromJsonAsync<JsonObject>(Ct))!;
        Assert.Equal("Refused", run["outcome"]!.GetValue<string>());
        Assert.Contains("mass-disable guard", run["errors"]![0]!.GetValue<string>());
        Assert.Equal(callsBefore, await stack.GamityCallsAsync("sync-games"));
        Assert.Equal(0, (await stack.SandboxJsonAsync("/sandbox/gamity/games?summary=true"))["disabled"]!.GetValue<int>());

        var recorded = await stack.Services.GetRequiredService<SyncRunStore>().GetRecentAsync(CatalogKind.Games, 10, Ct);
        Assert.Equal([SyncOutcome.Refused, SyncOutcome.Succeeded], recorded.Select(r => r.Outcome));

        using var forced = await stack.RunSyncAsync("games", force: true);
        Assert.Equal(HttpStatusCode.OK, forced.StatusCode);
        Assert.Equal(0, (await stack.SandboxJsonAsync("/sandbox/gamity/games?summary=true"))["enabled"]!.GetValue<int>());
    }

    [Fact]
    public async Task An_invalid_catalog_is_refused_with_every_reason_and_nothing_is_pushed()
    {
        await using var stack = await Stack.StartAsync(azurite);
        var games = (await stack.SandboxJsonAsync("/games")).AsArray().Select(g => g!.DeepClone()).ToList();
        games[1]!["gameId"] = games[0]!["gameId"]!.GetValue<string>();
        games[2]!["gameId"] = new string('x', 101);
        games[3]!["enabledBrandRefs"] = new JsonArray("no-such-brand");
        await stack.PutSandboxAsync("/sandbox/casino/games", games);

        using var response = await stack.RunSyncAsync("games");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var run = (await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!;
        var errors = run["errors"]!.AsArray().Select(e => e!.GetValue<string>()).ToList();
        Assert.Equal("Invalid", run["outcome"]!.GetValue<string>());
        Assert.Equal(3, run["errorCount"]!.GetValue<int>());
        Assert.Contains(errors, e => e.StartsWith("games[1]") && e.Contains("not unique"));
        Assert.Contains(errors, e => e.StartsWith("games[2]") && e.Contains("101 characters"));
        Assert.Contains(errors, e => e.StartsWith("games[3]") && e.Contains("unknown brand 'no-such-brand'"));
        Assert.Equal(0, await stack.GamityCallsAsync("sync-games"));
    }

    [Theory]
    [InlineData(401)]
    [InlineData(500)]
    public async Task Gamity_failures_are_recorded_and_the_app_keeps_running(int status)
    {
        await using var stack = await Stack.StartAsync(azurite, settings =>
        {
            if (status == 401)
            {
                settings["Gamity:ApiKey"] = "wrong-key";
            }
        });
        if (status == 500)
        {
            await stack.PutSandboxAsync("/sandbox/gamity/faults", new { statusCode = 500 });
        }

        using var response = await stack.RunSyncAsync("games");

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        var recorded = Assert.Single(await stack.Services.GetRequiredService<SyncRunStore>().GetRecentAsync(CatalogKind.Games, 10, Ct));
        Assert.Equal(SyncOutcome.Failed, recorded.Outcome);
        Assert.Equal(status, recorded.GamityStatus);
        Assert.Contains($"Gamity answered {status}", recorded.Errors[0]);
        // 401 is final; a 500 is retried (MaxRetries=1 in the tests) before the run fails.
        Assert.Equal(status == 401 ? 1 : 2, await stack.GamityCallsAsync("sync-games"));
        using var health = await stack.Client.GetAsync("/api/health", Ct);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);

        await stack.Sandbox.DeleteAsync("/sandbox/gamity/faults", Ct);
        if (status == 500)
        {
            Assert.Equal(HttpStatusCode.OK, (await stack.RunSyncAsync("games")).StatusCode);
        }
    }

    [Fact]
    public async Task A_catalog_source_that_is_down_is_recorded_as_failed()
    {
        await using var stack = await Stack.StartAsync(azurite, settings => settings["Catalog:BaseUrl"] = "http://127.0.0.1:9");

        using var response = await stack.RunSyncAsync("operators-and-brands");

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        var run = (await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!;
        Assert.Contains("Catalog source GET http://127.0.0.1:9/operators failed", run["errors"]![0]!.GetValue<string>());
        Assert.Equal(0, await stack.GamityCallsAsync("sync-operators-and-brands"));
    }

    [Fact]
    public async Task Timers_fire_at_start_in_standalone_mode_and_sync_everything()
    {
        await using var stack = await Stack.StartAsync(azurite, settings => settings["Standalone:RunTimersOnStartup"] = "true");
        var runs = stack.Services.GetRequiredService<SyncRunStore>();

        var deadline = DateTime.UtcNow.AddSeconds(60);
        List<SyncRun> games = [], operators = [];
        while (DateTime.UtcNow < deadline && (games.Count == 0 || operators.Count == 0))
        {
            await Task.Delay(200, Ct);
            games = await runs.GetRecentAsync(CatalogKind.Games, 5, Ct);
            operators = await runs.GetRecentAsync(CatalogKind.OperatorsAndBrands, 5, Ct);
        }

        Assert.Equal(SyncOutcome.Succeeded, Assert.Single(games).Outcome);
        Assert.Equal("timer", games[0].Trigger);
        Assert.Equal(SyncOutcome.Succeeded, Assert.Single(operators).Outcome);
        Assert.Equal((await stack.SandboxJsonAsync("/games")).AsArray().Count, (await stack.SandboxJsonAsync("/sandbox/gamity/games?summary=true"))["enabled"]!.GetValue<int>());
    }

    [Theory]
    [InlineData(null, HttpStatusCode.Unauthorized)]
    [InlineData("wrong", HttpStatusCode.Unauthorized)]
    [InlineData("admin-key", HttpStatusCode.OK)]
    public async Task Admin_commands_need_the_admin_key(string? key, HttpStatusCode expected)
    {
        await using var stack = await Stack.StartAsync(azurite);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/admin/catalog/runs/games");
        stack.Client.DefaultRequestHeaders.Remove("X-API-Key");
        if (key is not null)
        {
            request.Headers.Add("X-API-Key", key);
        }

        using var response = await stack.Client.SendAsync(request, Ct);

        Assert.Equal(expected, response.StatusCode);
        if (expected != HttpStatusCode.OK)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        }
    }

    [Fact]
    public async Task Admin_commands_are_off_without_an_admin_key_and_unknown_kinds_are_400()
    {
        await using var stack = await Stack.StartAsync(azurite, settings => settings["Admin:ApiKey"] = null);

        using var off = await stack.RunSyncAsync("games");
        Assert.Equal(HttpStatusCode.Forbidden, off.StatusCode);

        await using var enabled = await Stack.StartAsync(azurite);
        using var unknown = await enabled.RunSyncAsync("players");
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("kind", await unknown.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task The_preview_names_what_a_sync_would_add_update_and_disable_and_sends_nothing()
    {
        await using var stack = await Stack.StartAsync(azurite);
        (await stack.RunSyncAsync("games")).EnsureSuccessStatusCode();
        var games = (await stack.SandboxJsonAsync("/games")).AsArray().Select(g => g!.DeepClone().AsObject()).ToList();
        var ids = games.Select(g => g["gameId"]!.GetValue<string>()).ToList();
        var enabledIds = games.Where(g => g["isEnabled"]!.GetValue<bool>()).Select(g => g["gameId"]!.GetValue<string>()).ToList();
        var callsBefore = await stack.GamityCallsAsync("sync-games");

        // Unchanged right after a sync.
        var unchanged = await PreviewAsync(stack, "games");
        Assert.Equal(("WouldSync", true, 0, 0, 0), Summary(unchanged));

        // Rename one, drop an enabled one, add one.
        games[0]["displayName"] = "Renamed";
        var dropped = games.FindIndex(1, g => g["isEnabled"]!.GetValue<bool>());
        var added = games[dropped].DeepClone().AsObject();
        added["gameId"] = "PREVIEW_NEW_GAME";
        await stack.PutSandboxAsync("/sandbox/casino/games", games.Where((_, i) => i != dropped).Append(added).ToArray());
        var changed = await PreviewAsync(stack, "games");
        Assert.Equal(["PREVIEW_NEW_GAME"], Refs(changed, "add"));
        Assert.Equal([ids[0]], Refs(changed, "update"));
        Assert.Equal([ids[dropped]], Refs(changed, "disable"));
        Assert.Equal("WouldSync", changed["verdict"]!.GetValue<string>());

        // An empty catalog: the guard would refuse, and says why.
        await stack.PutSandboxAsync("/sandbox/casino/games", Array.Empty<object>());
        var empty = await PreviewAsync(stack, "games");
        Assert.Equal("WouldBeRefused", empty["verdict"]!.GetValue<string>());
        Assert.Equal(enabledIds.Order(), Refs(empty, "disable").Order()); // what was sent enabled; disabled games stay disabled
        Assert.Contains($"would disable {enabledIds.Count} of {enabledIds.Count}", empty["guardReason"]!.GetValue<string>(), StringComparison.Ordinal);

        Assert.Equal(callsBefore, await stack.GamityCallsAsync("sync-games"));
        Assert.Single(await stack.Services.GetRequiredService<SyncRunStore>().GetRecentAsync(CatalogKind.Games, 10, Ct)); // previews record no run
    }

    [Fact]
    public async Task The_preview_of_operators_and_brands_sees_a_brand_moved_to_another_operator_as_an_update()
    {
        await using var stack = await Stack.StartAsync(azurite);
        (await stack.RunSyncAsync("operators-and-brands")).EnsureSuccessStatusCode();
        var operators = (await stack.SandboxJsonAsync("/operators")).AsArray().Select(o => o!.DeepClone().AsObject()).ToList();
        Assert.True(operators.Count >= 2, "the demo catalog has two operators");
        var moved = operators[0]["brands"]!.AsArray()[0]!.DeepClone();
        operators[0]["brands"]!.AsArray().RemoveAt(0);
        operators[1]["brands"]!.AsArray().Add(moved);
        await stack.PutSandboxAsync("/sandbox/casino/operators", operators);

        var preview = await PreviewAsync(stack, "operators-and-brands");

        Assert.Equal(["brand:" + moved["ref"]!.GetValue<string>()], Refs(preview, "update"));
        Assert.Empty(Refs(preview, "add"));
        Assert.Empty(Refs(preview, "disable"));
        using var badKind = await stack.Client.GetAsync("/api/admin/catalog/preview/brands", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, badKind.StatusCode);
    }

    private static async Task<JsonObject> PreviewAsync(Stack stack, string kind)
    {
        using var response = await stack.Client.GetAsync($"/api/admin/catalog/preview/{kind}", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!;
    }

    private static List<string> Refs(JsonObject preview, string list) => [.. preview[list]!.AsArray().Select(r => r!.GetValue<string>())];

    private static (string, bool, int, int, int) Summary(JsonObject preview) =>
        (preview["verdict"]!.GetValue<string>(), preview["updatesKnown"]!.GetValue<bool>(), Refs(preview, "add").Count, Refs(preview, "update").Count, Refs(preview, "disable").Count);
}
