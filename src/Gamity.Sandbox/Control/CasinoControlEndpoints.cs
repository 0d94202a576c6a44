using Gamity.Sandbox.Casino;
using Gamity.Sandbox.Shared;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Gamity.Sandbox.Control;

/// <summary>Replaces or generates the fake casino's catalog (no auth).</summary>
public static class CasinoControlEndpoints
{
    public static IEndpointRouteBuilder MapCasinoControl(this IEndpointRouteBuilder app)
    {
        var casino = app.MapGroup("/sandbox/casino");
        casino.MapPut("operators", ReplaceOperatorsAsync);
        casino.MapPut("games", ReplaceGamesAsync);
        casino.MapPost("generate", GenerateAsync);
        return app;
    }

    private static Task<Results<NoContent, ProblemHttpResult>> ReplaceOperatorsAsync(HttpRequest request, CasinoCatalogState catalog) =>
        ReplaceAsync(request, SandboxJsonContext.Default.ListSyncOperator, catalog.ReplaceOperators);

    private static Task<Results<NoContent, ProblemHttpResult>> ReplaceGamesAsync(HttpRequest request, CasinoCatalogState catalog) =>
        ReplaceAsync(request, SandboxJsonContext.Default.ListSyncGame, catalog.ReplaceGames);

    private static async Task<Results<NoContent, ProblemHttpResult>> ReplaceAsync<T>(
        HttpRequest request, System.Text.Json.Serialization.Metadata.JsonTypeInfo<List<T>> typeInfo, Action<List<T>> replace)
    {
        var read = await JsonBody.ReadAsync(request, typeInfo);
        if (read.Failed)
        {
            return read.Problem;
        }

        replace(read.Value);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<CatalogCounts>, ProblemHttpResult>> GenerateAsync(
        HttpRequest request, CasinoCatalogState catalog, SandboxConsole console)
    {
        var read = await JsonBody.ReadAsync(request, SandboxJsonContext.Default.GenerateCatalogRequest);
        if (read.Failed)
        {
            return read.Problem;
        }

        var errors = CatalogGenerator.Validate(read.Value);
        if (errors.Any)
        {
            return Problems.Validation(errors);
        }

        var generated = CatalogGenerator.Generate(read.Value);
        catalog.ReplaceOperators(generated.Operators);
        catalog.ReplaceGames(generated.Games);
        var counts = new CatalogCounts(read.Value.Operators, read.Value.Brands, read.Value.Games);
        console.WriteLine(
            $"casino catalog generated: {counts.Operators} operators, {counts.Brands} brands, " +
            $"{counts.Games} games × {read.Value.BrandsPerGame} brands (seed {read.Value.Seed})");
        return TypedResults.Ok(counts);
    }
}
