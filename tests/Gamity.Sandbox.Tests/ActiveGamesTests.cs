using System.Net;
using System.Net.Http.Json;
using Gamity.Sandbox.Casino;
using Gamity.Sandbox.Shared;

namespace Gamity.Sandbox.Tests;

public class ActiveGamesTests
{
    [Fact]
    public async Task Demo_active_games_are_served_at_start()
    {
        await using var sandbox = await SandboxHost.StartAsync();

        var activeGames = await ActiveGamesAsync(sandbox);

        Assert.Equal(3, activeGames.Count);
        Assert.Equal(DemoCatalog.ActiveGames.Select(game => game.GameId), activeGames.Select(game => game.GameId));
    }

    [Fact]
    public async Task Set_list_is_what_gamity_answers()
    {
        await using var sandbox = await SandboxHost.StartAsync(seedDemoData: false);
        Assert.Empty(await ActiveGamesAsync(sandbox));

        var put = await sandbox.Client.PutAsJsonAsync(
            "/sandbox/gamity/active-games",
            new[] { new ActiveGame("PNG_GUNSLINGER_RELOADED", ["brand1", "brand2"]), new ActiveGame("EVO_ANDAR_BAHAR_1", null) },
            TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NoContent, put.StatusCode);
        var activeGames = await ActiveGamesAsync(sandbox);
        Assert.Equal(["PNG_GUNSLINGER_RELOADED", "EVO_ANDAR_BAHAR_1"], activeGames.Select(game => game.GameId));
        Assert.Equal(["brand1", "brand2"], activeGames[0].BrandIds!);
        Assert.Empty(activeGames[1].BrandIds!);
    }

    [Fact]
    public async Task Entry_without_game_id_is_400()
    {
        await using var sandbox = await SandboxHost.StartAsync();

        var put = await sandbox.Client.PutAsync(
            "/sandbox/gamity/active-games",
            new StringContent("""[{"brandIds":["b1"]}]""", System.Text.Encoding.UTF8, "application/json"),
            TestContext.Current.CancellationToken);

        Assert.Contains("[0].gameId is required.", await HttpAssert.ProblemAsync(put, HttpStatusCode.BadRequest));
    }

    private static async Task<List<ActiveGame>> ActiveGamesAsync(SandboxHost sandbox) =>
        await HttpAssert.OkJsonAsync<List<ActiveGame>>(await sandbox.SendExternalAsync(HttpMethod.Get, "active-games"));
}
