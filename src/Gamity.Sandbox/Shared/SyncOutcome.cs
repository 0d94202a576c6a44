namespace Gamity.Sandbox.Shared;

/// <summary>
/// The counts a sync answers with. Gamity does not document its sync responses; this shape is the
/// sandbox's own, so a client must not depend on it when talking to the real Gamity.
/// </summary>
public sealed record SyncOutcome(int Added, int Updated, int Disabled, int Unchanged);

/// <summary>Operator counts at the top level (so it reads like <see cref="SyncOutcome"/>) plus the brand counts.</summary>
public sealed record OperatorsSyncOutcome(int Added, int Updated, int Disabled, int Unchanged, SyncOutcome Brands);

/// <summary>Mutable counter used while a merge runs.</summary>
internal sealed class SyncTally
{
    public int Added { get; set; }
    public int Updated { get; set; }
    public int Disabled { get; set; }
    public int Unchanged { get; set; }

    public SyncOutcome ToOutcome() => new(Added, Updated, Disabled, Unchanged);
}
