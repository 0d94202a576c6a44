using System.Net;
using System.Net.Http.Json;
using Gamity.Sandbox.Casino;
using Gamity.Sandbox.Shared;
using static Gamity.Sandbox.Tests.Catalog;

namespace Gamity.Sandbox.Tests;

public class CasinoCatalogTests
{
    [Fact]
    public async Task Demo_catalog_is_served_at_start()
    {
        await using var sandbox = await SandboxHost.StartAsync();

        var operators = await sandbox.GetJsonAsync<List<SyncOperator>>("/operators");
        var games = await sandbox.GetJsonAsync<List<SyncGame>>("/games");

        Assert.Equal(2, operators.Count);
        Assert.Equal(4, operators.Sum(@operator => @operator.Brands!.Count));
        Assert.Equal(12, games.Count);
        Assert.Contains(games, game => game.GameId == "PNG_GUNSLINGER_RELOADED");
    }

    [Fact]
    public async Task Catalog_is_empty_when_seeding_is_off()
    {
        await using var sandbox = await SandboxHost.StartAsync(seedDemoData: false);

        Assert.Empty(await sandbox.GetJsonAsync<List<SyncOperator>>("/operators"));
        Assert.Empty(await sandbox.GetJsonAsync<List<SyncGame>>("/games"));
    }

    [Fact]
    public async Task Demo_catalog_syncs_to_gamity_as_is()
    {
        await using var sandbox = await SandboxHost.StartAsync();

        var operatorsJson = await sandbox.Client.GetStringAsync("/operators", TestContext.Current.CancellationToken);
        var gamesJson = await sandbox.Client.GetStringAsync("/games", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, (await sandbox.SyncRawAsync("sync-operators-and-brands", operatorsJson)).StatusCode);
        Assert.Equal(new SyncOutcome(12, 0, 0, 0), await HttpAssert.OkJsonAsync<SyncOutcome>(await sandbox.SyncRawAsync("sync-games", gamesJson)));
    }

    [Fact]
    public async Task Put_replaces_the_catalog_without_validating_it()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        var brokenOperator = new SyncOperator(new string('x', 150), null, []);

        var putOperators = await sandbox.Client.PutAsJsonAsync("/sandbox/casino/operators", new[] { brokenOperator }, TestContext.Current.CancellationToken);
        var putGames = await sandbox.Client.PutAsJsonAsync("/sandbox/casino/games", new[] { Game("ONLY_GAME", "b1") }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NoContent, putOperators.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, putGames.StatusCode);
        Assert.Equal(brokenOperator.Ref, Assert.Single(await sandbox.GetJsonAsync<List<SyncOperator>>("/operators")).Ref);
        Assert.Equal(["b1"], Assert.Single(await sandbox.GetJsonAsync<List<SyncGame>>("/games")).EnabledBrandRefs!);
    }

    [Fact]
    public async Task Generate_produces_exactly_the_requested_counts()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        var request = new GenerateCatalogRequest(Operators: 10, Brands: 500, Games: 2_000, BrandsPerGame: 20, Seed: 1);

        var counts = await GenerateAsync(sandbox, request);

        Assert.Equal(new CatalogCounts(10, 500, 2_000), counts);
        var operators = await sandbox.GetJsonAsync<List<SyncOperator>>("/operators");
        var games = await sandbox.GetJsonAsync<List<SyncGame>>("/games");
        var brandRefs = operators.SelectMany(@operator => @operator.Brands!).Select(brand => brand.Ref!).ToHashSet();
        Assert.Equal(10, operators.Select(@operator => @operator.Ref).Distinct().Count());
        Assert.All(operators, @operator => Assert.Equal(50, @operator.Brands!.Count));
        Assert.Equal(500, brandRefs.Count);
        Assert.Equal(2_000, games.Select(game => game.GameId).Distinct().Count());
        Assert.All(games, game =>
        {
            Assert.Equal(20, game.EnabledBrandRefs!.Distinct().Count());
            Assert.Equal(20, game.EnabledBrandRefs!.Count);
            Assert.Subset(brandRefs, game.EnabledBrandRefs!.ToHashSet());
        });
    }

    [Fact]
    public async Task Generate_is_deterministic_per_seed()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        var request = new GenerateCatalogRequest(Operators: 3, Brands: 30, Games: 200, BrandsPerGame: 5, Seed: 7);

        await GenerateAsync(sandbox, request);
        var first = await sandbox.Client.GetStringAsync("/games", TestContext.Current.CancellationToken);
        await GenerateAsync(sandbox, request);
        var again = await sandbox.Client.GetStringAsync("/games", TestContext.Current.CancellationToken);
        await GenerateAsync(sandbox, request with { Seed = 8 });
        var otherSeed = await sandbox.Client.GetStringAsync("/games", TestContext.Current.CancellationToken);

        Assert.Equal(first, again);
        Assert.NotEqual(first, otherSeed);
    }

    [Theory]
    [InlineData(1, 10, 10, 11)]
    [InlineData(0, 10, 10, 1)]
    [InlineData(1, -1, 10, 0)]
    public async Task Impossible_generate_request_is_400(int operators, int brands, int games, int brandsPerGame)
    {
        await using var sandbox = await SandboxHost.StartAsync();

        var response = await sandbox.Client.PostAsJsonAsync(
            "/sandbox/casino/generate",
            new GenerateCatalogRequest(operators, brands, games, brandsPerGame, Seed: 1),
            TestContext.Current.CancellationToken);

        await HttpAssert.ProblemAsync(response, HttpStatusCode.BadRequest);
    }

    private static async Task<CatalogCounts> GenerateAsync(SandboxHost sandbox, GenerateCatalogRequest request) =>
        await HttpAssert.OkJsonAsync<CatalogCounts>(
            await sandbox.Client.PostAsJsonAsync("/sandbox/casino/generate", request, TestContext.Current.CancellationToken));
}
