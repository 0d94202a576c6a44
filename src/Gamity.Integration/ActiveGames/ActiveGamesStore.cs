using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Gamity.Integration.Storage;

namespace Gamity.Integration.ActiveGames;

/// <summary>The one snapshot blob every instance reads (<c>gamity-state/active-games/snapshot.json</c>).</summary>
public sealed class ActiveGamesStore(StorageClients storage)
{
    private readonly BlobClient blob = storage.Blobs.GetBlobContainerClient(StorageNames.StateContainer).GetBlobClient("active-games/snapshot.json");
    private readonly CreateOnce createContainer = new(ct => storage.Blobs.GetBlobContainerClient(StorageNames.StateContainer).CreateIfNotExistsAsync(cancellationToken: ct));

    public async Task<ETag> SaveAsync(ActiveGamesDocument document, CancellationToken cancellationToken)
    {
        await createContainer.EnsureAsync(cancellationToken);
        var upload = await blob.UploadAsync(
            BinaryData.FromObjectAsJson(document, ActiveGamesJsonContext.Default.ActiveGamesDocument),
            new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" } },
            cancellationToken);
        return upload.Value.ETag;
    }

    /// <summary>Downloads the snapshot unless its ETag still equals <paramref name="known"/> (one conditional GET).</summary>
    public async Task<SnapshotRead> ReadIfChangedAsync(ETag? known, CancellationToken cancellationToken)
    {
        try
        {
            var options = new BlobDownloadOptions { Conditions = known is { } etag ? new BlobRequestConditions { IfNoneMatch = etag } : null };
            var download = await blob.DownloadContentAsync(options, cancellationToken);
            if (download.GetRawResponse().Status == 304)
            {
                return new SnapshotRead(false, null, known);
            }

            var document = download.Value.Content.ToObjectFromJson(ActiveGamesJsonContext.Default.ActiveGamesDocument);
            return new SnapshotRead(true, document, download.Value.Details.ETag);
        }
        catch (RequestFailedException exception) when (exception.Status == 404)
        {
            return new SnapshotRead(known is not null, null, null);
        }
    }

    /// <param name="Changed">The blob differs from the known ETag (a new snapshot, or deleted).</param>
    public readonly record struct SnapshotRead(bool Changed, ActiveGamesDocument? Document, ETag? ETag);
}
