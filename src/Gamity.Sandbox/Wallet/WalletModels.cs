using System.Text.Json.Serialization;
using Gamity.Sandbox.Shared;

namespace Gamity.Sandbox.Wallet;

/// <summary>
/// Body of <c>POST /wallet/credit</c> and <c>/wallet/debit</c>. Fields are nullable so that what a client
/// leaves out is seen (and refused with <c>INVALID_REQUEST</c>); unknown fields are ignored, as the contract asks.
/// </summary>
public sealed record MoneyRequest(string? IdempotencyKey, string? BrandId, string? PlayerId, decimal? Amount, string? Currency)
{
    public ValidationErrors Validate()
    {
        var errors = WalletValidation.Common(IdempotencyKey, BrandId, PlayerId);
        WalletValidation.Positive(Amount, "amount", errors);
        errors.CheckPresent(Currency, "currency");
        return errors;
    }
}

/// <summary>Body of <c>POST /wallet/freerounds</c>.</summary>
public sealed record FreeRoundsRequest(
    string? IdempotencyKey,
    string? BrandId,
    string? PlayerId,
    string? GameId,
    int? NumberOfRounds,
    decimal? RoundValue,
    string? Currency,
    int? ValidHours)
{
    public ValidationErrors Validate()
    {
        var errors = WalletValidation.Common(IdempotencyKey, BrandId, PlayerId);
        errors.CheckRef(GameId, "gameId");
        if (NumberOfRounds is not > 0)
        {
            errors.Add("numberOfRounds must be a whole number greater than 0.");
        }

        WalletValidation.Positive(RoundValue, "roundValue", errors);
        errors.CheckPresent(Currency, "currency");
        if (ValidHours is not > 0)
        {
            errors.Add("validHours must be a whole number greater than 0.");
        }

        return errors;
    }
}

/// <summary>Body of <c>POST /wallet/rollback</c>: the key of the debit to reverse, and its player.</summary>
public sealed record RollbackRequest(string? IdempotencyKey, string? BrandId, string? PlayerId)
{
    public ValidationErrors Validate() => WalletValidation.Common(IdempotencyKey, BrandId, PlayerId);
}

internal static class WalletValidation
{
    public const int MaxKeyLength = 255;

    public static ValidationErrors Common(string? idempotencyKey, string? brandId, string? playerId)
    {
        var errors = new ValidationErrors();
        if (string.IsNullOrWhiteSpace(idempotencyKey))
        {
            errors.Add("idempotencyKey is required.");
        }
        else if (idempotencyKey.Length > MaxKeyLength)
        {
            errors.Add($"idempotencyKey is longer than {MaxKeyLength} characters.");
        }

        errors.CheckRef(brandId, "brandId");
        errors.CheckRef(playerId, "playerId");
        return errors;
    }

    public static void Positive(decimal? value, string name, ValidationErrors errors)
    {
        if (value is not > 0m)
        {
            errors.Add($"{name} must be a number greater than 0.");
        }
    }
}

/// <summary>The contract's success answer: the wallet's id of the transaction (the same one on every repeat).</summary>
public sealed record WalletTransactionAnswer(string TransactionId);

/// <summary>
/// A transaction as <c>GET /wallet/transactions/{idempotencyKey}</c> and <c>GET /sandbox/wallet/transactions</c>
/// show it. <c>Amount</c> is absent for free rounds, which carry the grant fields instead.
/// </summary>
public sealed record WalletTransactionView(
    string TransactionId,
    string IdempotencyKey,
    string Type,
    string Status,
    string BrandId,
    string PlayerId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] decimal? Amount,
    string Currency,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? RollbackTransactionId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? GameId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? NumberOfRounds,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] decimal? RoundValue,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? ValidHours,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? ExpiresAt,
    DateTimeOffset CreatedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? RolledBackAt);

/// <summary>Body of <c>PUT /sandbox/wallet/players/{brandId}/{playerId}</c>; unknown fields are 400.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record WalletPlayerRequest(decimal? Balance, string? Currency, bool? Blocked = null, string? RefuseWith = null)
{
    public ValidationErrors Validate()
    {
        var errors = new ValidationErrors();
        if (Balance is not >= 0m)
        {
            errors.Add("balance must be a number of at least 0.");
        }

        errors.CheckPresent(Currency, "currency");
        if (RefuseWith is not null && !WalletCodes.ForcedRefusals.Contains(RefuseWith))
        {
            errors.Add($"refuseWith must be null or one of {string.Join(", ", WalletCodes.ForcedRefusals)}.");
        }

        return errors;
    }
}

/// <summary>A player as <c>GET /sandbox/wallet/players/…</c> shows it; the counts are of committed transactions.</summary>
public sealed record WalletPlayerView(
    string BrandId,
    string PlayerId,
    decimal Balance,
    string Currency,
    bool Blocked,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? RefuseWith,
    int Credits,
    int Debits,
    IReadOnlyList<FreeRoundGrantView> FreeRoundGrants,
    int Rollbacks);

/// <summary>One free-rounds grant held on a player.</summary>
public sealed record FreeRoundGrantView(
    string TransactionId,
    string IdempotencyKey,
    string GameId,
    int NumberOfRounds,
    decimal RoundValue,
    string Currency,
    int ValidHours,
    DateTimeOffset GrantedAt,
    DateTimeOffset ExpiresAt);

/// <summary>
/// Answer of <c>GET /sandbox/wallet/summary</c>. Amounts of different currencies are added as plain numbers
/// at the top level; <c>ByCurrency</c> keeps them apart.
/// </summary>
public sealed record WalletSummary(
    int Transactions,
    int Credits,
    int Debits,
    int Freerounds,
    int Rollbacks,
    decimal CommittedCreditAmount,
    decimal CommittedDebitAmount,
    decimal RolledBackDebitAmount,
    long FreeRoundsGranted,
    int Players,
    long Replays,
    long Refusals,
    long InjectedErrors,
    long HeldOpen,
    Dictionary<string, CurrencyTotals> ByCurrency,
    Dictionary<string, long> CallsByEndpoint);

/// <summary>Money moved in one currency: credited, debited (net of rollbacks) and rolled back.</summary>
public sealed record CurrencyTotals(decimal Credited, decimal Debited, decimal RolledBack);
