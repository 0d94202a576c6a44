using Gamity.Sandbox.Control;
using Gamity.Sandbox.Gamity;
using Gamity.Sandbox.Shared;
using Microsoft.Extensions.Options;

namespace Gamity.Sandbox.Wallet;

/// <summary>
/// Stands in front of every <c>/wallet/</c> endpoint. In order: counts the call, waits the injected latency
/// (money calls only), checks <c>X-API-Key</c> (401), draws a wallet fault (money calls only): an error is
/// answered without committing; commit-then-timeout lets the call commit and then withholds the answer.
/// </summary>
/// <remarks>No logging here: this is the wallet's hot path.</remarks>
public sealed class WalletGateFilter(
    WalletState wallet,
    WalletFaults faults,
    IOptions<SandboxOptions> options,
    IHostApplicationLifetime lifetime) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var kind = http.GetEndpoint()?.Metadata.GetMetadata<WalletCall>()?.Kind ?? WalletCallKind.Transactions;
        var money = WalletCallKinds.MovesMoney(kind);
        wallet.CountCall(kind);
        var aborted = http.RequestAborted;
        try
        {
            var latencyMs = money ? faults.Current.LatencyMs : 0;
            if (latencyMs > 0)
            {
                await SandboxDelay.AtLeastAsync(TimeSpan.FromMilliseconds(latencyMs), aborted);
            }

            if (!HasKey(http.Request))
            {
                wallet.CountRefusal();
                return WalletCodes.Problem(WalletCodes.Unauthorized, "Send the wallet's key in the X-API-Key header.");
            }

            var decision = money ? faults.Draw() : default;
            if (decision.Kind == WalletFaultKind.Error)
            {
                wallet.CountInjectedError();
                return WalletCodes.Problem(
                    WalletCodes.SandboxFault,
                    "PUT /sandbox/wallet/faults (errorRate) asked for this answer; nothing was committed.",
                    decision.Settings.ErrorStatus);
            }

            var result = await next(context);
            var status = GamityGateFilter.StatusCodeOf(result);
            if (decision.Kind == WalletFaultKind.CommitThenTimeout && status == StatusCodes.Status200OK)
            {
                wallet.CountHeldOpen();
                await LostAnswer.HoldOpenAsync(http, lifetime);
                return Results.Empty;
            }

            if (status >= StatusCodes.Status400BadRequest)
            {
                wallet.CountRefusal();
            }

            return result;
        }
        catch (Exception) when (aborted.IsCancellationRequested)
        {
            // The client gave up (during the latency or while its body was read); nobody reads an answer.
            return Results.Empty;
        }
    }

    private bool HasKey(HttpRequest request) =>
        request.Headers.TryGetValue(GamityGateFilter.ApiKeyHeader, out var key)
        && key.Count == 1
        && key[0] == options.Value.Wallet.ApiKey;
}

/// <summary>Endpoint metadata: which wallet call an endpoint is.</summary>
public sealed record WalletCall(WalletCallKind Kind);
