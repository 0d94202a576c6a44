using System.Text.Json.Nodes;
using static Gamity.Sandbox.Conformance.CheckContext;

namespace Gamity.Sandbox.Conformance.Checks;

/// <summary>Health, the API document, and who may call what.</summary>
public static class ServiceChecks
{
    public static IEnumerable<ConformanceCheck> All() =>
    [
        new("health.answers", "GET /api/health answers 200 with a JSON status", CheckNeeds.Nothing, HealthAsync),
        new("openapi.served", "GET /api/openapi.json is an OpenAPI 3.1 document with Gamity's payout and debit routes", CheckNeeds.Nothing, OpenApiAsync),
        new("access.inbound-key", "payouts and debits without a key or with a wrong one are 401 problem+json and store nothing", CheckNeeds.Players, InboundKeyAsync),
        new("access.operator-key", "the operator view without a key or with a wrong one is 401; with the admin key an unknown ref is 404", CheckNeeds.AdminKey, OperatorKeyAsync),
    ];

    private static async Task HealthAsync(CheckContext ctx)
    {
        var answer = await ctx.SendAsync(HttpMethod.Get, "api/health");
        Expect(answer.Status == 200, $"expected 200, got {answer}");
        Expect(answer.Json is JsonObject json && json["status"] is JsonValue, $"expected a JSON object with a status, got {answer}");
    }

    private static async Task OpenApiAsync(CheckContext ctx)
    {
        var answer = await ctx.SendAsync(HttpMethod.Get, "api/openapi.json");
        Expect(answer.Status == 200 && answer.Json is JsonObject, $"expected 200 and a JSON document, got {answer}");
        var document = answer.Json!.AsObject();
        Expect(document["openapi"]?.GetValue<string>()?.StartsWith("3.1", StringComparison.Ordinal) == true, $"expected \"openapi\": \"3.1.x\", got {document["openapi"]}");
        foreach (var kind in new[] { MoneyKind.Payouts, MoneyKind.Debits })
        {
            Expect(document["paths"]?["/" + kind.Route]?["post"] is JsonObject, $"the document has no POST /{kind.Route}");
        }
    }

    private static async Task InboundKeyAsync(CheckContext ctx)
    {
        var player = await ctx.NewPlayerAsync();
        foreach (var kind in new[] { MoneyKind.Payouts, MoneyKind.Debits })
        {
            var refs = new List<Guid>();
            foreach (var (what, key) in new[] { ("no key", (string?)null), ("a wrong key", "conformance-wrong-key-" + ctx.RunId), ("the key with a character changed", Mutated(ctx.Settings.ApiKey)) })
            {
                var reference = NewRef();
                refs.Add(reference);
                var answer = await ctx.CallAsGamityAsync(kind, kind.Body(reference, player, MoneyChecks.Amount, ctx.Settings.Currency), key);
                Expect(answer.Status == 401 && answer.IsProblem, $"{kind} with {what}: expected 401 problem+json, got {answer}");
            }

            await MoneyChecks.VerifyNothingStoredAsync(ctx, kind, player, refs, $"{kind} refused for their key");
        }
    }

    private static async Task OperatorKeyAsync(CheckContext ctx)
    {
        var path = $"api/payouts/{NewRef()}";
        foreach (var (what, key) in new[] { ("no key", (string?)null), ("a wrong key", Mutated(ctx.Settings.AdminKey!)), ("Gamity's inbound key", ctx.Settings.ApiKey) })
        {
            var answer = await ctx.SendAsync(HttpMethod.Get, path, apiKey: key);
            Expect(answer.Status == 401, $"the operator view with {what}: expected 401, got {answer}");
        }

        var unknown = await ctx.SendAsync(HttpMethod.Get, path, apiKey: ctx.Settings.AdminKey);
        Expect(unknown.Status == 404, $"the operator view of an unknown ref with the admin key: expected 404, got {unknown}");
    }

    /// <summary>The key with its last character changed: a near miss must fail like any wrong key.</summary>
    private static string Mutated(string key) => key[..^1] + (key[^1] == 'x' ? 'y' : 'x');
}
