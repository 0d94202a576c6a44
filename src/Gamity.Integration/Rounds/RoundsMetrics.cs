using System.Diagnostics.Metrics;
using Gamity.Integration.Defaults;
using Gamity.Integration.Catalog;

namespace Gamity.Integration.Rounds;

/// <summary>Rounds pipeline instruments (meter <c>Gamity.Functions</c>).</summary>
public sealed class RoundsMetrics
{
    private readonly Counter<long> received;
    private readonly Counter<long> invalid;
    private readonly Counter<long> filteredOut;
    private readonly Counter<long> forwarded;
    private readonly Counter<long> batchFailures;
    private readonly Histogram<double> batchLatency;
    private readonly Counter<long> rejected;
    private readonly Histogram<double> drainMessageAge;

    public RoundsMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(GamityDefaults.MeterName);
        received = meter.CreateCounter<long>("gamity.rounds.received", description: "Rounds decoded from messages (valid or not)");
        invalid = meter.CreateCounter<long>("gamity.rounds.invalid", description: "Rounds or bodies recorded as invalid");
        filteredOut = meter.CreateCounter<long>("gamity.rounds.filtered_out", description: "Valid rounds not forwarded: no active tournament for the game on the brand");
        forwarded = meter.CreateCounter<long>("gamity.rounds.forwarded", description: "Rounds Gamity accepted");
        batchFailures = meter.CreateCounter<long>("gamity.rounds.batch_failures", description: "Chunks that Gamity refused or that failed after retries");
        batchLatency = meter.CreateHistogram<double>("gamity.rounds.batch.duration", unit: "ms", description: "Time to deliver one chunk, retries included");
        rejected = meter.CreateCounter<long>("gamity.rounds.rejected", description: "Rounds in chunks Gamity refused for good (recorded in InvalidRounds)");
        drainMessageAge = meter.CreateHistogram<double>("gamity.rounds.drain.message_age", unit: "s", description: "Service Bus rounds messages: time from enqueued to received by ForwardRounds");
    }

    public void Received(int count) => received.Add(count);

    public void Invalid(int count) => invalid.Add(count);

    public void FilteredOut(int count) => filteredOut.Add(count);

    public void Forwarded(int count) => forwarded.Add(count);

    public void BatchFailed(string reason) => batchFailures.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void BatchLatency(TimeSpan elapsed) => batchLatency.Record(elapsed.TotalMilliseconds);

    public void Rejected(int count) => rejected.Add(count);

    public void DrainMessageAge(TimeSpan age) => drainMessageAge.Record(Math.Max(0, age.TotalSeconds));
}
