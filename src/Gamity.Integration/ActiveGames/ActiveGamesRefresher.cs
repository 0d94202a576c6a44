using Gamity.Integration.GamityApi;

namespace Gamity.Integration.ActiveGames;

/// <summary>RefreshActiveGames: Gamity's Active Games list → the snapshot blob every instance reads.</summary>
public sealed class ActiveGamesRefresher(
    GamityClient gamity, ActiveGamesStore store, ActiveGamesMetrics metrics, TimeProvider time, ILogger<ActiveGamesRefresher> logger)
{
    public async Task<ActiveGamesDocument> RefreshAsync(CancellationToken cancellationToken)
    {
        try
        {
            var document = await FetchAndSaveAsync(cancellationToken);
            metrics.Refreshed(succeeded: true);
            return document;
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            metrics.Refreshed(succeeded: false);
            throw;
        }
    }

    private async Task<ActiveGamesDocument> FetchAndSaveAsync(CancellationToken cancellationToken)
    {
        var games = await gamity.GetActiveGamesAsync(cancellationToken);
        var usable = games.Where(g => !string.IsNullOrEmpty(g.GameId)).ToList();
        if (usable.Count < games.Count)
        {
            logger.LogWarning("Gamity's active-games list had {Count} entries without a gameId; ignored", games.Count - usable.Count);
        }

        var document = new ActiveGamesDocument { FetchedAt = time.GetUtcNow(), Games = usable };
        await store.SaveAsync(document, cancellationToken);
        logger.LogInformation(
            "Active games refreshed: {Games} games in a tournament, {Pairs} (game, brand) pairs",
            usable.Count,
            usable.Sum(g => g.BrandIds?.Count ?? 0));
        return document;
    }
}
