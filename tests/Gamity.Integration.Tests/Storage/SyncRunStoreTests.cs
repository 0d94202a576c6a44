using Gamity.Integration.Catalog;
using Gamity.Testing;

namespace Gamity.Integration.Tests.Storage;

public class SyncRunStoreTests(Azurite azurite)
{
    [Fact]
    public async Task Runs_round_trip_newest_first_per_kind()
    {
        var store = new SyncRunStore(TestStorage.Clients(azurite.NewAccount()));
        var start = new DateTimeOffset(2026, 11, 24, 3, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < 5; i++)
        {
            await store.SaveAsync(Run(CatalogKind.Games, start.AddMinutes(i), $"run-{i}"), TestContext.Current.CancellationToken);
        }

        await store.SaveAsync(Run(CatalogKind.OperatorsAndBrands, start, "ops"), TestContext.Current.CancellationToken);

        var games = await store.GetRecentAsync(CatalogKind.Games, 3, TestContext.Current.CancellationToken);

        Assert.Equal(["run-4", "run-3", "run-2"], games.Select(r => r.RunId));
        var newest = games[0];
        Assert.Equal(start.AddMinutes(4), newest.StartedAt);
        Assert.Equal(SyncOutcome.Invalid, newest.Outcome);
        Assert.Equal(123, newest.Games);
        Assert.Equal(12.5, newest.DurationMs);
        Assert.Equal("abc123", newest.ContentHash);
        Assert.Equal(["reason 1", "reason 2"], newest.Errors);
        Assert.Equal(2, newest.ErrorCount);
        Assert.Equal(401, newest.GamityStatus);
        Assert.Equal("ops", Assert.Single(await store.GetRecentAsync(CatalogKind.OperatorsAndBrands, 10, TestContext.Current.CancellationToken)).RunId);
    }

    [Fact]
    public async Task A_run_with_thousands_of_reasons_stores_a_bounded_list_and_the_exact_count()
    {
        var store = new SyncRunStore(TestStorage.Clients(azurite.NewAccount()));
        var reasons = Enumerable.Range(0, 50_000).Select(i => $"games[{i}]: gameId '{new string('x', 20)}…' is 101 characters (at most 100)").ToList();

        await store.SaveAsync(Run(CatalogKind.Games, DateTimeOffset.UtcNow, "big") with { Errors = reasons, ErrorCount = reasons.Count }, TestContext.Current.CancellationToken);
        var stored = Assert.Single(await store.GetRecentAsync(CatalogKind.Games, 1, TestContext.Current.CancellationToken));

        Assert.Equal(50_000, stored.ErrorCount);
        Assert.Equal(SyncRunStore.MaxStoredErrors, stored.Errors.Count);
        Assert.Equal(reasons[0], stored.Errors[0]);
    }

    private static SyncRun Run(CatalogKind kind, DateTimeOffset started, string id) => new()
    {
        RunId = id,
        Kind = kind,
        Trigger = "timer",
        StartedAt = started,
        DurationMs = 12.5,
        Games = 123,
        ContentHash = "abc123",
        Outcome = SyncOutcome.Invalid,
        Errors = ["reason 1", "reason 2"],
        ErrorCount = 2,
        GamityStatus = 401,
    };
}
