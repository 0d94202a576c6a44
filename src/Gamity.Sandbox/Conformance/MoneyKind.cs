using System.Text.Json.Nodes;

namespace Gamity.Sandbox.Conformance;

/// <summary>Payouts (gamity-contract.md §6) or buy-in debits (§7): the route Gamity calls, the ref field, the wallet call.</summary>
public sealed record MoneyKind(string Name, string RefField, string WalletType)
{
    public static readonly MoneyKind Payouts = new("payouts", "payoutRef", "credit");
    public static readonly MoneyKind Debits = new("debits", "debitRef", "debit");

    public string Route => $"api/gamity/{Name}";

    /// <summary>A valid body for <paramref name="player"/>, as Gamity sends it.</summary>
    public JsonObject Body(Guid reference, TestPlayer player, decimal amount, string currency) => this == Payouts
        ? new JsonObject
        {
            ["payoutId"] = $"{(uint)reference.GetHashCode() % 100_000_000}",
            ["payoutRef"] = reference.ToString(),
            ["brandId"] = player.BrandId,
            ["playerId"] = player.PlayerId,
            ["amount"] = amount,
            ["currency"] = currency,
            ["type"] = "CASH",
            ["promoName"] = "Conformance_Tournament",
            ["promoRef"] = "8d308790-55db-11ed-bdc3-0242ac120002",
        }
        : new JsonObject
        {
            ["debitRef"] = reference.ToString(),
            ["brandId"] = player.BrandId,
            ["playerId"] = player.PlayerId,
            ["amount"] = amount,
            ["currency"] = currency,
            ["type"] = "BUYIN",
        };

    /// <summary>The fields a body of this kind must carry (each one's absence is a 400 naming it).</summary>
    public IReadOnlyList<string> RequiredFields => this == Payouts
        ? ["payoutId", "payoutRef", "brandId", "playerId", "amount", "currency", "type"]
        : ["debitRef", "brandId", "playerId", "amount", "currency", "type"];

    public override string ToString() => Name;
}
