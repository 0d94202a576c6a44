using System.Text;
using System.Text.Json.Nodes;

namespace Gamity.Sandbox.Conformance;

/// <summary>
/// A body Gamity's endpoint must refuse: <see cref="Status"/> 400 naming <see cref="Field"/> (null = the body as a whole),
/// or 413 when it is too large. <see cref="Ref"/> is the ref it carries, to verify that nothing was stored under it.
/// </summary>
public sealed record MalformedBody(string Description, byte[] Body, string? Field, Guid? Ref, int Status = 400);

/// <summary>
/// The generated set: each required field missing, null, of the wrong JSON type and empty; values the contract refuses
/// (a ref that is not a UUID, amounts that are not positive or not exact, currencies that are not ISO 4217, an unknown
/// type, control and bidi characters, undecodable text); bodies that are not a JSON object; and one over 64 KiB.
/// </summary>
public static class MalformedBodies
{
    /// <summary>Gamity's bodies are small; the product refuses more than 64 KiB (README, "Input rules and limits").</summary>
    public const int MaxBodyBytes = 64 * 1024;

    public static IEnumerable<MalformedBody> For(MoneyKind kind, TestPlayer player, string currency)
    {
        MalformedBody Mutated(string description, string field, Action<JsonObject> mutate)
        {
            var reference = CheckContext.NewRef();
            var body = kind.Body(reference, player, 1.5m, currency);
            mutate(body);
            return new MalformedBody(description, Encoding.UTF8.GetBytes(body.ToJsonString()), field, reference);
        }

        MalformedBody Raw(string description, string? field, Func<string, string> edit)
        {
            var reference = CheckContext.NewRef();
            var text = edit(kind.Body(reference, player, 1.5m, currency).ToJsonString());
            return new MalformedBody(description, Encoding.UTF8.GetBytes(text), field, reference);
        }

        foreach (var field in kind.RequiredFields)
        {
            yield return Mutated($"{field} missing", field, b => b.Remove(field));
            yield return Mutated($"{field} null", field, b => b[field] = null);
            yield return field == "amount"
                ? Mutated("amount as a string", field, b => b[field] = "1.5")
                : Mutated($"{field} an object", field, b => b[field] = new JsonObject());
            if (field != "amount")
            {
                yield return Mutated($"{field} empty", field, b => b[field] = string.Empty);
            }
        }

        yield return Mutated($"{kind.RefField} not a UUID", kind.RefField, b => b[kind.RefField] = "not-a-uuid");
        yield return Mutated("amount zero", "amount", b => b["amount"] = 0);
        yield return Mutated("amount negative", "amount", b => b["amount"] = -5);
        yield return Raw("amount with 29 decimal places (not exact)", "amount", t => t.Replace("\"amount\":1.5", "\"amount\":0.00000000000000000000000000001", StringComparison.Ordinal));
        yield return Raw("amount 1e400", "amount", t => t.Replace("\"amount\":1.5", "\"amount\":1e400", StringComparison.Ordinal));
        yield return Mutated("currency of four letters", "currency", b => b["currency"] = "EURO");
        yield return Mutated("currency in lower case", "currency", b => b["currency"] = "eur");
        yield return Mutated("unknown type", "type", b => b["type"] = "BONUS");
        yield return Mutated("brandId with a control character", "brandId", b => b["brandId"] = "brand\u0001x");
        yield return Mutated("playerId with a bidi override", "playerId", b => b["playerId"] = "player\u202Eevil");
        yield return Mutated("playerId of 101 characters", "playerId", b => b["playerId"] = new string('p', 101));
        yield return Raw("playerId with an unpaired surrogate", "playerId", t => t.Replace($"\"playerId\":\"{player.PlayerId}\"", "\"playerId\":\"p\\ud800\"", StringComparison.Ordinal));

        var undecodable = CheckContext.NewRef();
        var bytes = Encoding.UTF8.GetBytes(kind.Body(undecodable, player with { BrandId = "BRAND_X" }, 1.5m, currency).ToJsonString());
        var at = IndexOf(bytes, "BRAND_X"u8);
        bytes[at + 5] = 0xFF; // "BRAND\xFFX": not UTF-8
        yield return new MalformedBody("brandId that is not UTF-8", bytes, "brandId", undecodable);

        foreach (var (description, text) in new[]
        {
            ("an empty body", string.Empty),
            ("JSON null", "null"),
            ("a JSON array", "[]"),
            ("a JSON string", "\"payout\""),
            ("not JSON", "not json"),
            ("truncated JSON", "{\"" + kind.RefField + "\":"),
        })
        {
            yield return new MalformedBody(description, Encoding.UTF8.GetBytes(text), null, null);
        }

        var big = CheckContext.NewRef();
        var oversized = kind.Body(big, player, 1.5m, currency);
        oversized["padding"] = new string('x', MaxBodyBytes + 1024);
        yield return new MalformedBody("a body over 64 KiB", Encoding.UTF8.GetBytes(oversized.ToJsonString()), null, big, Status: 413);
    }

    private static int IndexOf(byte[] bytes, ReadOnlySpan<byte> value) => bytes.AsSpan().IndexOf(value);
}
