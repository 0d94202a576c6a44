using Gamity.Sandbox.Shared;

namespace Gamity.Sandbox.Tests;

/// <summary>Short builders for sync bodies.</summary>
internal static class Catalog
{
    public static SyncOperator Operator(string @ref, string name, params string[] brandRefs) =>
        new(@ref, name, brandRefs.Select(brandRef => new SyncBrand(brandRef, $"Brand {brandRef}")).ToList());

    public static SyncGame Game(string gameId, params string[] brandRefs) =>
        new(gameId, $"Game {gameId}", "Play'n GO", IsEnabled: true, IsFreeroundSupported: true, "https://cdn.example.com/icon.png", brandRefs);
}
