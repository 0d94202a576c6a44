using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Gamity.Sandbox.Casino;
using Gamity.Sandbox.Gamity;
using Gamity.Sandbox.Shared;

namespace Gamity.Sandbox.Tests;

public class LargeCatalogTests
{
    // Generous next to the ~1 s target so a busy two-core CI machine does not make it flaky.

    [Fact]
    public async Task Fifty_thousand_games_round_trip_from_casino_to_gamity()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        var ct = TestContext.Current.CancellationToken;
        var generate = await sandbox.Client.PostAsJsonAsync(
            "/sandbox/casino/generate", new GenerateCatalogRequest(10, 500, 50_000, 20, Seed: 1), ct);
        Assert.Equal(new CatalogCounts(10, 500, 50_000), await HttpAssert.OkJsonAsync<CatalogCounts>(generate));

        var operatorsJson = await sandbox.Client.GetByteArrayAsync("/operators", ct);
        var gamesJson = await sandbox.Client.GetByteArrayAsync("/games", ct);
        var operatorsOutcome = await HttpAssert.OkJsonAsync<OperatorsSyncOutcome>(await PostAsync(sandbox, "sync-operators-and-brands", operatorsJson));
        Assert.Equal(new OperatorsSyncOutcome(10, 0, 0, 0, new SyncOutcome(500, 0, 0, 0)), operatorsOutcome);

        var firstSync = Stopwatch.StartNew();
        var added = await HttpAssert.OkJsonAsync<SyncOutcome>(await PostAsync(sandbox, "sync-games", gamesJson));
        firstSync.Stop();
        var secondSync = Stopwatch.StartNew();
        var unchanged = await HttpAssert.OkJsonAsync<SyncOutcome>(await PostAsync(sandbox, "sync-games", gamesJson));
        secondSync.Stop();

        TestContext.Current.TestOutputHelper?.WriteLine(
            $"sync-games body {gamesJson.Length / 1024.0 / 1024.0:F1} MB: first {firstSync.ElapsedMilliseconds} ms, second {secondSync.ElapsedMilliseconds} ms");
        Assert.Equal(new SyncOutcome(50_000, 0, 0, 0), added);
        Assert.Equal(new SyncOutcome(0, 0, 0, 50_000), unchanged);
        Assert.Equal(new GamesSummary(50_000, 50_000, 0), await sandbox.GetJsonAsync<GamesSummary>("/sandbox/gamity/games?summary=true"));
    }

    private static Task<HttpResponseMessage> PostAsync(SandboxHost sandbox, string endpoint, byte[] json)
    {
        var content = new ByteArrayContent(json);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return sandbox.SendExternalAsync(HttpMethod.Post, endpoint, content);
    }
}
