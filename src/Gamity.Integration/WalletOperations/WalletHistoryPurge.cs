using Gamity.Integration.Defaults;
using Gamity.Integration.Scheduling;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gamity.Integration.WalletOperations;

/// <summary><c>Retention__*</c>: how long the wallet workflow's traces are kept (docs/adr/0012-durable-wallet-workflow.md, "Retention").</summary>
public sealed class RetentionOptions
{
    public const string Section = "Retention";

    /// <summary>Finished orchestration instances (completed, failed, terminated) created longer ago than this are purged.</summary>
    public TimeSpan OrchestrationHistory { get; set; } = TimeSpan.FromDays(30);

    /// <summary>
    /// Settled claim records last changed longer ago than this are deleted. They are the idempotency memory and
    /// what reconciliation reads, so the default is generous; a ref Gamity sent again after its record is gone
    /// would be executed again. <c>Failed</c> and open records are never deleted.
    /// </summary>
    public TimeSpan ClaimRecords { get; set; } = TimeSpan.FromDays(90);

    public static IEnumerable<string> Validate(RetentionOptions o)
    {
        if (o.OrchestrationHistory < TimeSpan.FromDays(1))
        {
            yield return $"{ValidatedOptions.Setting(Section, nameof(OrchestrationHistory))} must be at least 1.00:00:00 (got {o.OrchestrationHistory}).";
        }

        if (o.OrchestrationHistory > o.ClaimRecords)
        {
            // A new record's first orchestration is started without looking for an older instance of the same id.
            yield return $"{ValidatedOptions.Setting(Section, nameof(OrchestrationHistory))} must not be longer than {ValidatedOptions.Setting(Section, nameof(ClaimRecords))}: a history must be gone before its record is.";
        }

        if (o.ClaimRecords < TimeSpan.FromDays(30))
        {
            yield return $"{ValidatedOptions.Setting(Section, nameof(ClaimRecords))} must be at least 30.00:00:00: the records are the idempotency memory and the reconciliation source (got {o.ClaimRecords}).";
        }
    }
}

/// <summary>
/// <c>Schedules__PurgeWalletHistory</c>: daily at 03:30 UTC by default; <c>Schedules__SweepStalledWalletOperations</c>:
/// hourly at minute 20.
/// </summary>
public sealed class WalletOperationsSchedules
{
    public string PurgeWalletHistory { get; set; } = "0 30 3 * * *";

    public string SweepStalledWalletOperations { get; set; } = "0 20 * * * *";

    public static IEnumerable<string> Validate(WalletOperationsSchedules o) =>
        Schedule.Validate(nameof(PurgeWalletHistory), o.PurgeWalletHistory).Concat(Schedule.Validate(nameof(SweepStalledWalletOperations), o.SweepStalledWalletOperations));
}

/// <summary>What one purge removed.</summary>
public sealed record PurgeReport(int OrchestrationInstances, int ClaimRecords);

/// <summary>
/// The daily purge: orchestration histories past <see cref="RetentionOptions.OrchestrationHistory"/>, then settled
/// claim records past <see cref="RetentionOptions.ClaimRecords"/>. Safe to run at any time and on any number of
/// instances: a running orchestration is never purged (the filter names finished statuses only), a record is
/// deleted only if nobody changed it since it was read (ETag), and a record whose instance was purged is still
/// answered from (the record is the truth, not the history).
/// </summary>
public sealed class WalletHistoryPurge(WalletOperationStore store, IOptions<RetentionOptions> options, TimeProvider time, ILogger<WalletHistoryPurge> logger)
{
    private static readonly OrchestrationRuntimeStatus[] Finished =
        [OrchestrationRuntimeStatus.Completed, OrchestrationRuntimeStatus.Failed, OrchestrationRuntimeStatus.Terminated];

    public async Task<PurgeReport> PurgeAsync(DurableTaskClient orchestrations, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var retention = options.Value;
        // CreatedFrom is given although any start would do: the standalone sidecar's gRPC service reads it unconditionally.
        var purged = await orchestrations.PurgeAllInstancesAsync(
            new PurgeInstancesFilter(CreatedFrom: DateTimeOffset.UnixEpoch, CreatedTo: now - retention.OrchestrationHistory, Statuses: Finished),
            cancellationToken);

        var deleted = 0;
        await Parallel.ForEachAsync(
            store.ChangedBeforeAsync(now - retention.ClaimRecords, cancellationToken),
            new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
            async (operation, ct) =>
            {
                if (IsExpirable(operation.CurrentState) && await store.TryDeleteAsync(operation, ct))
                {
                    Interlocked.Increment(ref deleted);
                }
            });

        logger.LogInformation("Purged {Instances} orchestration instances created before {InstancesBefore:O} and {Records} settled claim records last changed before {RecordsBefore:O}",
            purged.PurgedInstanceCount, now - retention.OrchestrationHistory, deleted, now - retention.ClaimRecords);
        return new PurgeReport(purged.PurgedInstanceCount, deleted);
    }

    /// <summary>Settled for good: a <c>Failed</c> one waits for an operator's re-drive however old it is.</summary>
    private static bool IsExpirable(OperationState state) => OperationRules.IsSettled(state) && state != OperationState.Failed;
}
