using static Gamity.Sandbox.Conformance.CheckContext;

namespace Gamity.Sandbox.Conformance.Checks;

/// <summary>A refusal is final: the same ref repeated gets the same status and code, and no money moves.</summary>
public static class RefusalChecks
{
    /// <summary>Far above any deployment's <c>Wallet__MaxAmount</c> and still an exact decimal.</summary>
    public const decimal AboveAnyMaximum = 1_000_000_000_000_000_000_000_000m;

    public static IEnumerable<ConformanceCheck> All() =>
    [
        new("refusals.amount-above-maximum", "an amount above the maximum is 422 with the same code on every repeat, and nothing is stored", CheckNeeds.Players, AboveMaximumAsync),
        new("refusals.wallet-refusals", "the wallet's refusals (insufficient funds, blocked player) reach Gamity as 422 with a code that stays the same on repeat, and move nothing", CheckNeeds.WalletControl, WalletRefusalsAsync),
    ];

    private static async Task AboveMaximumAsync(CheckContext ctx)
    {
        var player = await ctx.NewPlayerAsync();
        foreach (var kind in new[] { MoneyKind.Payouts, MoneyKind.Debits })
        {
            var reference = NewRef();
            await ExpectStableRefusalAsync(ctx, kind, kind.Body(reference, player, AboveAnyMaximum, ctx.Settings.Currency), expectedCode: null);
            await MoneyChecks.VerifyNothingStoredAsync(ctx, kind, player, [reference], $"the {MoneyChecks.Singular(kind)} above the maximum");
        }
    }

    private static async Task WalletRefusalsAsync(CheckContext ctx)
    {
        var broke = await ctx.NewPlayerAsync(balance: 0m);
        var reference = NewRef();
        await ExpectStableRefusalAsync(ctx, MoneyKind.Debits, MoneyKind.Debits.Body(reference, broke, 5m, ctx.Settings.Currency), "INSUFFICIENT_FUNDS");
        Expect(await ctx.WalletBalanceAsync(broke) == 0m, "the refused debit changed the player's balance");

        var blocked = await ctx.NewPlayerAsync(blocked: true);
        await ExpectStableRefusalAsync(ctx, MoneyKind.Payouts, MoneyKind.Payouts.Body(NewRef(), blocked, 5m, ctx.Settings.Currency), "PLAYER_BLOCKED");
        var credited = (await ctx.WalletTransactionsAsync(blocked)).Where(t => t.Status == "committed").ToList();
        Expect(credited.Count == 0, $"the blocked player was credited {credited.Count} times");
    }

    /// <summary>422 with a code, three times, always the same code (and <paramref name="expectedCode"/> when given).</summary>
    private static async Task ExpectStableRefusalAsync(CheckContext ctx, MoneyKind kind, System.Text.Json.Nodes.JsonObject body, string? expectedCode)
    {
        string? first = null;
        for (var call = 1; call <= 3; call++)
        {
            var answer = await ctx.CallAsGamityAsync(kind, body);
            var code = answer.Text("code");
            Expect(answer.Status == 422 && !string.IsNullOrEmpty(code), $"{kind} call {call}: expected 422 with a code, got {answer}");
            Expect(expectedCode is null || code == expectedCode, $"{kind} call {call}: expected code {expectedCode}, got {code}");
            first ??= code;
            Expect(code == first, $"{kind} call {call}: the code changed on repeat, {first} then {code}");
        }
    }
}
