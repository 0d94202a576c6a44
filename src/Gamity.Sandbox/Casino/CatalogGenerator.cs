using Gamity.Sandbox.Shared;

namespace Gamity.Sandbox.Casino;

/// <summary>Body of <c>POST /sandbox/casino/generate</c>.</summary>
public sealed record GenerateCatalogRequest(int Operators, int Brands, int Games, int BrandsPerGame, int Seed);

/// <summary>Answer of <c>POST /sandbox/casino/generate</c>.</summary>
public sealed record CatalogCounts(int Operators, int Brands, int Games);

public sealed record GeneratedCatalog(IReadOnlyList<SyncOperator> Operators, IReadOnlyList<SyncGame> Games);

/// <summary>Builds a large deterministic catalog for benchmarks and load tests.</summary>
public static class CatalogGenerator
{
    private const int MaxOperators = 10_000;
    private const int MaxBrands = 100_000;
    private const int MaxGames = 1_000_000;
    private const long MaxBrandRefs = 50_000_000;

    private static readonly (string Prefix, string Name)[] Providers =
    [
        ("PNG", "Play'n GO"), ("EVO", "Evolution"), ("NE", "NetEnt"), ("PP", "Pragmatic Play"),
        ("RLX", "Relax Gaming"), ("HACK", "Hacksaw Gaming"), ("NLC", "Nolimit City"), ("BTG", "Big Time Gaming"),
    ];

    public static ValidationErrors Validate(GenerateCatalogRequest request)
    {
        var errors = new ValidationErrors();
        CheckRange(request.Operators, 0, MaxOperators, "operators", errors);
        CheckRange(request.Brands, 0, MaxBrands, "brands", errors);
        CheckRange(request.Games, 0, MaxGames, "games", errors);
        CheckRange(request.BrandsPerGame, 0, Math.Max(request.Brands, 0), "brandsPerGame (at most brands)", errors);
        if (request.Brands > 0 && request.Operators == 0)
        {
            errors.Add("brands need at least one operator.");
        }

        if ((long)request.Games * request.BrandsPerGame > MaxBrandRefs)
        {
            errors.Add($"games × brandsPerGame must be at most {MaxBrandRefs}.");
        }

        return errors;
    }

    /// <summary>Brands go round-robin over the operators; each game gets <c>BrandsPerGame</c> distinct brands.</summary>
    public static GeneratedCatalog Generate(GenerateCatalogRequest request)
    {
        var brandRefs = Enumerable.Range(1, request.Brands).Select(number => $"brand-{number:D6}").ToArray();
        var operators = new List<SyncOperator>(request.Operators);
        for (var index = 0; index < request.Operators; index++)
        {
            var brands = new List<SyncBrand>();
            for (var brand = index; brand < request.Brands; brand += request.Operators)
            {
                brands.Add(new SyncBrand(brandRefs[brand], $"Brand {brand + 1}"));
            }

            operators.Add(new SyncOperator($"operator-{index + 1:D4}", $"Operator {index + 1}", brands));
        }

        // System.Random with a seed yields the same sequence on every run, which is what makes this deterministic.
        var random = new Random(request.Seed);
        var games = new List<SyncGame>(request.Games);
        for (var number = 1; number <= request.Games; number++)
        {
            var (prefix, provider) = Providers[random.Next(Providers.Length)];
            var gameId = $"{prefix}_GAME_{number:D7}";
            games.Add(new SyncGame(
                gameId,
                $"{provider} Game {number}",
                provider,
                IsEnabled: random.Next(20) != 0,
                IsFreeroundSupported: random.Next(4) != 0,
                $"https://cdn.example.com/icons/{gameId.ToLowerInvariant()}.png",
                PickDistinct(brandRefs, request.BrandsPerGame, random)));
        }

        return new GeneratedCatalog(operators, games);
    }

    // Floyd's sampling: k distinct picks in O(k), whatever the number of brands.
    private static string[] PickDistinct(string[] brandRefs, int count, Random random)
    {
        var picked = new HashSet<int>(count);
        var result = new string[count];
        var next = 0;
        for (var candidateLimit = brandRefs.Length - count; candidateLimit < brandRefs.Length; candidateLimit++)
        {
            var pick = random.Next(candidateLimit + 1);
            if (!picked.Add(pick))
            {
                pick = candidateLimit;
                picked.Add(pick);
            }

            result[next++] = brandRefs[pick];
        }

        return result;
    }

    private static void CheckRange(int value, int min, int max, string name, ValidationErrors errors)
    {
        if (value < min || value > max)
        {
            errors.Add($"{name} must be between {min} and {max}.");
        }
    }
}
