using Gamity.Functions.Hosting;
using Gamity.Functions.Storage;

namespace Gamity.Functions.Health;

public static class HealthFunctions
{
    /// <summary><c>GET /api/health</c>: liveness, plus whether blobs, queues and tables answer within 5 s.</summary>
    public static readonly HttpFunction Health = new(
        "Health",
        "GET",
        "health",
        async Task<IResult> (StorageClients storage, HostingContext hosting, CancellationToken cancellationToken) =>
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            var checks = await Task.WhenAll(
                Check("blobs", ct => storage.Blobs.GetBlobContainerClient(StorageNames.StateContainer).ExistsAsync(ct), timeout.Token),
                Check("queues", ct => storage.Queues.GetQueuesAsync(cancellationToken: ct).AsPages(pageSizeHint: 1).GetAsyncEnumerator(ct).MoveNextAsync().AsTask(), timeout.Token),
                Check("tables", ct => storage.Tables.QueryAsync(maxPerPage: 1, cancellationToken: ct).AsPages().GetAsyncEnumerator(ct).MoveNextAsync().AsTask(), timeout.Token));
            var healthy = checks.All(c => c.Status == "ok");
            var report = new HealthReport(healthy ? "Healthy" : "Unhealthy", hosting.Mode.ToString(), checks.ToDictionary(c => c.Name, c => c.Status));
            return TypedResults.Json(report, statusCode: healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
        });

    public static IEnumerable<FunctionDefinition> All => [Health];

    private static async Task<(string Name, string Status)> Check(string name, Func<CancellationToken, Task> probe, CancellationToken cancellationToken)
    {
        try
        {
            await probe(cancellationToken);
            return (name, "ok");
        }
        catch (Exception exception)
        {
            return (name, $"unreachable: {exception.GetType().Name}: {Http.BodyExcerpt.Of(exception.Message.Split('\n')[0])}");
        }
    }

    public sealed record HealthReport(string Status, string Mode, Dictionary<string, string> Storage);
}
