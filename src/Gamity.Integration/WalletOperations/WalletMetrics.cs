using System.Diagnostics.Metrics;
using Gamity.Integration.Defaults;
using Gamity.Integration.Catalog;

namespace Gamity.Integration.WalletOperations;

public sealed class WalletMetrics
{
    private readonly Counter<long> settled;
    private readonly Counter<long> failed;
    private readonly Histogram<double> walletCall;
    private readonly Histogram<double> openAge;
    private readonly Counter<long> stalled;

    public WalletMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(GamityDefaults.MeterName);
        settled = meter.CreateCounter<long>("gamity.wallet.operations", description: "Payouts and debits reaching a state, by kind and state");
        failed = meter.CreateCounter<long>("gamity.wallet.failed", description: "Operations whose retry budget ran out: alert on any");
        walletCall = meter.CreateHistogram<double>("gamity.wallet.call.duration", unit: "ms", description: "Wallet call latency by call and outcome");
        stalled = meter.CreateCounter<long>("gamity.wallet.stalled", description: "Open payouts and debits nothing carried any more (a claim whose process died, an orchestration that never started), resumed by the sweep");
        openAge = meter.CreateHistogram<double>("gamity.wallet.open.age", unit: "s", description: "Age since first received of a payout or debit each time an attempt leaves it open (Retrying, Unknown, RollingBack)");
    }

    public void Reached(WalletOperation operation)
    {
        var kind = new KeyValuePair<string, object?>("kind", operation.Kind.ToString());
        var state = new KeyValuePair<string, object?>("state", operation.State);
        settled.Add(1, kind, state);
        if (OperationRules.IsOrchestrated(operation.CurrentState))
        {
            // The "waiting on retries too long" alert's signal (docs/runbooks/reading-the-alerts.md).
            openAge.Record(Math.Max(0, (operation.UpdatedAt - operation.CreatedAt).TotalSeconds), kind, state);
        }
    }

    public void Stalled(OperationKind kind, string stateBefore) =>
        stalled.Add(1, new KeyValuePair<string, object?>("kind", kind.ToString()), new KeyValuePair<string, object?>("state", stateBefore));

    public void Failed(WalletOperation operation) => failed.Add(1, new KeyValuePair<string, object?>("kind", operation.Kind.ToString()));

    public void WalletCall(string call, string outcome, TimeSpan elapsed) =>
        walletCall.Record(elapsed.TotalMilliseconds, new KeyValuePair<string, object?>("call", call), new KeyValuePair<string, object?>("outcome", outcome));
}
