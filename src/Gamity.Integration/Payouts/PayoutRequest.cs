using System.Security.Cryptography;
using System.Text;
using Gamity.Integration.Input;
using Gamity.Integration.GamityCalls;
using Gamity.Integration.WalletOperations;

namespace Gamity.Integration.Payouts;

/// <summary>A prize Gamity pays out (gamity-contract.md §6): cash into the wallet, or free rounds on a game.</summary>
public sealed record PayoutRequest(
    string PayoutId, string PayoutRef, string BrandId, string PlayerId, decimal Amount, string Currency, string Type,
    int? NumberOfRounds, string? FreeroundGameId, int? ValidHours, string? PromoName, string? PromoRef, string? Metadata)
{
    public const string Cash = "CASH";
    public const string FreeRound = "FREEROUND";

    public static PayoutRequest? Read(InboundRequestReader body)
    {
        var payoutId = body.RequiredStringOrNumber("payoutId");
        var payoutRef = body.RequiredUuid("payoutRef");
        var brandId = body.RequiredString("brandId");
        var playerId = body.RequiredString("playerId");
        var amount = body.RequiredAmount("amount");
        var currency = body.RequiredCurrency("currency");
        var type = body.RequiredEnum("type", Cash, FreeRound);
        var freeRound = type == FreeRound;
        var rounds = body.Integer("numberOfRounds", required: freeRound, 1, 100_000);
        var gameId = freeRound ? body.RequiredString("freeroundGameId") : body.OptionalString("freeroundGameId", InboundRequestReader.MaxIdLength);
        var validHours = body.Integer("validHours", required: freeRound, 1, 24 * 366);
        var promoName = body.OptionalText("promoName", 200);
        var promoRef = body.OptionalString("promoRef", InboundRequestReader.MaxIdLength);
        var metadata = body.OptionalObject("metadata");
        return body.IsValid
            ? new PayoutRequest(payoutId!, payoutRef!, brandId!, playerId!, amount!.Value, currency!, type!, rounds, gameId, validHours, promoName, promoRef, metadata)
            : null;
    }

    /// <summary>
    /// The fields that decide what money moves, canonicalised; a repeat that differs in any of them is refused.
    /// <c>promoName</c> and <c>metadata</c> are display data and may change between Gamity's retries (assumption W3).
    /// </summary>
    public string Hash() => Sha256(string.Join('\n',
        PayoutId, PayoutRef, BrandId, PlayerId, InboundRequestReader.Canonical(Amount), Currency, Type,
        NumberOfRounds?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty, FreeroundGameId ?? string.Empty,
        ValidHours?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty, PromoRef ?? string.Empty));

    public WalletWork Work() => Type == FreeRound
        ? new WalletWork(WalletWork.FreeRounds, PayoutRef, BrandId, PlayerId, Amount, Currency, FreeroundGameId, NumberOfRounds, ValidHours)
        : new WalletWork(WalletWork.Credit, PayoutRef, BrandId, PlayerId, Amount, Currency);

    internal static string Sha256(string canonical) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
}
