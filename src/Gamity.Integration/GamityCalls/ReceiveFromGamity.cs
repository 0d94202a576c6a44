using System.Text.Json.Nodes;
using Gamity.Integration.Defaults;
using Gamity.Integration.Input;
using Gamity.Integration.Wallet;
using Gamity.Integration.WalletOperations;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;

namespace Gamity.Integration.GamityCalls;

/// <summary>What a payout or a debit asks of the wallet workflow, read from Gamity's body.</summary>
public sealed record GamityCall(OperationKind Kind, string Ref, string RequestHash, WalletWork Work, string? GamityId = null);

/// <summary>
/// The path every call from Gamity takes (payouts, debits): gate → bounded body → field-by-field validation →
/// amount ceiling → the wallet workflow (its orchestrations through <paramref name="orchestrations"/>) → the reply. Nothing is stored before the body is valid.
/// </summary>
public sealed class ReceiveFromGamity(
    GamityCallerGate gate, WalletOperationEngine engine, IOptions<RepliesToGamityOptions> replies, IOptions<WalletOptions> wallet)
{
    public async Task<Results<JsonHttpResult<JsonObject>, ProblemHttpResult>> HandleAsync(
        HttpContext http, Func<InboundRequestReader, GamityCall?> read, DurableTaskClient orchestrations, CancellationToken cancellationToken)
    {
        if (gate.Refuse(http) is { } refused)
        {
            return refused;
        }

        var (document, error, tooLarge) = await InboundRequestReader.ReadBodyAsync(http.Request, cancellationToken);
        if (document is null)
        {
            return tooLarge
                ? BoundedBody.TooLargeProblem(InboundRequestReader.MaxBodyBytes, "the inbound body limit")
                : RepliesToGamity.Invalid(replies.Value, new Dictionary<string, string[]> { ["body"] = [error!] });
        }

        using (document)
        {
            var body = InboundRequestReader.For(document);
            if (read(body) is not { } call)
            {
                return RepliesToGamity.Invalid(replies.Value, body.Errors);
            }

            var maximum = wallet.Value.MaxAmountFor(call.Work.Currency);
            if (call.Work.Amount > maximum)
            {
                // A ref stored before Wallet__MaxAmount was lowered keeps its answer; a new one is refused and nothing is stored.
                return await engine.FindAsync(call.Ref, call.Kind, cancellationToken) is { } existing
                    ? RepliesToGamity.For(new ReceiveResult(existing, Conflict: !string.Equals(existing.RequestHash, call.RequestHash, StringComparison.Ordinal)), replies.Value, http.Response)
                    : RepliesToGamity.AboveMaximum(replies.Value, call.Kind, call.Ref, call.Work, maximum);
            }

            return RepliesToGamity.For(await engine.ReceiveAsync(call.Kind, call.Ref, call.RequestHash, call.Work, call.GamityId, orchestrations, cancellationToken), replies.Value, http.Response);
        }
    }
}

public static class GamityCallsRegistration
{
    public static IServiceCollection AddGamityCalls(this IServiceCollection services)
    {
        services.AddValidatedOptions<InboundOptions>(InboundOptions.Section, InboundOptions.Validate);
        services.AddValidatedOptions<RepliesToGamityOptions>(RepliesToGamityOptions.Section, RepliesToGamityOptions.Validate);
        services.AddSingleton<ClientAddressPolicy>();
        services.AddSingleton<GamityCallerGate>();
        services.AddTransient<ReceiveFromGamity>();
        services.AddHostedService<OpenAllowListWarning>();
        return services;
    }

    /// <summary>Says once at start that payouts and debits are accepted from anywhere (assumption W5).</summary>
    private sealed class OpenAllowListWarning(ClientAddressPolicy policy, ILogger<OpenAllowListWarning> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            if (policy.AllowsEveryone)
            {
                logger.LogWarning("Inbound__AllowedIpRanges is empty: payouts and debits are accepted from any address. Set Gamity's egress ranges in production.");
            }

            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
