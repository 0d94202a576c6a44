using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Gamity.Integration.Storage;

namespace Gamity.Integration.WalletOperations;

/// <summary>
/// Persistence of the workflow: the records (ETag-guarded), the schedule of open operations (what the minute
/// sweep scans, so it never scans history; written in groups by <see cref="ScheduleWriter"/>), and the queue
/// whose delayed messages are the durable timers.
/// </summary>
public sealed class WalletOperationStore(StorageClients storage, ILogger<WalletOperationStore>? logger = null) : IAsyncDisposable, IDisposable
{
    public const string QueueName = "wallet-operations";
    private const string SchedulePartition = "open";
    private readonly TableClient operations = storage.Tables.GetTableClient(StorageNames.WalletOperationsTable);
    private readonly TableClient schedule = storage.Tables.GetTableClient(StorageNames.WalletScheduleTable);
    private readonly ScheduleWriter scheduleWriter = new(
        storage.Tables.GetTableClient(StorageNames.WalletScheduleTable), SchedulePartition, (ILogger?)logger ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
    private readonly QueueClient queue = storage.Queues.GetQueueClient(QueueName);
    private readonly CreateOnce create = new(async ct =>
    {
        await storage.Tables.GetTableClient(StorageNames.WalletOperationsTable).CreateIfNotExistsAsync(ct);
        await storage.Tables.GetTableClient(StorageNames.WalletScheduleTable).CreateIfNotExistsAsync(ct);
        await storage.Queues.GetQueueClient(QueueName).CreateIfNotExistsAsync(cancellationToken: ct);
    });

    public async Task<WalletOperation?> GetAsync(string reference, OperationKind kind, CancellationToken cancellationToken)
    {
        await create.EnsureAsync(cancellationToken);
        var found = await operations.GetEntityIfExistsAsync<WalletOperation>(reference, WalletOperation.RowKeyOf(reference, kind), cancellationToken: cancellationToken);
        return found.HasValue ? found.Value : null;
    }

    /// <summary>Inserts a new record; false when the ref exists already (another request won the race).</summary>
    public async Task<bool> TryCreateAsync(WalletOperation operation, CancellationToken cancellationToken)
    {
        await create.EnsureAsync(cancellationToken);
        try
        {
            var response = await operations.AddEntityAsync(operation, cancellationToken);
            operation.ETag = response.Headers.ETag ?? default;
            return true;
        }
        catch (RequestFailedException exception) when (exception.Status == 409)
        {
            return false;
        }
    }

    /// <summary>Writes the record only if nobody changed it since it was read; false when someone did.</summary>
    public async Task<bool> TryUpdateAsync(WalletOperation operation, CancellationToken cancellationToken)
    {
        try
        {
            var response = await operations.UpdateEntityAsync(operation, operation.ETag, TableUpdateMode.Replace, cancellationToken);
            operation.ETag = response.Headers.ETag ?? default;
            return true;
        }
        catch (RequestFailedException exception) when (exception.Status is 412 or 404)
        {
            return false;
        }
    }

    /// <summary>Marks the operation open with its next step due at <paramref name="due"/> (the sweep's index).</summary>
    public async Task ScheduleAsync(string reference, OperationKind kind, DateTimeOffset due, CancellationToken cancellationToken)
    {
        await create.EnsureAsync(cancellationToken);
        await scheduleWriter.UpsertAsync(new TableEntity(SchedulePartition, ScheduleKey(reference, kind)) { ["Ref"] = reference, ["Kind"] = kind.ToString(), ["DueAt"] = due }, cancellationToken);
    }

    /// <summary>Takes the operation out of the sweep's index soon, without waiting (a late removal is harmless).</summary>
    public void Unschedule(string reference, OperationKind kind) => scheduleWriter.Delete(ScheduleKey(reference, kind));

    public ValueTask DisposeAsync() => scheduleWriter.DisposeAsync();

    public void Dispose() => scheduleWriter.Dispose();

    public async Task<List<OperationMessage>> GetOverdueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken)
    {
        await create.EnsureAsync(cancellationToken);
        var due = new List<OperationMessage>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {SchedulePartition} and DueAt le {now}");
        await foreach (var row in schedule.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            due.Add(new OperationMessage(row.GetString("Ref"), Enum.Parse<OperationKind>(row.GetString("Kind"))));
            if (due.Count == max)
            {
                break;
            }
        }

        return due;
    }

    /// <summary>A durable timer: the message becomes visible after <paramref name="delay"/> (at most 7 days).</summary>
    public async Task EnqueueAsync(string reference, OperationKind kind, TimeSpan delay, CancellationToken cancellationToken)
    {
        await create.EnsureAsync(cancellationToken);
        var text = JsonSerializer.Serialize(new OperationMessage(reference, kind), WalletOperationsJsonContext.Default.OperationMessage);
        // Visibility is whole seconds: round up, so the message is never early (an early one only reschedules).
        var seconds = Math.Clamp(Math.Ceiling(delay.TotalSeconds), 0, TimeSpan.FromDays(7).TotalSeconds - 1);
        await queue.SendMessageAsync(text, TimeSpan.FromSeconds(seconds), cancellationToken: cancellationToken);
    }

    private static string ScheduleKey(string reference, OperationKind kind) => WalletOperation.RowKeyOf(reference, kind);
}
