using Gamity.Integration.Input;
using Gamity.Integration.GamityCalls;
using Gamity.Integration.Payouts;
using Gamity.Integration.WalletOperations;

namespace Gamity.Integration.Debits;

/// <summary>A buy-in Gamity asks the casino to debit (gamity-contract.md §7); only <c>BUYIN</c> exists.</summary>
public sealed record DebitRequest(string DebitRef, string BrandId, string PlayerId, decimal Amount, string Currency, string Type)
{
    public static DebitRequest? Read(InboundRequestReader body)
    {
        var debitRef = body.RequiredUuid("debitRef");
        var brandId = body.RequiredString("brandId");
        var playerId = body.RequiredString("playerId");
        var amount = body.RequiredAmount("amount");
        var currency = body.RequiredCurrency("currency");
        var type = body.RequiredEnum("type", "BUYIN");
        return body.IsValid ? new DebitRequest(debitRef!, brandId!, playerId!, amount!.Value, currency!, type!) : null;
    }

    public string Hash() => PayoutRequest.Sha256(string.Join('\n', DebitRef, BrandId, PlayerId, InboundRequestReader.Canonical(Amount), Currency, Type));

    public WalletWork Work() => new(WalletWork.Debit, DebitRef, BrandId, PlayerId, Amount, Currency);
}
