using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;

namespace Gamity.Integration.Storage;

/// <summary>
/// The storage account behind <c>AzureWebJobsStorage</c>, shared with the Functions host: a connection string
/// locally (<c>UseDevelopmentStorage=true</c> for Azurite), identity-based in Azure
/// (<c>AzureWebJobsStorage__accountName</c> or <c>__blobServiceUri</c>/<c>__queueServiceUri</c>/<c>__tableServiceUri</c>,
/// with <c>__clientId</c> for a user-assigned identity).
/// </summary>
public sealed class StorageClients
{
    public const string SettingName = "AzureWebJobsStorage";

    private StorageClients(BlobServiceClient blobs, QueueServiceClient queues, QueueServiceClient rawQueues, TableServiceClient tables)
    {
        Blobs = blobs;
        Queues = queues;
        RawQueues = rawQueues;
        Tables = tables;
    }

    public BlobServiceClient Blobs { get; }

    public QueueServiceClient Queues { get; }

    /// <summary>
    /// The same queues with message text as stored (no base64 decoding), for readers that decode each message
    /// themselves: with <see cref="Queues"/>, one message that is not base64 fails the whole receive.
    /// </summary>
    public QueueServiceClient RawQueues { get; }

    public TableServiceClient Tables { get; }

    public static StorageClients Create(IConfiguration configuration)
    {
        // Queue messages are base64 so the host's queue trigger (default messageEncoding base64) reads what we write.
        var queueOptions = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
        var rawQueueOptions = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.None };
        var connectionString = configuration[SettingName];
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            return new StorageClients(
                new BlobServiceClient(connectionString),
                new QueueServiceClient(connectionString, queueOptions),
                new QueueServiceClient(connectionString, rawQueueOptions),
                new TableServiceClient(connectionString));
        }

        var section = configuration.GetSection(SettingName);
        var accountName = section["accountName"];
        var blobUri = ServiceUri(section, "blobServiceUri", accountName, "blob");
        var queueUri = ServiceUri(section, "queueServiceUri", accountName, "queue");
        var tableUri = ServiceUri(section, "tableServiceUri", accountName, "table");
        if (blobUri is null || queueUri is null || tableUri is null)
        {
            throw new Microsoft.Extensions.Options.OptionsValidationException(SettingName, typeof(StorageClients), [
                $"{SettingName} is not configured: set {SettingName} to a connection string (UseDevelopmentStorage=true for Azurite) " +
                $"or {SettingName}__accountName (or {SettingName}__blobServiceUri, __queueServiceUri and __tableServiceUri) for a managed identity."]);
        }

        TokenCredential credential = section["clientId"] is { Length: > 0 } clientId
            ? new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId))
            : new DefaultAzureCredential();
        return new StorageClients(
            new BlobServiceClient(blobUri, credential),
            new QueueServiceClient(queueUri, credential, queueOptions),
            new QueueServiceClient(queueUri, credential, rawQueueOptions),
            new TableServiceClient(tableUri, credential));
    }

    private static Uri? ServiceUri(IConfigurationSection section, string key, string? accountName, string service) =>
        section[key] is { Length: > 0 } explicitUri ? new Uri(explicitUri)
        : accountName is { Length: > 0 } ? new Uri($"https://{accountName}.{service}.core.windows.net")
        : null;
}

/// <summary>Names of every container, table and queue the app owns, in one place.</summary>
public static class StorageNames
{
    public const string StateContainer = "gamity-state";

    /// <summary>The daily reconciliation files, <c>{yyyy-MM-dd}.csv</c> (WalletOperations/WalletReconciliation.cs).</summary>
    public const string ReconciliationContainer = "reconciliation";
    public const string LeaseContainer = "gamity-leases";
    public const string SyncRunsTable = "SyncRuns";
    public const string InvalidRoundsTable = "InvalidRounds";
    public const string WalletOperationsTable = "WalletOperations";
}
