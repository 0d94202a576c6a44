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
}
