using System.Runtime.CompilerServices;
using Azure;
using Azure.Data.Tables;
using Gamity.Integration.Storage;

namespace Gamity.Integration.WalletOperations;

/// <summary>
/// The claim records (table <c>WalletOperations</c>), ETag-guarded: inserting one decides who executes a ref, and
/// every later move (or the retention job's delete) is written only if nobody moved the record since it was read.
/// </summary>
public sealed class WalletOperationStore(StorageClients storage)
{
    private readonly TableClient operations = storage.Tables.GetTableClient(StorageNames.WalletOperationsTable);
    private readonly CreateOnce create = new(ct => storage.Tables.GetTableClient(StorageNames.WalletOperationsTable).CreateIfNotExistsAsync(ct));

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

    /// <summary>Every record last written before <paramref name="cutoff"/> (a scan: the retention job's, once a day).</summary>
    public async IAsyncEnumerable<WalletOperation> ChangedBeforeAsync(DateTimeOffset cutoff, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await create.EnsureAsync(cancellationToken);
        var filter = TableClient.CreateQueryFilter($"UpdatedAt lt {cutoff}");
        await foreach (var operation in operations.QueryAsync<WalletOperation>(filter, cancellationToken: cancellationToken))
        {
            yield return operation;
        }
    }

    /// <summary>Every record in a state that is not settled (a filtered scan: the stalled-operations sweep's).</summary>
    public async IAsyncEnumerable<WalletOperation> OpenAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await create.EnsureAsync(cancellationToken);
        var open = Enum.GetValues<OperationState>().Where(state => !OperationRules.IsSettled(state)).Select(state => $"State eq '{state}'");
        await foreach (var operation in operations.QueryAsync<WalletOperation>(string.Join(" or ", open), maxPerPage: 1000, cancellationToken: cancellationToken))
        {
            yield return operation;
        }
    }

    /// <summary>The records of <paramref name="kind"/> (or both) first received in [<paramref name="from"/>, <paramref name="to"/>), as the table pages them.</summary>
    public async IAsyncEnumerable<WalletOperation> ReceivedBetweenAsync(OperationKind? kind, DateTimeOffset from, DateTimeOffset to, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await create.EnsureAsync(cancellationToken);
        var filter = TableClient.CreateQueryFilter($"CreatedAt ge {from} and CreatedAt lt {to}");
        if (kind is { } only)
        {
            // Row keys are {kind}|{ref}: '}' sorts right after '|'.
            filter += " and " + TableClient.CreateQueryFilter($"RowKey ge {only + "|"} and RowKey lt {only + "}"}");
        }

        await foreach (var operation in operations.QueryAsync<WalletOperation>(filter, maxPerPage: 1000, cancellationToken: cancellationToken))
        {
            yield return operation;
        }
    }

    /// <summary>Deletes the record only if nobody changed it since it was read; false when someone did.</summary>
    public async Task<bool> TryDeleteAsync(WalletOperation operation, CancellationToken cancellationToken)
    {
        try
        {
            await operations.DeleteEntityAsync(operation.PartitionKey, operation.RowKey, operation.ETag, cancellationToken);
            return true;
        }
        catch (RequestFailedException exception) when (exception.Status is 412 or 404)
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
}
