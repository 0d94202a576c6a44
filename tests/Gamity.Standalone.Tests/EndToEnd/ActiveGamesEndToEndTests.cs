using Gamity.Integration.ActiveGames;
using Gamity.Testing;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace Gamity.Standalone.Tests.EndToEnd;

public class ActiveGamesEndToEndTests(Azurite azurite)
{
    [Fact]
    public async Task Changing_gamitys_active_games_changes_IsActive_after_the_next_refresh()
    {
        await using var stack = await Stack.StartAsync(azurite);
        var reader = stack.Services.GetRequiredService<ActiveGamesReader>();
        await stack.PutSandboxAsync("/sandbox/gamity/active-games", new[] { new { gameId = "G1", brandIds = new[] { "b1", "b2" } } });

        await RefreshAsync(stack);
        var first = await reader.GetCurrentAsync(Ct);
        Assert.True(first.IsActive("b1", "G1"));
        Assert.False(first.IsActive("b1", "G2"));
        Assert.False(first.IsStale);

        await stack.PutSandboxAsync("/sandbox/gamity/active-games", new[] { new { gameId = "G2", brandIds = new[] { "b1" } } });
        Assert.True((await reader.GetCurrentAsync(Ct)).IsActive("b1", "G1")); // not refreshed yet

        await RefreshAsync(stack);
        var second = await reader.GetCurrentAsync(Ct);
        Assert.False(second.IsActive("b1", "G1"));
        Assert.True(second.IsActive("b1", "G2"));
    }

    [Fact]
    public async Task A_failed_refresh_keeps_the_last_snapshot_and_fails_the_run()
    {
        // The reader's 3 s re-check timeout is not this test's subject: on a loaded machine its first read of the blob
        // once took longer (a clean-clone run), and a reader that never read the blob has no snapshot to keep.
        await using var stack = await Stack.StartAsync(azurite, s => s["ActiveGames:RecheckTimeout"] = "00:00:30");
        using var metrics = new TestMetrics(stack.Services.GetRequiredService<IMeterFactory>());
        await stack.PutSandboxAsync("/sandbox/gamity/active-games", new[] { new { gameId = "G1", brandIds = new[] { "b1" } } });
        await RefreshAsync(stack);
        await stack.PutSandboxAsync("/sandbox/gamity/faults", new { statusCode = 503 });

        await Assert.ThrowsAsync<Gamity.Integration.GamityApi.GamityApiException>(() => RefreshAsync(stack));

        Assert.True((await stack.Services.GetRequiredService<ActiveGamesReader>().GetCurrentAsync(Ct)).IsActive("b1", "G1"));
        // The "snapshot stale" alert counts successful refreshes.
        Assert.Equal(["Succeeded", "Failed"], metrics.Tags("gamity.active_games.refreshes").Select(t => t["outcome"]));
    }

    private static async Task RefreshAsync(Stack stack)
    {
        await using var scope = stack.Services.CreateAsyncScope();
        await ActiveGamesRegistration.RefreshActiveGames.RunAsync(scope.ServiceProvider, false, Ct);
    }
}
