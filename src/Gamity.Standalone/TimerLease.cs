using System.Globalization;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Gamity.Integration.Storage;

namespace Gamity.Standalone;

/// <summary>
/// One timer run at a time across every standalone instance (as the Functions host runs each timer as a singleton):
/// a blob lease per timer, plus the last fired occurrence in the blob's metadata so a second instance that
/// wakes for the same occurrence after the first has finished does not run it again.
/// </summary>
public sealed class TimerLeaseStore(StorageClients storage, TimeProvider time)
{
    private const string LastOccurrenceKey = "lastoccurrence";
    private readonly BlobContainerClient container = storage.Blobs.GetBlobContainerClient(StorageNames.LeaseContainer);
    private readonly CreateOnce createContainer = new(ct => storage.Blobs.GetBlobContainerClient(StorageNames.LeaseContainer).CreateIfNotExistsAsync(cancellationToken: ct));

    /// <summary>
    /// Takes the timer's lease for <paramref name="occurrence"/>; null when another instance holds it or already
    /// ran that occurrence. A null occurrence (run on startup) skips the occurrence check.
    /// </summary>
    public async Task<TimerLease?> TryAcquireAsync(string timerName, DateTimeOffset? occurrence, TimeSpan duration, CancellationToken cancellationToken)
    {
        await createContainer.EnsureAsync(cancellationToken);
        var blob = container.GetBlobClient($"timers/{timerName}");
        await EnsureBlobExistsAsync(blob, cancellationToken);

        var leaseClient = blob.GetBlobLeaseClient();
        try
        {
            await leaseClient.AcquireAsync(duration, cancellationToken: cancellationToken);
        }
        catch (RequestFailedException exception) when (exception.Status == 409)
        {
            return null;
        }

        var lease = new TimerLease(blob, leaseClient, duration, time);
        if (occurrence is { } due)
        {
            var properties = await blob.GetPropertiesAsync(cancellationToken: cancellationToken);
            if (properties.Value.Metadata.TryGetValue(LastOccurrenceKey, out var last)
                && DateTimeOffset.TryParse(last, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var lastFired)
                && lastFired >= due)
            {
                await lease.DisposeAsync();
                return null;
            }
        }

        return lease;
    }

    private static async Task EnsureBlobExistsAsync(BlobClient blob, CancellationToken cancellationToken)
    {
        try
        {
            await blob.UploadAsync(BinaryData.Empty, new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } }, cancellationToken);
        }
        catch (RequestFailedException exception) when (exception.Status is 409 or 412)
        {
            // Exists already (412), or exists and is leased right now (409).
        }
    }

    public sealed class TimerLease : IAsyncDisposable
    {
        private readonly BlobClient blob;
        private readonly BlobLeaseClient lease;
        private readonly CancellationTokenSource stopRenewing = new();
        private readonly Task renewing;

        internal TimerLease(BlobClient blob, BlobLeaseClient lease, TimeSpan duration, TimeProvider time)
        {
            this.blob = blob;
            this.lease = lease;
            renewing = RenewAsync(duration / 3, time, stopRenewing.Token);
        }

        /// <summary>Records that this occurrence has run, so no other instance runs it.</summary>
        public async Task CompleteAsync(DateTimeOffset occurrence, CancellationToken cancellationToken)
        {
            var metadata = new Dictionary<string, string> { [LastOccurrenceKey] = occurrence.ToString("O", CultureInfo.InvariantCulture) };
            await blob.SetMetadataAsync(metadata, new BlobRequestConditions { LeaseId = lease.LeaseId }, cancellationToken);
        }

        public async ValueTask DisposeAsync()
        {
            await stopRenewing.CancelAsync();
            await renewing;
            stopRenewing.Dispose();
            try
            {
                await lease.ReleaseAsync();
            }
            catch (RequestFailedException)
            {
                // Lost or expired already: another instance may hold it now, which is fine.
            }
        }

        private async Task RenewAsync(TimeSpan interval, TimeProvider time, CancellationToken cancellationToken)
        {
            try
            {
                while (true)
                {
                    await Task.Delay(interval, time, cancellationToken);
                    await lease.RenewAsync(cancellationToken: cancellationToken);
                }
            }
            catch (OperationCanceledException)
            {
            }
            catch (RequestFailedException)
            {
                // The lease was lost; the run finishes, and the occurrence check guards against a double run.
            }
        }
    }
}
