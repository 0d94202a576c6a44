using Gamity.Integration.ActiveGames;
using Gamity.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Gamity.Integration.Tests.Storage;

public class ActiveGamesSnapshotTests(Azurite azurite)
{
    private static readonly TestMetrics Unobserved = new();

    private static ActiveGamesReader Reader(ActiveGamesStore store, IOptions<ActiveGamesOptions> options, TimeProvider time, TestMetrics? metrics = null) =>
        new(store, options, new ActiveGamesMetrics((metrics ?? Unobserved).Factory), time, NullLogger<ActiveGamesReader>.Instance);

    [Fact]
    public async Task Reader_reports_the_age_of_the_snapshot_it_serves_only_while_it_reads_the_blob()
    {
        using var metrics = new TestMetrics();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero));
        var store = new ActiveGamesStore(TestStorage.Clients(azurite.NewAccount()));
        var staleAfter = TimeSpan.FromMinutes(15);
        var reader = Reader(store, Options.Create(new ActiveGamesOptions { RecheckInterval = TimeSpan.FromSeconds(5), StaleAfter = staleAfter }), time, metrics);
        var ct = TestContext.Current.CancellationToken;
        const string gauge = "gamity.active_games.snapshot.age";

        Assert.Empty(metrics.Values(gauge)); // nothing read yet
        await store.SaveAsync(Document(time.GetUtcNow() - TimeSpan.FromMinutes(2), ("g1", ["b1"])), ct);
        await reader.GetCurrentAsync(ct);
        Assert.Equal([120.0], metrics.Values(gauge));

        // An instance that stops reading says nothing about the blob any more: no second observation.
        time.Advance(staleAfter + TimeSpan.FromSeconds(1));
        Assert.Equal([120.0], metrics.Values(gauge));
    }

    private static ActiveGamesDocument Document(DateTimeOffset fetchedAt, params (string Game, string[] Brands)[] games) =>
        new() { FetchedAt = fetchedAt, Games = games.Select(g => new ActiveGame { GameId = g.Game, BrandIds = [.. g.Brands] }).ToList() };

    [Fact]
    public async Task Reader_answers_from_memory_and_picks_up_a_new_snapshot_after_the_recheck_interval()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero));
        var store = new ActiveGamesStore(TestStorage.Clients(azurite.NewAccount()));
        var reader = Reader(store, Options.Create(new ActiveGamesOptions { RecheckInterval = TimeSpan.FromSeconds(5) }), time);
        var ct = TestContext.Current.CancellationToken;

        var empty = await reader.GetCurrentAsync(ct);
        Assert.True(empty.IsStale); // no snapshot yet: fail open
        Assert.False(empty.IsActive("b1", "g1"));

        await store.SaveAsync(Document(time.GetUtcNow(), ("g1", ["b1", "b2"])), ct);
        Assert.False((await reader.GetCurrentAsync(ct)).IsActive("b1", "g1")); // still within the recheck interval

        time.Advance(TimeSpan.FromSeconds(5));
        var first = await reader.GetCurrentAsync(ct);
        Assert.True(first.IsActive("b1", "g1"));
        Assert.True(first.IsActive("b2", "g1"));
        Assert.False(first.IsActive("b3", "g1"));
        Assert.False(first.IsActive("b1", "g2"));
        Assert.False(first.IsStale);

        await store.SaveAsync(Document(time.GetUtcNow(), ("g2", ["b1"])), ct);
        time.Advance(TimeSpan.FromSeconds(6));
        var second = await reader.GetCurrentAsync(ct);
        Assert.False(second.IsActive("b1", "g1"));
        Assert.True(second.IsActive("b1", "g2"));
    }

    [Fact]
    public async Task An_unchanged_blob_is_not_downloaded_again()
    {
        var store = new ActiveGamesStore(TestStorage.Clients(azurite.NewAccount()));
        var ct = TestContext.Current.CancellationToken;
        var etag = await store.SaveAsync(Document(DateTimeOffset.UtcNow, ("g1", ["b1"])), ct);

        var unchanged = await store.ReadIfChangedAsync(etag, ct);
        Assert.False(unchanged.Changed);
        Assert.Null(unchanged.Document);

        var newer = await store.SaveAsync(Document(DateTimeOffset.UtcNow, ("g1", ["b1"]), ("g2", ["b2"])), ct);
        var changed = await store.ReadIfChangedAsync(etag, ct);
        Assert.True(changed.Changed);
        Assert.Equal(newer, changed.ETag);
        Assert.Equal(2, changed.Document!.Games.Count);
    }

    [Fact]
    public async Task Snapshot_turns_stale_after_the_configured_age()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero));
        var store = new ActiveGamesStore(TestStorage.Clients(azurite.NewAccount()));
        var options = Options.Create(new ActiveGamesOptions { StaleAfter = TimeSpan.FromMinutes(15), RecheckInterval = TimeSpan.Zero });
        var reader = Reader(store, options, time);
        var ct = TestContext.Current.CancellationToken;
        await store.SaveAsync(Document(time.GetUtcNow(), ("g1", ["b1"])), ct);

        time.Advance(TimeSpan.FromMinutes(15));
        Assert.False((await reader.GetCurrentAsync(ct)).IsStale);
        time.Advance(TimeSpan.FromSeconds(1));
        var stale = await reader.GetCurrentAsync(ct);
        Assert.True(stale.IsStale);
        Assert.True(stale.IsActive("b1", "g1")); // the data is still there; callers decide to fail open
        Assert.Equal(TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(1), stale.Age);
    }

    [Fact]
    public async Task Storage_failure_keeps_the_last_snapshot()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var good = new ActiveGamesStore(TestStorage.Clients(azurite.NewAccount()));
        var ct = TestContext.Current.CancellationToken;
        await good.SaveAsync(Document(time.GetUtcNow(), ("g1", ["b1"])), ct);
        var reader = Reader(good, Options.Create(new ActiveGamesOptions { RecheckInterval = TimeSpan.Zero }), time);
        Assert.True((await reader.GetCurrentAsync(ct)).IsActive("b1", "g1"));

        // Same reader type against an unreachable account: it starts empty and stays usable (fail open).
        var broken = Reader(
            new ActiveGamesStore(TestStorage.Clients("DefaultEndpointsProtocol=http;AccountName=x;AccountKey=eA==;BlobEndpoint=http://127.0.0.1:9/x;QueueEndpoint=http://127.0.0.1:9/x;TableEndpoint=http://127.0.0.1:9/x;")),
            Options.Create(new ActiveGamesOptions { RecheckInterval = TimeSpan.Zero }), time);
        var view = await broken.GetCurrentAsync(ct);
        Assert.True(view.IsStale);
    }
}
