using Gamity.Integration.Defaults;
using System.Diagnostics.Metrics;
using Gamity.Integration.Catalog;

namespace Gamity.Integration.Catalog;

/// <summary>The catalog sync's instruments (meter <see cref="GamityDefaults.MeterName"/>).</summary>
public sealed class CatalogMetrics
{
    private readonly Counter<long> catalogSyncRuns;
    private readonly Histogram<double> catalogSyncDuration;

    public CatalogMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(GamityDefaults.MeterName);
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
