using System.Text.Json.Nodes;
using static Gamity.Sandbox.Conformance.CheckContext;

namespace Gamity.Sandbox.Conformance.Checks;

/// <summary>
/// Gamity's payouts and buy-in debits against the deployment: each check exists once for both kinds
/// (<c>payouts.…</c>, <c>debits.…</c>). Money moved is verified through the operator view (admin key) and, when the
/// wallet is the sandbox, in the wallet itself: exactly one transaction under the ref, with the answered id.
/// </summary>
public static class MoneyChecks
{
    public const decimal Amount = 1.25m;

    public static IEnumerable<ConformanceCheck> For(MoneyKind kind) =>
    [
        new($"{kind}.happy-path", $"a {Singular(kind)} is answered 200 with a transaction id, and the wallet moved it once", CheckNeeds.Players, ctx => HappyPathAsync(ctx, kind)),
        new($"{kind}.repeat", "a repeat of the same body returns the original transaction id and moves nothing more", CheckNeeds.Players, ctx => RepeatAsync(ctx, kind)),
        new($"{kind}.concurrent-duplicates", "the same ref sent 5× at once gets one transaction id and moves money once", CheckNeeds.Players, ctx => ConcurrentDuplicatesAsync(ctx, kind)),
        new($"{kind}.ref-letter-case", "the ref in upper case is the same operation (refs are UUIDs, compared case-insensitively)", CheckNeeds.Players, ctx => LetterCaseAsync(ctx, kind)),
        new($"{kind}.same-ref-different-body", "the same ref with a different amount is 422 IDEMPOTENCY_KEY_REUSED; the original still answers", CheckNeeds.Players, ctx => DifferentBodyAsync(ctx, kind)),
        new($"{kind}.malformed-bodies", "every generated malformed body is 400 (413 when too large) problem+json naming the field, and nothing is stored or moved", CheckNeeds.Players | CheckNeeds.AdminKey, ctx => MalformedAsync(ctx, kind)),
    ];

    public static string Singular(MoneyKind kind) => kind == MoneyKind.Payouts ? "payout" : "debit";

    /// <summary>A 200 with a non-empty transaction id; the id.</summary>
    public static string ExpectTransactionId(CheckContext ctx, Answer answer, string what)
    {
        Expect(answer.Status == 200, $"{what}: expected 200, got {answer}");
        var id = answer.Text(ctx.Settings.Answers.TransactionIdField);
        Expect(!string.IsNullOrEmpty(id), $"{what}: the 200 carries no '{ctx.Settings.Answers.TransactionIdField}': {answer}");
        return id;
    }

    /// <summary>Exactly one wallet transaction (and a settled operator view) under the ref, with the answered id.</summary>
    public static async Task VerifyMovedOnceAsync(CheckContext ctx, MoneyKind kind, TestPlayer player, Guid reference, string transactionId, decimal amount)
    {
        if (ctx.Settings.AdminKey is not null)
        {
            var view = await ctx.OperationAsync(kind, reference.ToString());
            Expect(view.Status == 200, $"operator view of {reference}: expected 200, got {view}");
            Expect(view.Text("state") == "Succeeded", $"operator view of {reference}: expected state Succeeded, got {view.Text("state")}");
            Expect(view.Text("transactionId") == transactionId, $"operator view of {reference}: transaction id {view.Text("transactionId")} is not the answered {transactionId}");
        }

        if (ctx.Settings.WalletControl is not null)
        {
            var moved = (await ctx.WalletTransactionsAsync(player)).Where(t => string.Equals(t.IdempotencyKey, reference.ToString(), StringComparison.OrdinalIgnoreCase)).ToList();
            Expect(moved.Count == 1, $"the wallet holds {moved.Count} transactions under {reference}, expected exactly 1");
            var transaction = moved[0];
            Expect(transaction.Type == kind.WalletType && transaction.Amount == amount && transaction.Status == "committed",
                $"the wallet's transaction under {reference} is {transaction.Type} {transaction.Amount} {transaction.Status}, expected a committed {kind.WalletType} of {amount}");
            Expect(transaction.TransactionId == transactionId, $"Gamity was answered {transactionId} but the wallet's transaction under {reference} is {transaction.TransactionId}");
        }
    }

    /// <summary>Nothing under the ref: the operator view says 404 and the wallet holds no transaction with that key.</summary>
    public static async Task VerifyNothingStoredAsync(CheckContext ctx, MoneyKind kind, TestPlayer player, IReadOnlyCollection<Guid> references, string what)
    {
        if (ctx.Settings.AdminKey is not null)
        {
            foreach (var reference in references)
            {
                var view = await ctx.OperationAsync(kind, reference.ToString());
                Expect(view.Status == 404, $"{what}: the operator view of {reference} should be 404 (nothing stored), got {view}");
            }
        }

        if (ctx.Settings.WalletControl is not null)
        {
            var keys = references.Select(r => r.ToString()).ToHashSet(StringComparer.OrdinalIgnoreCase);
            var moved = (await ctx.WalletTransactionsAsync(player)).Where(t => keys.Contains(t.IdempotencyKey)).ToList();
            Expect(moved.Count == 0, $"{what}: the wallet moved money under {string.Join(", ", moved.Select(t => t.IdempotencyKey))}");
        }
    }

    /// <summary>Calls until the answer is final (not 503 or no answer), as Gamity would, a bounded number of times.</summary>
    public static async Task<Answer> CallUntilFinalAsync(CheckContext ctx, MoneyKind kind, JsonObject body, int tries = 30)
    {
        for (var attempt = 1; ; attempt++)
        {
            var answer = await ctx.CallAsGamityAsync(kind, body);
            if ((answer.Status is not null and < 500) || attempt == tries)
            {
                return answer;
            }

            await Task.Delay(ctx.Settings.GamityRetryInterval, ctx.CancellationToken);
        }
    }

    /// <summary>A fresh player and ref, the body Gamity sends for them, and (unless <paramref name="firstCall"/> is null) that body's first call, which must be a 200.</summary>
    private static async Task<(TestPlayer Player, Guid Ref, JsonObject Body, string? Id)> NewOperationAsync(CheckContext ctx, MoneyKind kind, string? firstCall = "the first call")
    {
        var player = await ctx.NewPlayerAsync();
        var reference = NewRef();
        var body = kind.Body(reference, player, Amount, ctx.Settings.Currency);
        var id = firstCall is null ? null : ExpectTransactionId(ctx, await ctx.CallAsGamityAsync(kind, body), firstCall);
        return (player, reference, body, id);
    }

    private static async Task HappyPathAsync(CheckContext ctx, MoneyKind kind)
    {
        var (player, reference, _, id) = await NewOperationAsync(ctx, kind, $"the {Singular(kind)}");
        await VerifyMovedOnceAsync(ctx, kind, player, reference, id!, Amount);
    }

    private static async Task RepeatAsync(CheckContext ctx, MoneyKind kind)
    {
        var (player, reference, body, id) = await NewOperationAsync(ctx, kind);
        for (var repeat = 1; repeat <= 2; repeat++)
        {
            var again = ExpectTransactionId(ctx, await ctx.CallAsGamityAsync(kind, body), $"repeat {repeat}");
            Expect(again == id, $"repeat {repeat} answered transaction id {again}, the first call {id}");
        }

        await VerifyMovedOnceAsync(ctx, kind, player, reference, id!, Amount);
    }

    private static async Task ConcurrentDuplicatesAsync(CheckContext ctx, MoneyKind kind)
    {
        var (player, reference, body, _) = await NewOperationAsync(ctx, kind, firstCall: null);
        var answers = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => ctx.CallAsGamityAsync(kind, (JsonObject)body.DeepClone())));
        Expect(answers.All(a => a.Status is 200 or 503), $"5 concurrent sends: every answer must be 200 or 503 (retry later), got {string.Join(", ", answers.Select(a => a.Status?.ToString() ?? "none"))}");

        // A send answered "retry later" is repeated, as Gamity would; every 200 must then carry one id.
        var final = new List<string>();
        foreach (var answer in answers)
        {
            var settled = answer.Status == 200 ? answer : await CallUntilFinalAsync(ctx, kind, body);
            final.Add(ExpectTransactionId(ctx, settled, "a concurrent send"));
        }

        Expect(final.Distinct().Count() == 1, $"5 concurrent sends of one ref got {final.Distinct().Count()} different transaction ids: {string.Join(", ", final.Distinct())}");
        await VerifyMovedOnceAsync(ctx, kind, player, reference, final[0], Amount);
    }

    private static async Task LetterCaseAsync(CheckContext ctx, MoneyKind kind)
    {
        var (player, reference, body, id) = await NewOperationAsync(ctx, kind, "the call with a lower-case ref");
        var upper = (JsonObject)body.DeepClone();
        upper[kind.RefField] = reference.ToString().ToUpperInvariant();
        var again = ExpectTransactionId(ctx, await ctx.CallAsGamityAsync(kind, upper), "the same call with the ref in upper case");
        Expect(again == id, $"the upper-case ref answered transaction id {again}, the lower-case one {id}: two operations for one ref");
        await VerifyMovedOnceAsync(ctx, kind, player, reference, id!, Amount);
    }

    private static async Task DifferentBodyAsync(CheckContext ctx, MoneyKind kind)
    {
        var (player, reference, body, id) = await NewOperationAsync(ctx, kind);
        var changed = (JsonObject)body.DeepClone();
        changed["amount"] = Amount + 1;
        var reused = await ctx.CallAsGamityAsync(kind, changed);
        Expect(reused.Status == 422 && reused.Text("code") == "IDEMPOTENCY_KEY_REUSED",
            $"the same ref with amount {Amount + 1}: expected 422 {{\"code\":\"IDEMPOTENCY_KEY_REUSED\"}}, got {reused}");
        var original = ExpectTransactionId(ctx, await ctx.CallAsGamityAsync(kind, body), "the original body again");
        Expect(original == id, $"the original body now answers {original}, first {id}");
        await VerifyMovedOnceAsync(ctx, kind, player, reference, id!, Amount);
    }

    private static async Task MalformedAsync(CheckContext ctx, MoneyKind kind)
    {
        var player = await ctx.NewPlayerAsync();
        var cases = MalformedBodies.For(kind, player, ctx.Settings.Currency).ToList();
        var wrong = new List<string>();
        foreach (var bad in cases)
        {
            var answer = await ctx.SendAsync(HttpMethod.Post, new Uri(ctx.Settings.Target, kind.Route), bad.Body, ctx.Settings.ApiKey);
            var reason = Refusal(answer, bad);
            if (reason is not null)
            {
                wrong.Add($"{bad.Description}: {reason}");
            }
        }

        Expect(wrong.Count == 0, $"{wrong.Count} of {cases.Count} malformed bodies were not refused as the contract says:\n    " + string.Join("\n    ", wrong));
        await VerifyNothingStoredAsync(ctx, kind, player, [.. cases.Where(c => c.Ref is not null).Select(c => c.Ref!.Value)], "after the malformed bodies");
    }

    /// <summary>Null when <paramref name="answer"/> refuses <paramref name="bad"/> as it should; otherwise what is wrong.</summary>
    private static string? Refusal(Answer answer, MalformedBody bad)
    {
        if (answer.Status != bad.Status)
        {
            return $"expected {bad.Status}, got {answer}";
        }

        if (!answer.IsProblem)
        {
            return $"expected application/problem+json, got '{answer.ContentType}'";
        }

        if (bad.Field is null)
        {
            return null;
        }

        var errors = answer.Json?["errors"] as JsonObject;
        return errors is not null && errors.Any(e => e.Key.Contains(bad.Field, StringComparison.OrdinalIgnoreCase))
            ? null
            : $"the problem does not name '{bad.Field}' in its errors: {Exchange.Excerpt(answer.Body)}";
    }
}
