using System.Globalization;
using System.Text.Json.Nodes;
using Gamity.Integration.Input;
using Gamity.Integration.WalletOperations;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Gamity.Integration.GamityCalls;

/// <summary>What we answer Gamity's payout and debit calls, with the statuses of <see cref="RepliesToGamityOptions"/> (assumption W1).</summary>
public static class RepliesToGamity
{
    public static Results<JsonHttpResult<JsonObject>, ProblemHttpResult> For(ReceiveResult result, RepliesToGamityOptions replies, HttpResponse response)
    {
        var operation = result.Operation;
        var what = $"{operation.Kind.ToString().ToLowerInvariant()} {operation.Ref}";
        if (result.Conflict)
        {
            return Refusal(replies, "IDEMPOTENCY_KEY_REUSED", $"{what} was already received with a different body; nothing was executed.");
        }

        switch (operation.CurrentState)
        {
            case OperationState.Succeeded:
                return TypedResults.Json(new JsonObject { [replies.TransactionIdField] = operation.TransactionId }, statusCode: replies.Succeeded);
            case OperationState.Refused:
                return Refusal(replies, operation.Code ?? "WALLET_REFUSED", $"The wallet refused {what}: {operation.LastError}");
            case OperationState.RollingBack or OperationState.RolledBack:
                return Refusal(replies, "DEBIT_ROLLED_BACK", $"{what} was rolled back after Gamity did not confirm it in time; it will not be debited again.");
            default:
                response.Headers.RetryAfter = replies.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
                return TypedResults.Problem($"{what} is not complete yet ({operation.State}); send the same request again later.",
                    statusCode: replies.RetryLater, title: "Retry later", extensions: new Dictionary<string, object?> { ["code"] = "RETRY_LATER" });
        }
    }

    public static ProblemHttpResult Invalid(RepliesToGamityOptions replies, IDictionary<string, string[]> errors) =>
        TypedResults.Problem(new HttpValidationProblemDetails(errors) { Status = replies.Invalid, Title = "The request is invalid; nothing was stored" });

    /// <summary>A payout or debit above <c>Wallet__MaxAmount</c>: refused before anything is stored, the same on every repeat (assumption W8).</summary>
    public static ProblemHttpResult AboveMaximum(RepliesToGamityOptions replies, OperationKind kind, string reference, WalletWork work, decimal maximum) =>
        Refusal(replies, "AMOUNT_ABOVE_MAXIMUM",
            $"{kind.ToString().ToLowerInvariant()} {reference}: {InboundRequestReader.Canonical(work.Amount)} {work.Currency} is above the largest amount this integration moves in one call ({InboundRequestReader.Canonical(maximum)} {work.Currency}, Wallet__MaxAmount); nothing was executed.");

    private static ProblemHttpResult Refusal(RepliesToGamityOptions replies, string code, string detail) =>
        TypedResults.Problem(detail, statusCode: replies.Refused, title: code, extensions: new Dictionary<string, object?> { ["code"] = code });
}
