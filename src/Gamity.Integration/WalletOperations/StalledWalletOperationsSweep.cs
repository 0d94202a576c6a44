using Microsoft.DurableTask.Client;

namespace Gamity.Integration.WalletOperations;

/// <summary>
/// The backstop behind Gamity's repeats (docs/adr/0012-durable-wallet-workflow.md, "Stalled operations"): an hourly
/// look at every open record for one nothing carries any more — a claim whose process died mid-call when Gamity did
/// not call again, or an orchestration whose start never landed — and hands it to an orchestration. Safe on any
/// number of instances at once: every move is ETag-guarded and an orchestration is started only where none runs.
/// </summary>
public sealed class StalledWalletOperationsSweep(WalletOperationStore store, WalletOperationEngine engine, WalletMetrics metrics, ILogger<StalledWalletOperationsSweep> logger)
{
    /// <returns>How many operations it resumed.</returns>
    public async Task<int> SweepAsync(DurableTaskClient orchestrations, CancellationToken cancellationToken)
    {
        var open = 0;
        var resumed = 0;
        await foreach (var operation in store.OpenAsync(cancellationToken))
        {
            open++;
            var stateBefore = operation.State;
            if (await engine.ResumeIfStalledAsync(operation, orchestrations, cancellationToken))
            {
                resumed++;
                metrics.Stalled(operation.Kind, stateBefore);
                logger.LogWarning(
                    "{Kind} {Ref} was stalled in {State} (last written {UpdatedAt:O}, nothing carrying it) and is resumed by orchestration {InstanceId}",
                    operation.Kind, operation.Ref, stateBefore, operation.UpdatedAt, operation.InstanceId);
            }
        }

        logger.LogInformation("Stalled-operations sweep: {Open} open payouts and debits, {Resumed} resumed", open, resumed);
        return resumed;
    }
}
