namespace Gamity.Integration.Catalog;

public enum SyncOutcome
{
    Succeeded,

    /// <summary>The catalog failed validation; nothing was pushed.</summary>
    Invalid,

    /// <summary>The mass-disable guard refused it; nothing was pushed.</summary>
    Refused,

    /// <summary>The source or Gamity failed.</summary>
    Failed,
}

/// <summary>The record of one sync run, kept in Table Storage (table <c>SyncRuns</c>).</summary>
public sealed record SyncRun
{
    public required string RunId { get; init; }

    public required CatalogKind Kind { get; init; }

    public required string Trigger { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public double DurationMs { get; init; }

    public int Operators { get; init; }

    public int Brands { get; init; }

    public int Games { get; init; }

    public int WouldDisable { get; init; }

    public bool Forced { get; init; }

    /// <summary>SHA-256 of exactly the body pushed to Gamity.</summary>
    public string? ContentHash { get; init; }

    public SyncOutcome Outcome { get; init; }

    /// <summary>Gamity's HTTP status, when the push was attempted.</summary>
    public int? GamityStatus { get; init; }

    /// <summary>An excerpt of Gamity's answer (success or failure).</summary>
    public string? GamityResponse { get; init; }

    /// <summary>Every reason the run did not succeed (bounded; see <see cref="SyncRunStore"/>).</summary>
    public IReadOnlyList<string> Errors { get; init; } = [];

    public int ErrorCount { get; init; }
}

/// <summary>
/// What the last successful sync of a kind sent: the refs it sent enabled (the baseline of the mass-disable guard) and
/// a fingerprint of every item it sent (<see cref="CatalogFingerprints"/>; absent in states written before the
/// preview existed), so a preview can tell an update from an unchanged item.
/// </summary>
public sealed record SyncState(DateTimeOffset SyncedAt, string RunId, List<string> EnabledRefs, Dictionary<string, string>? Fingerprints = null);

/// <summary>What a sync would do at Gamity now, against what Gamity last accepted from us; nothing is sent.</summary>
public sealed record SyncPreview(
    CatalogKind Kind,
    SyncPreviewVerdict Verdict,
    DateTimeOffset? LastAcceptedAt,
    string? LastAcceptedRunId,
    IReadOnlyList<string> Add,
    IReadOnlyList<string> Update,
    IReadOnlyList<string> Disable,
    bool UpdatesKnown,
    string? GuardReason,
    IReadOnlyList<string> Errors);

public enum SyncPreviewVerdict
{
    /// <summary>A sync now would be sent to Gamity.</summary>
    WouldSync,

    /// <summary>The mass-disable guard would refuse it (a forced run would send it).</summary>
    WouldBeRefused,

    /// <summary>The catalog is invalid: a sync would send nothing.</summary>
    Invalid,
}
