using System.Net;
using Gamity.Sandbox.Gamity;
using Gamity.Sandbox.Shared;
using static Gamity.Sandbox.Tests.Catalog;

namespace Gamity.Sandbox.Tests;

public class GamesSyncTests
{
    public static TheoryData<string, string> InvalidBodies => new()
    {
        { $$"""[{"gameId":"{{new string('g', 101)}}","displayName":"G","gameProviderDisplayName":"P"}]""", "[0].gameId is longer than 100 characters." },
        { """[{"gameId":"G1","displayName":"G","gameProviderDisplayName":"P"},{"gameId":"G1","displayName":"G","gameProviderDisplayName":"P"}]""", "[1].gameId 'G1' is not unique." },
        { """[{"displayName":"G","gameProviderDisplayName":"P"}]""", "[0].gameId is required." },
        { """[{"gameId":"G1","gameProviderDisplayName":"P"}]""", "[0].displayName is required." },
        { """[{"gameId":"G1","displayName":"G","gameProviderDisplayName":" "}]""", "[0].gameProviderDisplayName is required." },
        { """[{"gameId":"G1","displayName":"G","gameProviderDisplayName":"P","enabledBrandRefs":[""]}]""", "[0].enabledBrandRefs[0] is required." },
    };

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public async Task Invalid_body_is_400_with_errors_and_changes_nothing(string body, string expectedError)
    {
        await using var sandbox = await SandboxHost.StartAsync();
        await HttpAssert.OkJsonAsync<SyncOutcome>(await sandbox.SyncGamesAsync([Game("KEPT")]));

        var response = await sandbox.SyncRawAsync("sync-games", body);

        Assert.Contains(expectedError, await HttpAssert.ProblemAsync(response, HttpStatusCode.BadRequest));
        var held = Assert.Single(await sandbox.GetJsonAsync<List<HeldGameView>>("/sandbox/gamity/games"));
        Assert.Equal("KEPT", held.GameId);
        Assert.True(held.Enabled);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{\"gameId\":\"G1\"}")]
    [InlineData("[{\"gameId\":")]
    [InlineData("null")]
    public async Task Unreadable_body_is_400(string body)
    {
        await using var sandbox = await SandboxHost.StartAsync();

        await HttpAssert.ProblemAsync(await sandbox.SyncRawAsync("sync-games", body), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Full_snapshot_merge_adds_updates_disables_and_re_enables()
    {
        await using var sandbox = await SandboxHost.StartAsync();

        Assert.Equal(new SyncOutcome(3, 0, 0, 0), await SyncAsync(sandbox, Game("G1", "b1", "b2"), Game("G2"), Game("G3")));

        // G2 renamed, G3 left out, G4 new; G1's brands reordered is not a change.
        Assert.Equal(
            new SyncOutcome(1, 1, 1, 1),
            await SyncAsync(sandbox, Game("G1", "b2", "b1"), Game("G2") with { DisplayName = "Renamed" }, Game("G4")));
        var held = await GamesAsync(sandbox);
        Assert.False(held["G3"].Enabled);
        Assert.Equal("Renamed", held["G2"].DisplayName);
        Assert.Equal(new GamesSummary(4, 3, 1), await sandbox.GetJsonAsync<GamesSummary>("/sandbox/gamity/games?summary=true"));

        // G3 comes back (re-enabled counts as updated); G1 gets another brand.
        Assert.Equal(
            new SyncOutcome(0, 2, 0, 2),
            await SyncAsync(sandbox, Game("G1", "b1", "b2", "b3"), Game("G2") with { DisplayName = "Renamed" }, Game("G3"), Game("G4")));
        held = await GamesAsync(sandbox);
        Assert.All(held.Values, game => Assert.True(game.Enabled));
        Assert.Equal(["b1", "b2", "b3"], held["G1"].EnabledBrandRefs);
    }

    [Fact]
    public async Task Empty_snapshot_disables_everything()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        await SyncAsync(sandbox, Game("G1"), Game("G2"));

        Assert.Equal(new SyncOutcome(0, 0, 2, 0), await SyncAsync(sandbox));
        Assert.Equal(new GamesSummary(2, 0, 2), await sandbox.GetJsonAsync<GamesSummary>("/sandbox/gamity/games?summary=true"));
    }

    private static async Task<SyncOutcome> SyncAsync(SandboxHost sandbox, params SyncGame[] games) =>
        await HttpAssert.OkJsonAsync<SyncOutcome>(await sandbox.SyncGamesAsync(games));

    private static async Task<Dictionary<string, HeldGameView>> GamesAsync(SandboxHost sandbox) =>
        (await sandbox.GetJsonAsync<List<HeldGameView>>("/sandbox/gamity/games")).ToDictionary(game => game.GameId);
}
