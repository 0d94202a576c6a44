using System.Threading.Channels;
using Azure;
using Azure.Data.Tables;

namespace Gamity.Integration.WalletOperations;

/// <summary>
/// Group commit for the sweep's schedule rows (ADR 0007). Every open operation needs its schedule row written
/// before its record, and removed once settled; done one row at a time that is two of the five storage requests
/// a payout made. Here one loop writes whatever rows are waiting as one entity-group transaction (all rows share
/// a partition; at most 100 per transaction), so under load many payouts share one request, and with one request
/// in flight at a time an idle system still writes each row at once.
/// </summary>
/// <remarks>
/// Upserts are awaited: the caller goes on only once its row is durable. Deletes are not: a row that outlives
/// its settled operation (crash, storage error) only makes the sweep look at it once more, which is harmless.
/// </remarks>
public sealed class ScheduleWriter : IAsyncDisposable, IDisposable
{
    /// <summary>An entity-group transaction holds at most 100 operations.</summary>
    public const int MaxBatch = 100;

    private readonly TableClient table;
    private readonly string partition;
    private readonly ILogger logger;
    private readonly Channel<Change> changes = Channel.CreateUnbounded<Change>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task loop;

    public ScheduleWriter(TableClient table, string partition, ILogger logger)
    {
        this.table = table;
        this.partition = partition;
        this.logger = logger;
        loop = Task.Run(WriteLoopAsync);
    }

    /// <summary>How many transactions were submitted (tests read it to see the batching).</summary>
    public long Transactions => Interlocked.Read(ref transactions);

    private long transactions;

    /// <summary>Completes once <paramref name="row"/> is stored (or replaced by a later change to the same row).</summary>
    public Task UpsertAsync(TableEntity row, CancellationToken cancellationToken)
    {
        var stored = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!changes.Writer.TryWrite(new Change(row.RowKey, row, stored)))
        {
            throw new ObjectDisposedException(nameof(ScheduleWriter));
        }

        return stored.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Removes the row in the next transaction; does not wait (see remarks).</summary>
    public void Delete(string rowKey) => changes.Writer.TryWrite(new Change(rowKey, Upsert: null, Stored: null));

    /// <summary>Writes what is still waiting (pending deletes included), for at most a few seconds.</summary>
    public async ValueTask DisposeAsync()
    {
        changes.Writer.TryComplete();
        try
        {
            await loop.WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (TimeoutException)
        {
            logger.LogWarning("Stopped with wallet schedule rows unwritten; the sweep re-checks their operations");
        }
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private async Task WriteLoopAsync()
    {
        var batch = new Dictionary<string, Change>(MaxBatch, StringComparer.Ordinal);
        var waiting = new List<TaskCompletionSource>();
        while (await changes.Reader.WaitToReadAsync())
        {
            // A transaction may touch a row only once: a later change to the same row replaces the earlier one.
            while (batch.Count < MaxBatch && changes.Reader.TryRead(out var change))
            {
                batch[change.RowKey] = change;
                if (change.Stored is not null)
                {
                    waiting.Add(change.Stored);
                }
            }

            try
            {
                await SubmitAsync([.. batch.Values.Select(Action)]);
                waiting.ForEach(w => w.TrySetResult());
            }
            catch (Exception exception)
            {
                logger.LogWarning(exception, "Writing {Count} wallet schedule row(s) failed", batch.Count);
                waiting.ForEach(w => w.TrySetException(exception));
            }

            batch.Clear();
            waiting.Clear();
        }
    }

    private async Task SubmitAsync(List<TableTransactionAction> actions)
    {
        while (actions.Count > 0)
        {
            try
            {
                Interlocked.Increment(ref transactions);
                await table.SubmitTransactionAsync(actions);
                return;
            }
            catch (TableTransactionFailedException exception) when (actions.Exists(IsDelete))
            {
                if (exception.Status == 404 && exception.FailedTransactionActionIndex is { } index && index < actions.Count && IsDelete(actions[index]))
                {
                    // Someone removed that row already; the whole transaction was refused, so submit the rest again.
                    actions.RemoveAt(index);
                    continue;
                }

                // Not attributable to one missing row: the upserts go alone, and each delete on its own.
                foreach (var delete in actions.Where(IsDelete))
                {
                    await DeleteOneAsync(delete.Entity.RowKey);
                }

                actions.RemoveAll(IsDelete);
            }
        }
    }

    private async Task DeleteOneAsync(string rowKey)
    {
        try
        {
            await table.DeleteEntityAsync(partition, rowKey, ETag.All);
        }
        catch (RequestFailedException exception) when (exception.Status == 404)
        {
        }
    }

    private static bool IsDelete(TableTransactionAction action) => action.ActionType == TableTransactionActionType.Delete;

    private TableTransactionAction Action(Change change) => change.Upsert is { } row
        ? new TableTransactionAction(TableTransactionActionType.UpsertReplace, row)
        : new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(partition, change.RowKey), ETag.All);

    private sealed record Change(string RowKey, TableEntity? Upsert, TaskCompletionSource? Stored);
}
