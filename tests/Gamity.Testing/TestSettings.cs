namespace Gamity.Testing;

public static class TestSettings
{
    /// <summary>Timers that never fire during a test run unless a test says so.</summary>
    public const string Never = "0 0 0 1 1 *";

    /// <summary>The X-API-Key the tests' "Gamity" presents to the payout and debit endpoints.</summary>
    public const string GamityInboundKey = "gamity-inbound-key-0001";

    /// <summary>The HS256 secret (base64 of 32 bytes) the app signs player tokens with in tests.</summary>
    public const string PlayerTokenSecret = "dGVzdC1vbmx5LXBsYXllci10b2tlbi1rZXktMDAwMDE=";

    /// <summary>The X-API-Key the tests' "casino backend" presents to POST /api/player-token.</summary>
    public const string PlayerTokenCallerKey = "player-token-caller-0001";

    /// <summary>The X-API-Key of operators (the admin and operator routes).</summary>
    public const string AdminKey = "admin-key";

    /// <summary>The least configuration the app starts with; tests override what they exercise.</summary>
    public static Dictionary<string, string?> Minimal(string storage, string gamityBaseUrl = "http://127.0.0.1:9", string catalogBaseUrl = "http://127.0.0.1:9") => new()
    {
        ["AzureWebJobsStorage"] = storage,
        ["Gamity:BaseUrl"] = gamityBaseUrl,
        ["Gamity:IntegrationId"] = "local-casino",
        ["Gamity:ApiKey"] = "sandbox-key",
        ["Gamity:MaxRetries"] = "1",
        ["Catalog:Source"] = "Http",
        ["Catalog:BaseUrl"] = catalogBaseUrl,
        ["Schedules:SyncOperatorsAndBrands"] = Never,
        ["Schedules:SyncGames"] = Never,
        ["Schedules:RefreshActiveGames"] = Never,
        ["Schedules:PurgeWalletHistory"] = Never,
        ["Schedules:SweepStalledWalletOperations"] = Never,
        ["Schedules:WriteReconciliationReport"] = Never,
        ["ActiveGames:RecheckInterval"] = "00:00:00",
        ["Admin:ApiKey"] = AdminKey,
        ["Wallet:BaseUrl"] = catalogBaseUrl.TrimEnd('/') + "/wallet",
        ["Wallet:ApiKey"] = "wallet-key",
        ["Inbound:ApiKeys:0"] = GamityInboundKey,
        ["PlayerTokens:SigningKey"] = PlayerTokenSecret,
        ["PlayerTokens:CallerApiKeys:0"] = PlayerTokenCallerKey,
        ["Schedules:ForwardRounds"] = Never,
        ["Logging:LogLevel:Default"] = "Warning",
    };

    /// <summary><see cref="Minimal"/> as environment variables (<c>Gamity__BaseUrl</c>), for a host run as a real process.</summary>
    public static Dictionary<string, string?> Environment(string storage, string gamityBaseUrl = "http://127.0.0.1:9", string catalogBaseUrl = "http://127.0.0.1:9") =>
        Minimal(storage, gamityBaseUrl, catalogBaseUrl).ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value);
}
