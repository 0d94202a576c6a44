using Gamity.Integration.Defaults;

namespace Gamity.Integration.PlayerTokens;

/// <summary>
/// The JWT for Gamity's widget and lobby (ADR 0008). Gamity does not publish the claim names, the algorithm or
/// the lifetime (gamity-contract.md §8.4, open question 10), so all three are settings with documented defaults
/// (docs/gamity-assumptions.md, T1–T5).
/// </summary>
public sealed class PlayerTokenOptions
{
    public const string Section = "PlayerTokens";

    /// <summary>Keys of the casino backends that may ask for tokens (<c>X-API-Key</c>; two during a rotation).</summary>
    public List<string> CallerApiKeys { get; set; } = [];

    /// <summary>Answer <c>{isTestMode: true}</c> and issue nothing, so a site can mount the widget before keys exist.</summary>
    public bool TestMode { get; set; }

    /// <summary><c>HS256</c> (shared secret), <c>RS256</c> or <c>ES256</c> (PEM private key). Nothing else, <c>none</c> least of all.</summary>
    public string Algorithm { get; set; } = PlayerTokenSigning.HS256;

    /// <summary>HS256: the secret in base64 (≥ 32 bytes decoded). RS256/ES256: the PEM private key. A Key Vault reference in Azure.</summary>
    public string? SigningKey { get; set; }

    /// <summary>Optional <c>kid</c> header, for when Codemodity holds more than one of our keys.</summary>
    public string? KeyId { get; set; }

    public TimeSpan Lifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Optional <c>iss</c> / <c>aud</c> claims (omitted when empty).</summary>
    public string? Issuer { get; set; }

    public string? Audience { get; set; }

    public PlayerTokenClaimNames Claims { get; set; } = new();

    public static IEnumerable<string> Validate(PlayerTokenOptions o)
    {
        var keys = o.CallerApiKeys.Where(k => !string.IsNullOrEmpty(k)).ToList();
        if (keys.Count > 2 || keys.Any(k => k.Length < 16))
        {
            yield return $"{ValidatedOptions.Setting(Section, nameof(CallerApiKeys))}__0 (and __1 during a rotation) must each be at least 16 characters; at most two.";
        }

        if (o.Lifetime < TimeSpan.FromMinutes(1) || o.Lifetime > TimeSpan.FromDays(1))
        {
            yield return $"{ValidatedOptions.Setting(Section, nameof(Lifetime))} must be between 00:01:00 and 1.00:00:00, got {o.Lifetime}.";
        }

        // In test mode no token is signed, so a key may be missing; one that is set must still be good.
        if (!o.TestMode || !string.IsNullOrEmpty(o.SigningKey))
        {
            if (PlayerTokenSigning.Load(o.Algorithm, o.SigningKey, o.KeyId).Error is { } error)
            {
                yield return error;
            }
        }

        foreach (var error in o.Claims.Validate())
        {
            yield return error;
        }
    }
}

/// <summary>The name each claim gets in the token (T2). Settings <c>PlayerTokens__Claims__{Property}</c>.</summary>
public sealed class PlayerTokenClaimNames
{
    /// <summary>Gamity's <c>integrationId</c> (<c>Gamity__IntegrationId</c>); the lobby calls it <c>integrationRef</c> (gamity-contract.md §9.2).</summary>
    public string IntegrationId { get; set; } = "integrationRef";

    /// <summary>The lobby's <c>brandRef</c> (gamity-contract.md §9.2): our <c>brandId</c>.</summary>
    public string BrandId { get; set; } = "brandRef";

    public string PlayerId { get; set; } = "playerId";

    /// <summary>Only present when the caller names a game (the widget inside a game).</summary>
    public string GameId { get; set; } = "gameId";

    public string Currency { get; set; } = "currency";

    /// <summary>Only present when the caller names one.</summary>
    public string Language { get; set; } = "language";

    /// <summary><c>widget</c> or <c>lobby</c>.</summary>
    public string Purpose { get; set; } = "purpose";

    /// <summary>Registered claims the issuer sets itself; a configured name may not take one of them.</summary>
    public static readonly string[] Reserved = ["iat", "exp", "jti", "nbf", "iss", "aud", "typ", "alg", "kid"];

    public IReadOnlyList<(string Setting, string Name)> All() =>
    [
        (nameof(IntegrationId), IntegrationId), (nameof(BrandId), BrandId), (nameof(PlayerId), PlayerId), (nameof(GameId), GameId),
        (nameof(Currency), Currency), (nameof(Language), Language), (nameof(Purpose), Purpose),
    ];

    public IEnumerable<string> Validate()
    {
        var all = All();
        foreach (var (setting, name) in all)
        {
            var variable = $"{ValidatedOptions.Setting(PlayerTokenOptions.Section, nameof(PlayerTokenOptions.Claims))}__{setting}";
            if (string.IsNullOrWhiteSpace(name) || name.Length > 64)
            {
                yield return $"{variable} must be a claim name of 1–64 characters, got '{name}'.";
            }
            else if (Reserved.Contains(name, StringComparer.Ordinal))
            {
                yield return $"{variable} must not be '{name}': the issuer sets that claim itself.";
            }
        }

        foreach (var duplicate in all.GroupBy(c => c.Name, StringComparer.Ordinal).Where(g => g.Count() > 1 && !string.IsNullOrWhiteSpace(g.Key)))
        {
            yield return $"{ValidatedOptions.Setting(PlayerTokenOptions.Section, nameof(PlayerTokenOptions.Claims))}__{{{string.Join(", ", duplicate.Select(d => d.Setting))}}} all name the claim '{duplicate.Key}'; each needs its own.";
        }
    }
}
