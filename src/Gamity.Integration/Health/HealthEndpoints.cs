using Gamity.Integration.Defaults;
using Gamity.Integration.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Gamity.Integration.Health;

public static class HealthEndpoints
{
    public const string Route = "health";

    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapGet(Route, GetAsync).WithName("Health");
        return api;
    }

    /// <summary><c>GET /api/health</c>: liveness, plus whether blobs, queues and tables answer within 5 s.</summary>
    public static async Task<JsonHttpResult<HealthReport>> GetAsync(StorageClients storage, GamityHost host, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        var checks = await Task.WhenAll(
            Check("blobs", ct => storage.Blobs.GetBlobContainerClient(StorageNames.StateContainer).ExistsAsync(ct), timeout.Token),
            Check("queues", ct => storage.Queues.GetQueuesAsync(cancellationToken: ct).AsPages(pageSizeHint: 1).GetAsyncEnumerator(ct).MoveNextAsync().AsTask(), timeout.Token),
            Check("tables", ct => storage.Tables.QueryAsync(maxPerPage: 1, cancellationToken: ct).AsPages().GetAsyncEnumerator(ct).MoveNextAsync().AsTask(), timeout.Token));
        var healthy = checks.All(c => c.Status == "ok");
        var report = new HealthReport(healthy ? "Healthy" : "Unhealthy", host.Name, checks.ToDictionary(c => c.Name, c => c.Status));
        return TypedResults.Json(report, statusCode: healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }

    private static async Task<(string Name, string Status)> Check(string name, Func<CancellationToken, Task> probe, CancellationToken cancellationToken)
    {
        try
        {
            await probe(cancellationToken);
            return (name, "ok");
        }
        catch (Exception exception)
        {
            return (name, $"unreachable: {exception.GetType().Name}: {BodyExcerpt.Of(exception.Message.Split('\n')[0])}");
        }
    }
}

/// <param name="Mode">The host the product runs in: <c>Functions</c> or <c>Standalone</c>.</param>
public sealed record HealthReport(string Status, string Mode, Dictionary<string, string> Storage);
