using System.Net;
using System.Net.Http.Json;
using Gamity.Sandbox.Control;
using Gamity.Sandbox.Gamity;
using Gamity.Sandbox.Shared;
using static Gamity.Sandbox.Tests.Catalog;

namespace Gamity.Sandbox.Tests;

public class FaultTests
{
    [Fact]
    public async Task Fault_answers_the_next_remaining_calls_and_changes_nothing()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        await SetFaultAsync(sandbox, new FaultSetting(503, 2));

        await HttpAssert.ProblemAsync(await sandbox.SyncGamesAsync([Game("G1")]), HttpStatusCode.ServiceUnavailable);
        await HttpAssert.ProblemAsync(await sandbox.SendExternalAsync(HttpMethod.Get, "active-games"), HttpStatusCode.ServiceUnavailable);
        Assert.Equal(new GamesSummary(0, 0, 0), await sandbox.GetJsonAsync<GamesSummary>("/sandbox/gamity/games?summary=true"));

        Assert.Equal(new SyncOutcome(1, 0, 0, 0), await HttpAssert.OkJsonAsync<SyncOutcome>(await sandbox.SyncGamesAsync([Game("G1")])));
        var calls = await sandbox.GetJsonAsync<Dictionary<string, CallStats>>("/sandbox/gamity/calls");
        Assert.Equal(new CallStats(2, 200), calls["sync-games"]);
        Assert.Equal(new CallStats(1, 503), calls["active-games"]);
    }

    [Fact]
    public async Task Fault_without_remaining_lasts_until_cleared()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        await SetFaultAsync(sandbox, new FaultSetting(500, null));

        for (var call = 0; call < 5; call++)
        {
            await HttpAssert.ProblemAsync(await sandbox.SendExternalAsync(HttpMethod.Get, "active-games"), HttpStatusCode.InternalServerError);
        }

        var delete = await sandbox.Client.DeleteAsync("/sandbox/gamity/faults", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await sandbox.SendExternalAsync(HttpMethod.Get, "active-games")).StatusCode);
    }

    [Fact]
    public async Task Fault_comes_before_the_key_check()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        await SetFaultAsync(sandbox, new FaultSetting(429, 1));

        await HttpAssert.ProblemAsync(await sandbox.SendExternalAsync(HttpMethod.Get, "active-games", apiKey: null), HttpStatusCode.TooManyRequests);
    }

    [Theory]
    [InlineData(200, 1)]
    [InlineData(503, 0)]
    public async Task Invalid_fault_is_400(int statusCode, int remaining)
    {
        await using var sandbox = await SandboxHost.StartAsync();

        var put = await sandbox.Client.PutAsJsonAsync(
            "/sandbox/gamity/faults", new FaultSetting(statusCode, remaining), TestContext.Current.CancellationToken);

        await HttpAssert.ProblemAsync(put, HttpStatusCode.BadRequest);
    }

    private static async Task SetFaultAsync(SandboxHost sandbox, FaultSetting fault)
    {
        var put = await sandbox.Client.PutAsJsonAsync("/sandbox/gamity/faults", fault, TestContext.Current.CancellationToken);
        Assert.Equal(fault, await HttpAssert.OkJsonAsync<FaultSetting>(put));
    }
}
