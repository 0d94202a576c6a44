namespace Gamity.Sandbox.Shared;

/// <summary>
/// One game in Gamity's sync-games body; the casino catalog serves the same shape.
/// Fields are nullable because the sandbox must see (and reject) what a client leaves out.
/// </summary>
public sealed record SyncGame(
    string? GameId,
    string? DisplayName,
    string? GameProviderDisplayName,
    bool IsEnabled,
    bool IsFreeroundSupported,
    string? IconUrl,
    IReadOnlyList<string>? EnabledBrandRefs);
