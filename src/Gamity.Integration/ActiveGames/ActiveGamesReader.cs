using Azure;
using Microsoft.Extensions.Options;

namespace Gamity.Integration.ActiveGames;

/// <summary>What a caller needs per batch: the snapshot and whether to fail open.</summary>
public readonly record struct ActiveGamesView(ActiveGamesSnapshot Snapshot, bool IsStale, TimeSpan? Age)
{
    public bool IsActive(string brandId, string gameId) => Snapshot.IsActive(brandId, gameId);

    public bool IsActive(ReadOnlySpan<char> brandId, ReadOnlySpan<char> gameId) => Snapshot.IsActive(brandId, gameId);
}

/// <summary>
/// Every instance's reader of the snapshot blob: answers from memory and re-checks the blob's ETag at most
/// every <see cref="ActiveGamesOptions.RecheckInterval"/>. A storage failure keeps the last snapshot, which
/// turns stale (and readers fail open) rather than empty.
/// </summary>
public sealed class ActiveGamesReader
{
    private readonly SemaphoreSlim refreshGate = new(1, 1);
    private readonly ActiveGamesStore store;
    private readonly IOptions<ActiveGamesOptions> options;
    private readonly TimeProvider time;
    private readonly ILogger<ActiveGamesReader> logger;
    private volatile Cached cached = new(ActiveGamesSnapshot.None, null, DateTimeOffset.MinValue);

    public ActiveGamesReader(ActiveGamesStore store, IOptions<ActiveGamesOptions> options, ActiveGamesMetrics metrics, TimeProvider time, ILogger<ActiveGamesReader> logger)
    {
        this.store = store;
        this.options = options;
        this.time = time;
        this.logger = logger;
        metrics.ObserveSnapshotAge(SnapshotAgeSeconds);
    }

    /// <summary>
    /// The served snapshot's age, only while this instance has read the blob within the stale window: an idle
    /// instance's old copy says nothing about what the refresh timer wrote.
    /// </summary>
    private double? SnapshotAgeSeconds()
    {
        var current = cached;
        var now = time.GetUtcNow();
        return current.Snapshot.FetchedAt is not null && now - current.CheckedAt <= options.Value.StaleAfter
            ? current.Snapshot.Age(now)?.TotalSeconds
            : null;
    }

    public async ValueTask<ActiveGamesView> GetCurrentAsync(CancellationToken cancellationToken)
    {
        var current = cached;
        if (time.GetUtcNow() - current.CheckedAt >= options.Value.RecheckInterval)
        {
            current = await RecheckAsync(cancellationToken);
        }

        var now = time.GetUtcNow();
        return new ActiveGamesView(current.Snapshot, current.Snapshot.IsStale(now, options.Value.StaleAfter), current.Snapshot.Age(now));
    }

    private async Task<Cached> RecheckAsync(CancellationToken cancellationToken)
    {
        await refreshGate.WaitAsync(cancellationToken);
        try
        {
            var current = cached;
            if (time.GetUtcNow() - current.CheckedAt < options.Value.RecheckInterval)
            {
                return current; // another caller just re-checked
            }

            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(options.Value.RecheckTimeout);
                var read = await store.ReadIfChangedAsync(current.ETag, timeout.Token);
                var snapshot = !read.Changed ? current.Snapshot
                    : read.Document is { } document ? ActiveGamesSnapshot.From(document)
                    : ActiveGamesSnapshot.None;
                if (read.Changed)
                {
                    logger.LogInformation("Active-games snapshot loaded: {Games} games, {Pairs} (game, brand) pairs, fetched at {FetchedAt:O}", snapshot.GameCount, snapshot.PairCount, snapshot.FetchedAt);
                }

                return cached = new Cached(snapshot, read.ETag, time.GetUtcNow());
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning(exception, "Could not re-check the active-games snapshot; keeping the one from {FetchedAt:O}", current.Snapshot.FetchedAt);
                return cached = current with { CheckedAt = time.GetUtcNow() };
            }
        }
        finally
        {
            refreshGate.Release();
        }
    }

    private sealed record Cached(ActiveGamesSnapshot Snapshot, ETag? ETag, DateTimeOffset CheckedAt);
}
