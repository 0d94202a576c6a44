using BenchmarkDotNet.Attributes;
using Gamity.Integration.ActiveGames;

namespace Gamity.Benchmarks.IsActive;

/// <summary>
/// <see cref="ActiveGamesSnapshot.IsActive"/> on 5,000 games × 20 brands (500 brands in all), against two plain
/// structures holding the same pairs. Each invocation runs the same <see cref="QueryCount"/> pre-built
/// (brand, game) queries, half of them active, so every reported number is per lookup.
/// </summary>
[MemoryDiagnoser]
public class IsActiveBenchmarks
{
    public const int GameCount = 5_000;
    public const int BrandCount = 500;
    public const int BrandsPerGame = 20;
    public const int QueryCount = 1_024;
    private const int Seed = 20_251_124;

    private static readonly string[] Providers = ["PNG", "EVO", "NE", "PP", "RLX", "HACK", "NLC", "BTG"];

    private ActiveGamesSnapshot snapshot = ActiveGamesSnapshot.None;
    private Dictionary<string, HashSet<string>> nested = [];
    private HashSet<(string Brand, string Game)> pairs = [];
    private string[] queryBrands = [];
    private string[] queryGames = [];

    /// <summary>How many of the queries are active (checked equal for all three structures).</summary>
    public int ExpectedHits { get; private set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(Seed);
        var brands = Enumerable.Range(1, BrandCount).Select(n => $"brand-{n:D6}").ToArray();
        var games = new List<ActiveGame>(GameCount);
        for (var number = 1; number <= GameCount; number++)
        {
            var picked = new HashSet<int>();
            while (picked.Count < BrandsPerGame)
            {
                picked.Add(random.Next(BrandCount));
            }

            games.Add(new ActiveGame
            {
                GameId = $"{Providers[random.Next(Providers.Length)]}_GAME_{number:D7}",
                BrandIds = picked.Select(i => brands[i]).ToList(),
            });
        }

        snapshot = ActiveGamesSnapshot.From(new ActiveGamesDocument { FetchedAt = DateTimeOffset.UnixEpoch, Games = games });
        nested = games.ToDictionary(g => g.GameId!, g => g.BrandIds!.ToHashSet());
        pairs = games.SelectMany(g => g.BrandIds!.Select(b => (b, g.GameId!))).ToHashSet();

        // Half hits; of the misses, three in four are a known game on a brand it is not active for, one in four
        // an unknown game. Shuffled, so the branch predictor cannot learn the order. The strings are copies, as
        // they would be when parsed from a request: no reference-equality shortcut.
        var queries = new List<(string Brand, string Game)>(QueryCount);
        for (var i = 0; i < QueryCount; i++)
        {
            var game = games[random.Next(games.Count)];
            string brand;
            var gameId = game.GameId!;
            if (i % 2 == 0)
            {
                brand = game.BrandIds![random.Next(BrandsPerGame)];
            }
            else if (i % 8 != 7)
            {
                do
                {
                    brand = brands[random.Next(BrandCount)];
                }
                while (game.BrandIds!.Contains(brand));
            }
            else
            {
                brand = brands[random.Next(BrandCount)];
                gameId = $"XYZ_GAME_{random.Next(10_000_000):D7}";
            }

            queries.Add((new string(brand.AsSpan()), new string(gameId.AsSpan())));
        }

        queries = [.. queries.OrderBy(_ => random.Next())];
        queryBrands = queries.Select(q => q.Brand).ToArray();
        queryGames = queries.Select(q => q.Game).ToArray();

        ExpectedHits = QueryCount / 2;
        var counts = new[] { FrozenSnapshot(), NestedDictionary(), TupleHashSet() };
        if (counts.Any(c => c != ExpectedHits) || snapshot.GameCount != GameCount || snapshot.PairCount != GameCount * BrandsPerGame)
        {
            throw new InvalidOperationException(
                $"The structures disagree: hits {string.Join("/", counts)} (expected {ExpectedHits}), snapshot {snapshot.GameCount} games / {snapshot.PairCount} pairs.");
        }
    }

    [Benchmark(Description = "ActiveGamesSnapshot.IsActive (FrozenDictionary<string, FrozenSet<string>>)", OperationsPerInvoke = QueryCount)]
    public int FrozenSnapshot()
    {
        var active = snapshot;
        var brands = queryBrands;
        var games = queryGames;
        var hits = 0;
        for (var i = 0; i < brands.Length; i++)
        {
            if (active.IsActive(brands[i], games[i]))
            {
                hits++;
            }
        }

        return hits;
    }

    [Benchmark(Baseline = true, Description = "Dictionary<string, HashSet<string>>", OperationsPerInvoke = QueryCount)]
    public int NestedDictionary()
    {
        var byGame = nested;
        var brands = queryBrands;
        var games = queryGames;
        var hits = 0;
        for (var i = 0; i < brands.Length; i++)
        {
            if (byGame.TryGetValue(games[i], out var set) && set.Contains(brands[i]))
            {
                hits++;
            }
        }

        return hits;
    }

    [Benchmark(Description = "HashSet<(string, string)>", OperationsPerInvoke = QueryCount)]
    public int TupleHashSet()
    {
        var set = pairs;
        var brands = queryBrands;
        var games = queryGames;
        var hits = 0;
        for (var i = 0; i < brands.Length; i++)
        {
            if (set.Contains((brands[i], games[i])))
            {
                hits++;
            }
        }

        return hits;
    }
}
