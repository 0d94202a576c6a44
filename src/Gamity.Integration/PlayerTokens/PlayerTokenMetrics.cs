using System.Diagnostics.Metrics;
using Gamity.Integration.Defaults;

namespace Gamity.Integration.PlayerTokens;

/// <summary>Tokens issued, by purpose; test-mode answers counted apart.</summary>
public sealed class PlayerTokenMetrics(IMeterFactory meters)
{
    private readonly Counter<long> issued = meters.Create(GamityDefaults.MeterName).CreateCounter<long>(
        "gamity.player_tokens.issued", description: "Widget/lobby tokens issued, by purpose (test_mode=true: answered isTestMode, nothing signed)");

    public void Issued(string purpose, bool testMode) =>
        issued.Add(1, new KeyValuePair<string, object?>("purpose", purpose), new KeyValuePair<string, object?>("test_mode", testMode));
}
