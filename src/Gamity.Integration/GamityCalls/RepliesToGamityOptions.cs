using Gamity.Integration.Defaults;

namespace Gamity.Integration.GamityCalls;

/// <summary>
/// What the Payout and Debit endpoints answer Gamity. Gamity does not publish its status-code table or the
/// name of the transaction-id field (gamity-contract.md §6–7, open questions 1 and 3), so every one is a setting with a
/// documented default, here and nowhere else (docs/gamity-assumptions.md, W1–W6).
/// </summary>
public sealed class RepliesToGamityOptions
{
    public const string Section = "Responses";

    public int Succeeded { get; set; } = 200;

    public int Invalid { get; set; } = 400;

    public int Unauthorized { get; set; } = 401;

    public int Forbidden { get; set; } = 403;

    /// <summary>Same ref, different body; a permanent wallet refusal; a rolled-back debit.</summary>
    public int Refused { get; set; } = 422;

    /// <summary>Wallet unavailable, or the same ref still in flight: Gamity should retry later.</summary>
    public int RetryLater { get; set; } = 503;

    public int RetryAfterSeconds { get; set; } = 60;

    /// <summary>Name of the field carrying the wallet's transaction id in a success answer.</summary>
    public string TransactionIdField { get; set; } = "transactionId";

    public static IEnumerable<string> Validate(RepliesToGamityOptions o)
    {
        foreach (var (name, status, low, high) in new[]
                 {
                     (nameof(Succeeded), o.Succeeded, 200, 299), (nameof(Invalid), o.Invalid, 400, 499), (nameof(Unauthorized), o.Unauthorized, 400, 499),
                     (nameof(Forbidden), o.Forbidden, 400, 499), (nameof(Refused), o.Refused, 400, 499), (nameof(RetryLater), o.RetryLater, 500, 599),
                 })
        {
            if (status < low || status > high)
            {
                yield return $"{ValidatedOptions.Setting(Section, name)} must be an HTTP status between {low} and {high} (got {status}).";
            }
        }

        if (string.IsNullOrWhiteSpace(o.TransactionIdField))
        {
            yield return $"{ValidatedOptions.Setting(Section, nameof(TransactionIdField))} must not be empty.";
        }
    }
}

/// <summary>
/// The success answer to a payout or a debit as the OpenAPI document describes it: with the default
/// <c>Responses__TransactionIdField</c> and <c>Responses__Succeeded</c> (assumption W2); the answer itself is built from the settings.
/// </summary>
public sealed record TransactionIdAnswer(string TransactionId);
