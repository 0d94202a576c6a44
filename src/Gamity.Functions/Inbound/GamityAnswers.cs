using System.Text.Json.Nodes;
using Gamity.Functions.WalletOperations;

namespace Gamity.Functions.Inbound;

/// <summary>Turns where an operation stands into the answer Gamity gets, with the statuses of <see cref="GamityResponses"/>.</summary>
public static class GamityAnswers
{
    public static IResult For(ReceiveResult result, GamityResponses responses)
    {
        var operation = result.Operation;
        var what = $"{operation.Kind.ToString().ToLowerInvariant()} {operation.Ref}";
        if (result.Conflict)
        {
            return Refusal(responses, "IDEMPOTENCY_KEY_REUSED", $"{what} was already received with a different body; nothing was executed.");
        }

        return operation.CurrentState switch
        {
            OperationState.Succeeded => TypedResults.Json(new JsonObject { [responses.TransactionIdField] = operation.TransactionId }, statusCode: responses.Succeeded),
            OperationState.Refused => Refusal(responses, operation.Code ?? "WALLET_REFUSED", $"The wallet refused {what}: {operation.LastError}"),
            OperationState.RollingBack or OperationState.RolledBack => Refusal(responses, "DEBIT_ROLLED_BACK", $"{what} was rolled back after Gamity did not confirm it in time; it will not be debited again."),
            _ => new RetryLater(responses, $"{what} is not complete yet ({operation.State}); send the same request again later."),
        };
    }

    public static IResult Invalid(GamityResponses responses, IDictionary<string, string[]> errors) =>
        TypedResults.Problem(new HttpValidationProblemDetails(errors) { Status = responses.Invalid, Title = "The request is invalid; nothing was stored" });

    /// <summary>A payout or debit above <c>Wallet__MaxAmount</c>: refused before anything is stored, the same on every repeat.</summary>
    public static IResult AboveMaximum(GamityResponses responses, OperationKind kind, string reference, WalletWork work, decimal maximum) =>
        Refusal(responses, "AMOUNT_ABOVE_MAXIMUM",
            $"{kind.ToString().ToLowerInvariant()} {reference}: {InboundRequestReader.Canonical(work.Amount)} {work.Currency} is above the largest amount this integration moves in one call ({InboundRequestReader.Canonical(maximum)} {work.Currency}, Wallet__MaxAmount); nothing was executed.");

    private static IResult Refusal(GamityResponses responses, string code, string detail) =>
        TypedResults.Problem(detail, statusCode: responses.Refused, title: code, extensions: new Dictionary<string, object?> { ["code"] = code });

    private sealed class RetryLater(GamityResponses responses, string detail) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.RetryAfter = responses.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return TypedResults.Problem(detail, statusCode: responses.RetryLater, title: "Retry later", extensions: new Dictionary<string, object?> { ["code"] = "RETRY_LATER" })
                .ExecuteAsync(httpContext);
        }
    }
}
