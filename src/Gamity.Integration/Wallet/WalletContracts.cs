using System.Text.Json;
using System.Text.Json.Serialization;

namespace Gamity.Integration.Wallet;

// The casino wallet contract (docs/wallet-api.openapi.yaml). Every call carries the Gamity ref as idempotencyKey.

public sealed record WalletMoneyRequest(string IdempotencyKey, string BrandId, string PlayerId, decimal Amount, string Currency);

public sealed record WalletFreeRoundsRequest(string IdempotencyKey, string BrandId, string PlayerId, string GameId, int NumberOfRounds, decimal RoundValue, string Currency, int ValidHours);

public sealed record WalletRollbackRequest(string IdempotencyKey, string BrandId, string PlayerId);

public sealed record WalletTransactionAnswer(string? TransactionId, string? Code, string? Message, string? Status);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(WalletMoneyRequest))]
[JsonSerializable(typeof(WalletFreeRoundsRequest))]
[JsonSerializable(typeof(WalletRollbackRequest))]
[JsonSerializable(typeof(WalletTransactionAnswer))]
internal sealed partial class WalletJsonContext : JsonSerializerContext;

public enum WalletOutcomeKind
{
    /// <summary>Done: the wallet answered 200 with a transaction id (the same one on every repeat of the key).</summary>
    Succeeded,

    /// <summary>A permanent refusal (4xx with a code): the same answer will come on every repeat.</summary>
    Refused,

    /// <summary>The wallet said (or a look-up says) there is no such transaction.</summary>
    NotFound,

    /// <summary>Unknown: 5xx, 408, 429, a 4xx without a code, a timeout, a lost response. May have committed.</summary>
    Transient,
}

public readonly record struct WalletOutcome(WalletOutcomeKind Kind, string? TransactionId, string? Code, string Detail)
{
    public static WalletOutcome Transient(string detail) => new(WalletOutcomeKind.Transient, null, null, detail);
}
