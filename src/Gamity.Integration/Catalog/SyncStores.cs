using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Gamity.Integration.Storage;

namespace Gamity.Integration.Catalog;

/// <summary>Run history in Table Storage: partition = kind, row = newest first.</summary>
public sealed class SyncRunStore(StorageClients storage)
{
    /// <summary>Reasons kept per run; a table property holds at most 64 KiB, and the count is always exact.</summary>
    public const int MaxStoredErrors = 100;

    private readonly TableClient table = storage.Tables.GetTableClient(StorageNames.SyncRunsTable);
    private readonly CreateOnce createTable = new(ct => storage.Tables.GetTableClient(StorageNames.SyncRunsTable).CreateIfNotExistsAsync(ct));

    public async Task SaveAsync(SyncRun run, CancellationToken cancellationToken)
    {
        await createTable.EnsureAsync(cancellationToken);
        var entity = new TableEntity(run.Kind.ToString(), RowKey(run))
        {
            ["RunId"] = run.RunId,
            ["Trigger"] = run.Trigger,
            ["StartedAt"] = run.StartedAt,
            ["DurationMs"] = run.DurationMs,
            ["Operators"] = run.Operators,
            ["Brands"] = run.Brands,
            ["Games"] = run.Games,
            ["WouldDisable"] = run.WouldDisable,
            ["Forced"] = run.Forced,
            ["ContentHash"] = run.ContentHash,
            ["Outcome"] = run.Outcome.ToString(),
            ["GamityStatus"] = run.GamityStatus,
            ["GamityResponse"] = run.GamityResponse,
            ["ErrorCount"] = run.ErrorCount,
            ["Errors"] = JsonSerializer.Serialize(run.Errors.Take(MaxStoredErrors).ToList(), CatalogJsonContext.Default.ListString),
        };
        await table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
    }

    public async Task<List<SyncRun>> GetRecentAsync(CatalogKind kind, int take, CancellationToken cancellationToken)
    {
        await createTable.EnsureAsync(cancellationToken);
        var runs = new List<SyncRun>(take);
        await foreach (var entity in table.QueryAsync<TableEntity>(e => e.PartitionKey == kind.ToString(), maxPerPage: take, cancellationToken: cancellationToken))
        {
            runs.Add(FromEntity(kind, entity));
            if (runs.Count == take)
            {
                break;
            }
        }

        return runs;
    }

    // Inverted ticks: a partition scan returns the newest run first.
    private static string RowKey(SyncRun run) =>
        string.Create(CultureInfo.InvariantCulture, $"{DateTimeOffset.MaxValue.UtcTicks - run.StartedAt.UtcTicks:D19}-{run.RunId}");

    private static SyncRun FromEntity(CatalogKind kind, TableEntity e) => new()
    {
        RunId = e.GetString("RunId"),
        Kind = kind,
        Trigger = e.GetString("Trigger"),
        StartedAt = e.GetDateTimeOffset("StartedAt") ?? default,
        DurationMs = e.GetDouble("DurationMs") ?? 0,
        Operators = e.GetInt32("Operators") ?? 0,
        Brands = e.GetInt32("Brands") ?? 0,
        Games = e.GetInt32("Games") ?? 0,
        WouldDisable = e.GetInt32("WouldDisable") ?? 0,
        Forced = e.GetBoolean("Forced") ?? false,
        ContentHash = e.GetString("ContentHash"),
        Outcome = Enum.Parse<SyncOutcome>(e.GetString("Outcome")),
        GamityStatus = e.GetInt32("GamityStatus"),
        GamityResponse = e.GetString("GamityResponse"),
        ErrorCount = e.GetInt32("ErrorCount") ?? 0,
        Errors = e.GetString("Errors") is { } errors ? JsonSerializer.Deserialize(errors, CatalogJsonContext.Default.ListString) ?? [] : [],
    };
}

/// <summary>The baseline of the mass-disable guard, one blob per kind (a 50,000-game list outgrows a table entity).</summary>
public sealed class SyncStateStore(StorageClients storage)
{
    private readonly BlobContainerClient container = storage.Blobs.GetBlobContainerClient(StorageNames.StateContainer);
    private readonly CreateOnce createContainer = new(ct => storage.Blobs.GetBlobContainerClient(StorageNames.StateContainer).CreateIfNotExistsAsync(cancellationToken: ct));

    public async Task<SyncState?> GetLastSuccessAsync(CatalogKind kind, CancellationToken cancellationToken)
    {
        await createContainer.EnsureAsync(cancellationToken);
        try
        {
            var download = await Blob(kind).DownloadStreamingAsync(cancellationToken: cancellationToken);
            await using var content = download.Value.Content;
            return await JsonSerializer.DeserializeAsync(content, CatalogJsonContext.Default.SyncState, cancellationToken);
        }
        catch (RequestFailedException exception) when (exception.Status == 404)
        {
            return null;
        }
    }

    public async Task SaveLastSuccessAsync(CatalogKind kind, SyncState state, CancellationToken cancellationToken)
    {
        await createContainer.EnsureAsync(cancellationToken);
        await Blob(kind).UploadAsync(BinaryData.FromObjectAsJson(state, CatalogJsonContext.Default.SyncState), overwrite: true, cancellationToken);
    }

    private BlobClient Blob(CatalogKind kind) => container.GetBlobClient($"catalog/last-successful-sync-{kind}.json");
}
