using System.Text.Json.Nodes;
using static Gamity.Sandbox.Conformance.CheckContext;

namespace Gamity.Sandbox.Conformance.Checks;

/// <summary><c>POST /api/rounds</c>: the casino's way in for game rounds when it does not use a queue.</summary>
public static class RoundsChecks
{
    public static IEnumerable<ConformanceCheck> All() =>
    [
        new("rounds.accepts", "a valid round is accepted: 200 with received 1 and invalid 0", CheckNeeds.RoundsKey, AcceptsAsync),
        new("rounds.refuses-bad", "a bad round is counted invalid without failing its batch; a body that is not rounds is 400 problem+json naming the body; a missing or wrong key is 401", CheckNeeds.RoundsKey, RefusesBadAsync),
    ];

    private static JsonObject Round(CheckContext ctx) => new()
    {
        ["timestamp"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
        ["roundId"] = ctx.NewRoundId(),
        ["brandId"] = ctx.Settings.Brand,
        ["playerId"] = $"conformance-{ctx.RunId}-rounds",
        ["gameId"] = ctx.Settings.GameId,
        ["currency"] = ctx.Settings.Currency,
        ["betAmount"] = 1,
        ["winAmount"] = 0,
    };

    private static Task<Answer> PostAsync(CheckContext ctx, string body, string? key) =>
        ctx.SendAsync(HttpMethod.Post, "api/rounds", body, key, headers: new Dictionary<string, string> { ["X-Message-Id"] = $"conformance-{ctx.RunId}-{Guid.NewGuid():N}" });

    private static long Count(Answer answer, string field) => answer.Json?[field] is JsonValue value && value.TryGetValue<long>(out var count) ? count : -1;

    private static async Task AcceptsAsync(CheckContext ctx)
    {
        var answer = await PostAsync(ctx, Round(ctx).ToJsonString(), ctx.Settings.RoundsKey);
        Expect(answer.Status == 200, $"expected 200, got {answer}");
        Expect(Count(answer, "received") == 1 && Count(answer, "invalid") == 0, $"expected received 1 and invalid 0, got {answer}");
    }

    private static async Task RefusesBadAsync(CheckContext ctx)
    {
        var bad = Round(ctx);
        bad.Remove("roundId");
        var mixed = await PostAsync(ctx, new JsonArray(Round(ctx), bad).ToJsonString(), ctx.Settings.RoundsKey);
        Expect(mixed.Status == 200 && Count(mixed, "received") == 2 && Count(mixed, "invalid") == 1,
            $"a valid and an invalid round: expected 200 with received 2 and invalid 1, got {mixed}");

        foreach (var (what, body) in new[] { ("not JSON", "not json"), ("a JSON number", "42"), ("an empty body", string.Empty) })
        {
            var answer = await PostAsync(ctx, body, ctx.Settings.RoundsKey);
            Expect(answer.Status == 400 && answer.IsProblem && answer.Json?["errors"]?["body"] is not null,
                $"{what}: expected 400 problem+json with errors.body, got {answer}");
        }

        foreach (var (what, key) in new[] { ("no key", (string?)null), ("a wrong key", "conformance-wrong-key-" + ctx.RunId) })
        {
            var answer = await PostAsync(ctx, Round(ctx).ToJsonString(), key);
            Expect(answer.Status == 401, $"with {what}: expected 401, got {answer}");
        }
    }
}
