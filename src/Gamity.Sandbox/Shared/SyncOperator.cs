namespace Gamity.Sandbox.Shared;

/// <summary>
/// One operator in Gamity's sync-operators-and-brands body; the casino catalog serves the same shape.
/// Fields are nullable because the sandbox must see (and reject) what a client leaves out.
/// </summary>
public sealed record SyncOperator(string? Ref, string? Name, IReadOnlyList<SyncBrand>? Brands);

public sealed record SyncBrand(string? Ref, string? Name);
