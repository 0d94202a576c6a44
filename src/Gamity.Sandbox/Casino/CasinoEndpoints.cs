using Gamity.Sandbox.Shared;

namespace Gamity.Sandbox.Casino;

/// <summary>The casino's catalog source: operators and games in exactly the Gamity sync shapes.</summary>
public static class CasinoEndpoints
{
    public static IEndpointRouteBuilder MapCasinoCatalog(this IEndpointRouteBuilder app)
    {
        app.MapGet("/operators", (CasinoCatalogState catalog) =>
            TypedResults.Json(catalog.Operators, SandboxJsonContext.Default.IReadOnlyListSyncOperator));
        app.MapGet("/games", (CasinoCatalogState catalog) =>
            TypedResults.Json(catalog.Games, SandboxJsonContext.Default.IReadOnlyListSyncGame));
        return app;
    }
}
