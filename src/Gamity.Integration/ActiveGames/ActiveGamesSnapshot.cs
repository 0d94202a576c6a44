using System.Collections.Frozen;

namespace Gamity.Integration.ActiveGames;

/// <summary>
/// An immutable, lookup-optimised view of the active games: gameId → brand set, both frozen, so
/// <see cref="IsActive"/> is two hash lookups with no allocation (it runs once per round on the hot path).
/// </summary>
public sealed class ActiveGamesSnapshot
{
    public static readonly ActiveGamesSnapshot None = new(null, FrozenDictionary<string, FrozenSet<string>>.Empty, 0);

    private readonly FrozenDictionary<string, FrozenSet<string>> brandsByGame;
    private readonly FrozenDictionary<string, FrozenSet<string>>.AlternateLookup<ReadOnlySpan<char>> brandsByGameSpan;

    private ActiveGamesSnapshot(DateTimeOffset? fetchedAt, FrozenDictionary<string, FrozenSet<string>> brandsByGame, int pairCount)
    {
        FetchedAt = fetchedAt;
        this.brandsByGame = brandsByGame;
        brandsByGameSpan = brandsByGame.GetAlternateLookup<ReadOnlySpan<char>>();
        PairCount = pairCount;
    }

    /// <summary>When Gamity's list was fetched; null when no snapshot exists yet.</summary>
    public DateTimeOffset? FetchedAt { get; }

    public int GameCount => brandsByGame.Count;

    public int PairCount { get; }

    public bool IsActive(string brandId, string gameId) =>
        brandsByGame.TryGetValue(gameId, out var brands) && brands.Contains(brandId);

    /// <summary>The same lookup on character spans (the round pipeline decodes ids without creating strings).</summary>
    public bool IsActive(ReadOnlySpan<char> brandId, ReadOnlySpan<char> gameId) =>
        brandsByGameSpan.TryGetValue(gameId, out var brands) && brands.GetAlternateLookup<ReadOnlySpan<char>>().Contains(brandId);

    /// <summary>No snapshot, or one older than <paramref name="staleAfter"/>: callers fail open.</summary>
    public bool IsStale(DateTimeOffset now, TimeSpan staleAfter) => FetchedAt is not { } fetched || now - fetched > staleAfter;

    public TimeSpan? Age(DateTimeOffset now) => now - FetchedAt;

    public static ActiveGamesSnapshot From(ActiveGamesDocument document)
    {
        var merged = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var game in document.Games)
        {
            if (string.IsNullOrEmpty(game.GameId))
            {
                continue;
            }

            if (!merged.TryGetValue(game.GameId, out var brands))
            {
                merged[game.GameId] = brands = new HashSet<string>(StringComparer.Ordinal);
            }

            foreach (var brand in game.BrandIds ?? [])
            {
                if (!string.IsNullOrEmpty(brand))
                {
                    brands.Add(brand);
                }
            }
        }

        var frozen = merged.ToFrozenDictionary(p => p.Key, p => p.Value.ToFrozenSet(StringComparer.Ordinal), StringComparer.Ordinal);
        return new ActiveGamesSnapshot(document.FetchedAt, frozen, merged.Values.Sum(b => b.Count));
    }
}
