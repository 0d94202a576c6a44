using System.Diagnostics.Metrics;
using Gamity.Integration.Defaults;

namespace Gamity.Integration.ActiveGames;

/// <summary>
/// The active-games instruments (meter <see cref="GamityDefaults.MeterName"/>): every refresh by outcome, and the age of
/// the snapshot this instance serves from — the two signals of the "snapshot stale" alert (docs/runbooks/stale-active-games.md).
/// </summary>
public sealed class ActiveGamesMetrics
{
    private readonly Counter<long> refreshes;
    private readonly Meter meter;

    public ActiveGamesMetrics(IMeterFactory meters)
    {
        meter = meters.Create(GamityDefaults.MeterName);
        refreshes = meter.CreateCounter<long>("gamity.active_games.refreshes", description: "RefreshActiveGames runs by outcome (Succeeded, Failed)");
    }

    public void Refreshed(bool succeeded) =>
        refreshes.Add(1, new KeyValuePair<string, object?>("outcome", succeeded ? "Succeeded" : "Failed"));

    /// <summary>Reports <paramref name="ageSeconds"/> whenever it has a value (an instance that has not read the snapshot lately reports nothing).</summary>
    public void ObserveSnapshotAge(Func<double?> ageSeconds) =>
        meter.CreateObservableGauge(
            "gamity.active_games.snapshot.age",
            () => ageSeconds() is { } age ? [new Measurement<double>(age)] : Array.Empty<Measurement<double>>(),
            unit: "s",
            description: "Age of the active-games snapshot this instance serves from");
}
