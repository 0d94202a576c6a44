using System.Diagnostics.Metrics;
using Gamity.Functions.Catalog;

namespace Gamity.Functions.Telemetry;

/// <summary>The app's OpenTelemetry instruments (meter <c>Gamity.Functions</c>).</summary>
public sealed class GamityMetrics
{
    public const string MeterName = "Gamity.Functions";

    private readonly Counter<long> catalogSyncRuns;
    private readonly Histogram<double> catalogSyncDuration;

    public GamityMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        catalogSyncRuns = meter.CreateCounter<long>("gamity.catalog.sync.runs", description: "Catalog sync runs by kind and outcome");
        catalogSyncDuration = meter.CreateHistogram<double>("gamity.catalog.sync.duration", unit: "ms", description: "Catalog sync run duration");
    }

    public void RecordCatalogSync(SyncRun run)
    {
        var kind = new KeyValuePair<string, object?>("kind", run.Kind.ToString());
        var outcome = new KeyValuePair<string, object?>("outcome", run.Outcome.ToString());
        catalogSyncRuns.Add(1, kind, outcome);
        catalogSyncDuration.Record(run.DurationMs, kind, outcome);
    }
}
