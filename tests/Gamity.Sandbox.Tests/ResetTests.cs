using System.Net;
using System.Net.Http.Json;
using Gamity.Sandbox.Control;
using Gamity.Sandbox.Gamity;
using Gamity.Sandbox.Shared;
using static Gamity.Sandbox.Tests.Catalog;

namespace Gamity.Sandbox.Tests;

public class ResetTests
{
    [Fact]
    public async Task Reset_puts_every_state_back_to_the_start()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        var ct = TestContext.Current.CancellationToken;
        await sandbox.SyncOperatorsAsync([Operator("op", "Op", "b1")]);
        await sandbox.SyncGamesAsync([Game("G1")]);
        await sandbox.Client.PutAsJsonAsync("/sandbox/gamity/active-games", Array.Empty<ActiveGame>(), ct);
        await sandbox.Client.PutAsJsonAsync("/sandbox/casino/games", Array.Empty<SyncGame>(), ct);
        await sandbox.Client.PutAsJsonAsync("/sandbox/gamity/faults", new FaultSetting(500, null), ct);

        var reset = await sandbox.Client.PostAsync("/sandbox/reset", null, ct);

        Assert.Equal(HttpStatusCode.NoContent, reset.StatusCode);
        Assert.Empty(await sandbox.GetJsonAsync<List<HeldOperatorView>>("/sandbox/gamity/operators"));
        Assert.Equal(new GamesSummary(0, 0, 0), await sandbox.GetJsonAsync<GamesSummary>("/sandbox/gamity/games?summary=true"));
        Assert.Empty(await sandbox.GetJsonAsync<Dictionary<string, CallStats>>("/sandbox/gamity/calls"));
        Assert.Equal(HttpStatusCode.NoContent, (await sandbox.Client.GetAsync("/sandbox/gamity/faults", ct)).StatusCode);
        Assert.Equal(12, (await sandbox.GetJsonAsync<List<SyncGame>>("/games")).Count);
        Assert.Equal(3, (await HttpAssert.OkJsonAsync<List<ActiveGame>>(await sandbox.SendExternalAsync(HttpMethod.Get, "active-games"))).Count);
    }
}
