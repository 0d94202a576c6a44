using Gamity.Integration.Defaults;
using Gamity.Integration.Scheduling;

namespace Gamity.Integration.Catalog;

public enum CatalogSourceKind
{
    /// <summary>The casino back-office: <c>GET {BaseUrl}/operators</c> and <c>GET {BaseUrl}/games</c> (docs/catalog-source.md).</summary>
    Http,

    /// <summary>One JSON file <c>{"operators": [...], "games": [...]}</c>, for clients with a handful of brands.</summary>
    File,
}

public sealed class CatalogOptions
{
    public const string Section = "Catalog";

    public CatalogSourceKind Source { get; set; } = CatalogSourceKind.Http;

    public string? BaseUrl { get; set; }

    /// <summary>Optional key the back-office expects, sent as <c>X-API-Key</c>.</summary>
    public string? ApiKey { get; set; }

    public string? FilePath { get; set; }

    /// <summary>One GET of the back-office (a large catalog takes a while).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>All attempts of one GET together.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Resends of a failed GET (408, 429, 5xx, timeouts): reading the catalog is safe to repeat.</summary>
    public int MaxRetries { get; set; } = 2;

    public static IEnumerable<string> Validate(CatalogOptions o)
    {
        if (o.Source == CatalogSourceKind.Http && !ValidatedOptions.IsHttpUrl(o.BaseUrl))
        {
            yield return $"{ValidatedOptions.Setting(Section, nameof(BaseUrl))} must be an absolute http(s) URL when {ValidatedOptions.Setting(Section, nameof(Source))}=Http (got '{o.BaseUrl}').";
        }

        if (o.Source == CatalogSourceKind.File && string.IsNullOrWhiteSpace(o.FilePath))
        {
            yield return $"{ValidatedOptions.Setting(Section, nameof(FilePath))} is required when {ValidatedOptions.Setting(Section, nameof(Source))}=File.";
        }

        if (o.Timeout <= TimeSpan.Zero || o.TotalTimeout < o.Timeout)
        {
            yield return $"{ValidatedOptions.Setting(Section, nameof(Timeout))} must be positive and not above {ValidatedOptions.Setting(Section, nameof(TotalTimeout))}.";
        }

        if (o.MaxRetries is < 0 or > 10)
        {
            yield return $"{ValidatedOptions.Setting(Section, nameof(MaxRetries))} must be between 0 and 10.";
        }
    }
}

public sealed class SyncOptions
{
    public const string Section = "Sync";

    /// <summary>Refuse a sync that would disable more than this share of what the last successful sync sent enabled.</summary>
    public double MaxDisableFraction { get; set; } = 0.2;

    /// <summary>Every <c>enabledBrandRefs</c> entry must be a brand of the catalog's operators list.</summary>
    public bool RequireKnownBrandRefs { get; set; } = true;

    public static IEnumerable<string> Validate(SyncOptions o)
    {
        if (double.IsNaN(o.MaxDisableFraction) || o.MaxDisableFraction is < 0 or > 1)
        {
            yield return $"{ValidatedOptions.Setting(Section, nameof(MaxDisableFraction))} must be between 0 and 1 (got {o.MaxDisableFraction}).";
        }
    }
}

/// <summary>The catalog timers' schedules (<c>Schedules__SyncOperatorsAndBrands</c>, <c>Schedules__SyncGames</c>).</summary>
public sealed class CatalogSchedules
{
    /// <summary>Daily at 03:00 UTC: Gamity asks for one operator/brand sync a day in production.</summary>
    public string SyncOperatorsAndBrands { get; set; } = "0 0 3 * * *";

    /// <summary>Daily at 03:15 UTC, after operators and brands so new brands exist when games reference them.</summary>
    public string SyncGames { get; set; } = "0 15 3 * * *";

    public static IEnumerable<string> Validate(CatalogSchedules o) =>
        Schedule.Validate(nameof(SyncOperatorsAndBrands), o.SyncOperatorsAndBrands).Concat(Schedule.Validate(nameof(SyncGames), o.SyncGames));
}
