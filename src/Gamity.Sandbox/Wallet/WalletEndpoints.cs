using Gamity.Sandbox.Shared;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Gamity.Sandbox.Wallet;

/// <summary>
/// The casino wallet contract (<c>docs/wallet-api.openapi.yaml</c>) under <c>/wallet</c>, so the product runs
/// with <c>Wallet__BaseUrl=http://&lt;sandbox&gt;/wallet</c>. Every call passes <see cref="WalletGateFilter"/>.
/// </summary>
public static class WalletEndpoints
{
    public static IEndpointRouteBuilder MapWalletApi(this IEndpointRouteBuilder app)
    {
        var wallet = app.MapGroup("/wallet").AddEndpointFilter<WalletGateFilter>();
        wallet.MapPost("credit", (HttpRequest request, WalletState state) =>
                MoneyAsync(request, SandboxJsonContext.Default.MoneyRequest, body => body.Validate(), state.Credit))
            .WithMetadata(new WalletCall(WalletCallKind.Credit));
        wallet.MapPost("debit", (HttpRequest request, WalletState state) =>
                MoneyAsync(request, SandboxJsonContext.Default.MoneyRequest, body => body.Validate(), state.Debit))
            .WithMetadata(new WalletCall(WalletCallKind.Debit));
        wallet.MapPost("freerounds", (HttpRequest request, WalletState state) =>
                MoneyAsync(request, SandboxJsonContext.Default.FreeRoundsRequest, body => body.Validate(), state.FreeRounds))
            .WithMetadata(new WalletCall(WalletCallKind.FreeRounds));
        wallet.MapPost("rollback", (HttpRequest request, WalletState state) =>
                MoneyAsync(request, SandboxJsonContext.Default.RollbackRequest, body => body.Validate(), state.Rollback))
            .WithMetadata(new WalletCall(WalletCallKind.Rollback));
        wallet.MapGet("transactions/{idempotencyKey}", GetTransaction)
            .WithMetadata(new WalletCall(WalletCallKind.Transactions));
        return app;
    }

    private static async Task<Results<Ok<WalletTransactionAnswer>, ProblemHttpResult>> MoneyAsync<T>(
        HttpRequest request,
        System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo,
        Func<T, ValidationErrors> validate,
        Func<T, WalletOutcome> apply)
        where T : class
    {
        var read = await JsonBody.ReadAsync(request, typeInfo);
        if (read.Failed)
        {
            return WalletCodes.Problem(WalletCodes.InvalidRequest, read.Problem.ProblemDetails.Detail ?? "The request body could not be read.");
        }

        var errors = validate(read.Value);
        if (errors.Any)
        {
            var listed = errors.ToArray();
            return WalletCodes.Problem(WalletCodes.InvalidRequest, string.Join(" ", listed), errors: listed);
        }

        var outcome = apply(read.Value);
        return outcome.TransactionId is { } transactionId
            ? TypedResults.Ok(new WalletTransactionAnswer(transactionId))
            : WalletCodes.Problem(outcome.Code!, outcome.Message!);
    }

    private static Results<Ok<WalletTransactionView>, ProblemHttpResult> GetTransaction(string idempotencyKey, WalletState state) =>
        state.Find(idempotencyKey) is { } transaction
            ? TypedResults.Ok(transaction)
            : WalletCodes.Problem(WalletCodes.TransactionNotFound, $"No transaction with idempotencyKey '{idempotencyKey}' exists.");
}
