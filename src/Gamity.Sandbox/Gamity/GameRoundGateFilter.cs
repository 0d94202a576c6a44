using System.Globalization;
using Gamity.Sandbox.Control;
using Gamity.Sandbox.Shared;
using Microsoft.Extensions.Options;

namespace Gamity.Sandbox.Gamity;

/// <summary>
/// Stands in front of every <c>/gamerounds/{integrationId}/...</c> endpoint. In order: waits the injected
/// latency, checks the API key (401) and the integration id (404), draws a round fault (error, throttle,
/// accept-then-timeout), and counts every call with its answer in <see cref="GamityCallLog"/> (as
/// <c>gamerounds/batch</c>, <c>gamerounds/single</c>) and in the round summary.
/// </summary>
/// <remarks>
/// The management API's fault (<see cref="GamityFaults"/>) deliberately does not apply here: the two are
/// independent so a test can break one API while the other keeps working. Unlike that fault, round faults
/// are drawn only after the caller was authenticated, so 401/404 answers never consume a draw.
/// </remarks>
public sealed class GameRoundGateFilter(
    GamityCallLog calls,
    GameRoundsState rounds,
    GameRoundFaults faults,
    IOptions<SandboxOptions> options,
    IHostApplicationLifetime lifetime) : IEndpointFilter
{
    /// <summary>Recorded in the call log for a call whose answer was withheld (nginx's "client closed request").</summary>
    public const int HeldOpenStatusCode = 499;

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var endpoint = EndpointName(http);
        var aborted = http.RequestAborted;
        try
        {
            var latencyMs = faults.Current.LatencyMs;
            if (latencyMs > 0)
            {
                await SandboxDelay.AtLeastAsync(TimeSpan.FromMilliseconds(latencyMs), aborted);
            }

            var result = await ServeAsync(context, next);
            if (result is HeldOpen)
            {
                calls.Record(endpoint, HeldOpenStatusCode);
                rounds.CountHeldOpen();
                await LostAnswer.HoldOpenAsync(http, lifetime);
                return Results.Empty;
            }

            Record(endpoint, GamityGateFilter.StatusCodeOf(result));
            return result;
        }
        catch (Exception) when (aborted.IsCancellationRequested)
        {
            // The client gave up (during the latency or while its body was read: a cancellation or a
            // connection reset); nobody reads an answer, so none is counted.
            return Results.Empty;
        }
        catch
        {
            Record(endpoint, StatusCodes.Status500InternalServerError);
            throw;
        }
    }

    private async ValueTask<object?> ServeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var rejected = GamityGateFilter.CheckCaller(context.HttpContext.Request, options.Value);
        if (rejected is not null)
        {
            return rejected;
        }

        var decision = faults.Draw();
        switch (decision.Kind)
        {
            case RoundFaultKind.Error:
                return Problems.InjectedRoundError(decision.Settings.ErrorStatus);
            case RoundFaultKind.Throttle:
                var retryAfter = decision.Settings.RetryAfterSeconds;
                context.HttpContext.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
                return Problems.InjectedThrottle(retryAfter);
        }

        var result = await next(context);
        // Only a call that stored its rounds is held open; an invalid body still gets its 400.
        return decision.Kind == RoundFaultKind.AcceptThenTimeout && GamityGateFilter.StatusCodeOf(result) == StatusCodes.Status200OK
            ? HeldOpen.Instance
            : result;
    }

    private void Record(string endpoint, int statusCode)
    {
        calls.Record(endpoint, statusCode);
        if (statusCode >= StatusCodes.Status400BadRequest)
        {
            rounds.CountRejected();
        }
    }

    // "gamerounds/batch" for /gamerounds/{integrationId}/batch (the endpoint's name, see GameRoundEndpoints).
    private static string EndpointName(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName
        ?? context.Request.Path.Value
        ?? "gamerounds";

    private sealed class HeldOpen
    {
        public static readonly HeldOpen Instance = new();
    }
}
