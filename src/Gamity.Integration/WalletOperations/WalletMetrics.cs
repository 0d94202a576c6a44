using System.Diagnostics.Metrics;
using Gamity.Integration.Defaults;
using Gamity.Integration.Catalog;

namespace Gamity.Integration.WalletOperations;

public sealed class WalletMetrics
{
    private readonly Counter<long> settled;
    private readonly Counter<long> failed;
    private readonly Histogram<double> walletCall;

    public WalletMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(GamityDefaults.MeterName);
        settled = meter.CreateCounter<long>("gamity.wallet.operations", description: "Payouts and debits reaching a state, by kind and state");
        failed = meter.CreateCounter<long>("gamity.wallet.failed", description: "Operations whose retry budget ran out: alert on any");
        walletCall = meter.CreateHistogram<double>("gamity.wallet.call.duration", unit: "ms", description: "Wallet call latency by call and outcome");
    }

    public void Reached(WalletOperation operation) =>
        settled.Add(1, new KeyValuePair<string, object?>("kind", operation.Kind.ToString()), new KeyValuePair<string, object?>("state", operation.State));

    public void Failed(WalletOperation operation) => failed.Add(1, new KeyValuePair<string, object?>("kind", operation.Kind.ToString()));

    public void WalletCall(string call, string outcome, TimeSpan elapsed) =>
        walletCall.Record(elapsed.TotalMilliseconds, new KeyValuePair<string, object?>("call", call), new KeyValuePair<string, object?>("outcome", outcome));
}
