using System.Diagnostics.Metrics;
using Gamity.Functions.Telemetry;

namespace Gamity.Functions.PlayerTokens;

/// <summary>Tokens issued (by purpose; test-mode answers counted apart) and availability answers (by outcome).</summary>
public sealed class PlayerTokenMetrics
{
    private readonly Counter<long> issued;
    private readonly Counter<long> availability;

    public PlayerTokenMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(GamityMetrics.MeterName);
        issued = meter.CreateCounter<long>("gamity.player_tokens.issued", description: "Widget/lobby tokens issued, by purpose (test_mode=true: answered isTestMode, nothing signed)");
        availability = meter.CreateCounter<long>("gamity.widget.availability", description: "Widget availability answers, by load and stale (stale = failed open)");
    }

    public void Issued(string purpose, bool testMode) =>
        issued.Add(1, new KeyValuePair<string, object?>("purpose", purpose), new KeyValuePair<string, object?>("test_mode", testMode));

    public void Answered(bool load, bool stale) =>
        availability.Add(1, new KeyValuePair<string, object?>("load", load), new KeyValuePair<string, object?>("stale", stale));
}
