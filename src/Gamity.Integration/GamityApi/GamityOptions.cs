using Gamity.Integration.Defaults;

namespace Gamity.Integration.GamityApi;

public sealed class GamityOptions
{
    public const string Section = "Gamity";

    /// <summary>Gamity's API host, e.g. <c>https://qa-ec1.transaction-api.gamity.io</c> (gamity-contract.md §1).</summary>
    public string BaseUrl { get; set; } = string.Empty;

    /// <summary>Agreed at onboarding; identifies the client and its environment (gamity-contract.md §1).</summary>
    public string IntegrationId { get; set; } = string.Empty;

    /// <summary>The integration's key, sent as <c>X-API-Key</c> on every call to Gamity.</summary>
    public string ApiKey { get; set; } = string.Empty;

    /// <summary>Timeout of one HTTP attempt. Full-portfolio syncs are large, so this is generous.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Timeout of one call including its retries.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromMinutes(4);

    /// <summary>Retries of a management call (408, 429, 5xx, timeouts). Sync calls are full snapshots, so a retry is safe.</summary>
    public int MaxRetries { get; set; } = 3;

    public static IEnumerable<string> Validate(GamityOptions o)
    {
        if (!ValidatedOptions.IsHttpUrl(o.BaseUrl))
        {
            yield return $"{ValidatedOptions.Setting(Section, nameof(BaseUrl))} must be an absolute http(s) URL (got '{o.BaseUrl}').";
        }

        if (string.IsNullOrWhiteSpace(o.IntegrationId) || o.IntegrationId.Length > 100)
        {
            yield return $"{ValidatedOptions.Setting(Section, nameof(IntegrationId))} is required (at most 100 characters): the integrationId agreed with Codemodity.";
        }

        if (string.IsNullOrWhiteSpace(o.ApiKey))
        {
            yield return $"{ValidatedOptions.Setting(Section, nameof(ApiKey))} is required: the X-API-Key Codemodity issued for this integration.";
        }

        if (o.AttemptTimeout <= TimeSpan.Zero || o.TotalTimeout < o.AttemptTimeout)
        {
            yield return $"{ValidatedOptions.Setting(Section, nameof(AttemptTimeout))} must be positive and not above {ValidatedOptions.Setting(Section, nameof(TotalTimeout))}.";
        }

        if (o.MaxRetries is < 0 or > 10)
        {
            yield return $"{ValidatedOptions.Setting(Section, nameof(MaxRetries))} must be between 0 and 10.";
        }
    }
}
