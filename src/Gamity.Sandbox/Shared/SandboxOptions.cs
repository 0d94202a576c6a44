namespace Gamity.Sandbox.Shared;

/// <summary>Settings read from the <c>Sandbox</c> configuration section.</summary>
public sealed class SandboxOptions
{
    public const string SectionName = "Sandbox";

    /// <summary>The only integration id the fake Gamity knows; other ids under <c>/external/</c> answer 404.</summary>
    public string IntegrationId { get; set; } = "local-casino";

    /// <summary>The value every <c>/external/</c> call must send in <c>X-API-Key</c>.</summary>
    public string ApiKey { get; set; } = "sandbox-key";

    /// <summary>Start (and reset) with the demo casino catalog and demo active games instead of empty lists.</summary>
    public bool SeedDemoData { get; set; } = true;

    /// <summary>
    /// How long the Gamity driver (<c>POST /sandbox/gamity/send-payout</c>, <c>send-debit</c>) waits between
    /// attempts when the request names no <c>retryIntervalMs</c>; Gamity's "Auto payout" waits 5 minutes.
    /// </summary>
    public TimeSpan GamityRetryInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The fake casino wallet under <c>/wallet</c> (section <c>Sandbox:Wallet</c>).</summary>
    public WalletOptions Wallet { get; set; } = new();
}

/// <summary>Settings of the fake casino wallet, section <c>Sandbox:Wallet</c>.</summary>
public sealed class WalletOptions
{
    /// <summary>The value every <c>/wallet/</c> call must send in <c>X-API-Key</c>.</summary>
    public string ApiKey { get; set; } = "wallet-key";

    /// <summary>An unknown player is created on first use (else: 404 <c>PLAYER_NOT_FOUND</c>).</summary>
    public bool AutoCreatePlayers { get; set; } = true;

    /// <summary>Balance of an auto-created player, in the currency of the call that created it.</summary>
    public decimal StartingBalance { get; set; } = 1000m;
}
