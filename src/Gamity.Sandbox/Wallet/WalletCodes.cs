using Microsoft.AspNetCore.Http.HttpResults;

namespace Gamity.Sandbox.Wallet;

/// <summary>
/// The <c>code</c> values of the wallet contract (<c>docs/wallet-api.openapi.yaml</c>) and the status each is
/// answered with. 4xx is a permanent refusal (the caller must not retry it); 5xx is transient.
/// </summary>
public static class WalletCodes
{
    public const string InvalidRequest = "INVALID_REQUEST";
    public const string Unauthorized = "UNAUTHORIZED";
    public const string PlayerBlocked = "PLAYER_BLOCKED";
    public const string PlayerNotFound = "PLAYER_NOT_FOUND";
    public const string TransactionNotFound = "TRANSACTION_NOT_FOUND";
    public const string IdempotencyKeyReused = "IDEMPOTENCY_KEY_REUSED";
    public const string NotRollbackable = "NOT_ROLLBACKABLE";
    public const string InsufficientFunds = "INSUFFICIENT_FUNDS";
    public const string CurrencyMismatch = "CURRENCY_MISMATCH";
    public const string LimitReached = "LIMIT_REACHED";
    public const string SandboxFault = "SANDBOX_FAULT";

    /// <summary>The codes a player can be set to refuse with (<c>refuseWith</c> of <c>PUT /sandbox/wallet/players/…</c>).</summary>
    public static readonly IReadOnlyList<string> ForcedRefusals =
        [PlayerNotFound, PlayerBlocked, InsufficientFunds, CurrencyMismatch, LimitReached, InvalidRequest];

    public static int StatusOf(string code) => code switch
    {
        InvalidRequest => StatusCodes.Status400BadRequest,
        Unauthorized => StatusCodes.Status401Unauthorized,
        PlayerBlocked => StatusCodes.Status403Forbidden,
        PlayerNotFound or TransactionNotFound => StatusCodes.Status404NotFound,
        IdempotencyKeyReused or NotRollbackable => StatusCodes.Status409Conflict,
        _ => StatusCodes.Status422UnprocessableEntity,
    };

    private static string TitleOf(string code) => code switch
    {
        InvalidRequest => "The request is invalid; nothing was changed.",
        Unauthorized => "API key missing or invalid.",
        PlayerBlocked => "The player is blocked.",
        PlayerNotFound => "Unknown player.",
        TransactionNotFound => "Unknown transaction.",
        IdempotencyKeyReused => "The idempotency key was already used for a different request.",
        NotRollbackable => "The transaction cannot be rolled back.",
        InsufficientFunds => "Insufficient funds.",
        CurrencyMismatch => "The currency is not the player's.",
        LimitReached => "A player limit was reached.",
        _ => "The wallet refused the request.",
    };

    /// <summary>
    /// A problem+json answer that also carries the contract's <c>code</c> and <c>message</c> members, so a
    /// client reading either shape finds what it needs.
    /// </summary>
    public static ProblemHttpResult Problem(string code, string message, int? statusCode = null, string[]? errors = null)
    {
        var extensions = new Dictionary<string, object?> { ["code"] = code, ["message"] = message };
        if (errors is not null)
        {
            extensions["errors"] = errors;
        }

        return TypedResults.Problem(
            title: code == SandboxFault ? "Fault injected by the sandbox." : TitleOf(code),
            detail: message,
            statusCode: statusCode ?? StatusOf(code),
            extensions: extensions);
    }
}
