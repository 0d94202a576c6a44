using Gamity.Sandbox.Control;
using Gamity.Sandbox.Shared;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.Options;

namespace Gamity.Sandbox.Gamity;

/// <summary>
/// Stands in front of every <c>/external/{integrationId}/...</c> endpoint: answers an injected fault,
/// then checks the API key (401) and the integration id (404), and counts every call with its answer.
/// </summary>
public sealed class GamityGateFilter(GamityCallLog calls, GamityFaults faults, IOptions<SandboxOptions> options)
    : IEndpointFilter
{
    public const string ApiKeyHeader = "X-API-Key";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var endpoint = EndpointName(context.HttpContext);
        try
        {
            var result = Reject(context.HttpContext.Request) ?? await next(context);
            calls.Record(endpoint, StatusCodeOf(result));
            return result;
        }
        catch
        {
            calls.Record(endpoint, StatusCodes.Status500InternalServerError);
            throw;
        }
    }

    private ProblemHttpResult? Reject(HttpRequest request)
    {
        if (faults.TryConsume(out var faultStatusCode))
        {
            return Problems.InjectedFault(faultStatusCode);
        }

        return CheckCaller(request, options.Value);
    }

    /// <summary>A missing or wrong API key (401), then an unknown integration id (404); null when both are right.</summary>
    internal static ProblemHttpResult? CheckCaller(HttpRequest request, SandboxOptions settings)
    {
        if (!request.Headers.TryGetValue(ApiKeyHeader, out var key) || key.Count != 1 || key[0] != settings.ApiKey)
        {
            return Problems.Unauthorized();
        }

        var integrationId = request.RouteValues["integrationId"] as string;
        return integrationId == settings.IntegrationId ? null : Problems.UnknownIntegration(integrationId);
    }

    // "sync-games" for /external/{integrationId}/sync-games.
    private static string EndpointName(HttpContext context)
    {
        var pattern = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern;
        return pattern?.PathSegments is [.., var last] && last.IsSimple && last.Parts[0] is RoutePatternLiteralPart literal
            ? literal.Content
            : pattern?.RawText ?? context.Request.Path.Value ?? "unknown";
    }

    internal static int StatusCodeOf(object? result) => result switch
    {
        IStatusCodeHttpResult { StatusCode: int statusCode } => statusCode,
        INestedHttpResult nested => StatusCodeOf(nested.Result),
        _ => StatusCodes.Status200OK,
    };
}
