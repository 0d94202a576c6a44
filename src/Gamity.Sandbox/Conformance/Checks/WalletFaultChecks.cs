using System.Text.Json.Nodes;
using Gamity.Sandbox.Control;
using static Gamity.Sandbox.Conformance.CheckContext;

namespace Gamity.Sandbox.Conformance.Checks;

/// <summary>
/// When the deployment's wallet is the sandbox (<c>--wallet-control</c>): wallet errors, lost answers and an outage,
/// with Gamity's retry policy time-compressed, and a debit Gamity never confirms. The faults are always cleared after.
/// </summary>
public static class WalletFaultChecks
{
    public const int PayoutsUnderFaults = 30;
    public const int PayoutsThroughOutage = 10;

    public static IEnumerable<ConformanceCheck> All() =>
    [
        new("wallet.errors-and-lost-answers", $"{PayoutsUnderFaults} payouts under 30 % wallet errors and 10 % lost answers, retried like Gamity: each is answered 200 at last and credited exactly once", CheckNeeds.WalletControl, ErrorsAndLostAnswersAsync)
        {
            Timeout = TimeSpan.FromMinutes(5),
        },
        new("wallet.outage", $"{PayoutsThroughOutage} payouts sent while the wallet is down: never refused for good, each credited exactly once after it is back", CheckNeeds.WalletControl, OutageAsync)
        {
            Timeout = TimeSpan.FromMinutes(5),
        },
        new("debits.rollback-after-window", "a debit whose answer was lost and that Gamity never repeats is rolled back after the deployment's window; its late repeat is 422 DEBIT_ROLLED_BACK", CheckNeeds.WalletControl | CheckNeeds.DebitRollbackAfter, RollbackAfterWindowAsync)
        {
            Timeout = TimeSpan.FromMinutes(30),
        },
    ];

    private static async Task ErrorsAndLostAnswersAsync(CheckContext ctx)
    {
        var payouts = await PayoutsAsync(ctx, PayoutsUnderFaults);
        await ctx.SetWalletFaultsAsync(new JsonObject { ["errorRate"] = 0.3, ["commitThenTimeoutRate"] = 0.1, ["seed"] = ctx.RunId.GetHashCode(StringComparison.Ordinal) });
        CallbackReport[] reports;
        try
        {
            reports = await SendAllAsync(ctx, payouts);
        }
        finally
        {
            await ctx.ClearWalletFaultsAsync();
        }

        await SettleAndVerifyAsync(ctx, payouts, reports);
    }

    private static async Task OutageAsync(CheckContext ctx)
    {
        var payouts = await PayoutsAsync(ctx, PayoutsThroughOutage);
        await ctx.SetWalletFaultsAsync(new JsonObject { ["errorRate"] = 1.0, ["errorStatus"] = 503 });
        Task<CallbackReport[]> sending;
        try
        {
            sending = SendAllAsync(ctx, payouts);
            await Task.Delay(ctx.Settings.Outage, ctx.CancellationToken);
        }
        finally
        {
            await ctx.ClearWalletFaultsAsync();
        }

        var reports = await sending;
        var refused = reports.SelectMany(r => r.Attempts).Where(a => a.Status is >= 400 and < 500).ToList();
        Expect(refused.Count == 0, $"during the outage Gamity got {refused.Count} final refusals ({string.Join(", ", refused.Select(a => a.Status).Distinct())}): a wallet outage must be 'retry later'");
        await SettleAndVerifyAsync(ctx, payouts, reports);
    }

    private static async Task RollbackAfterWindowAsync(CheckContext ctx)
    {
        const decimal balance = 100m;
        var player = await ctx.NewPlayerAsync(balance);
        var reference = NewRef();
        var debit = MoneyKind.Debits.Body(reference, player, 10m, ctx.Settings.Currency);
        await ctx.SetWalletFaultsAsync(new JsonObject { ["commitThenTimeoutRate"] = 1.0 });
        CallbackReport once;
        try
        {
            once = await ctx.SendWithGamityRetriesAsync(MoneyKind.Debits, debit, retries: 0);
        }
        finally
        {
            await ctx.ClearWalletFaultsAsync();
        }

        Expect(once.FinalStatus != 200, $"the debit whose wallet answer was lost was answered 200: {once.FinalStatus} {once.FinalBody}");
        var deadline = DateTimeOffset.UtcNow + ctx.Settings.DebitRollbackAfter!.Value + TimeSpan.FromMinutes(1);
        WalletTransaction? transaction;
        while (true)
        {
            transaction = (await ctx.WalletTransactionsAsync(player)).SingleOrDefault(t => string.Equals(t.IdempotencyKey, reference.ToString(), StringComparison.OrdinalIgnoreCase));
            if (transaction?.Status == "rolledBack" || DateTimeOffset.UtcNow > deadline)
            {
                break;
            }

            await Task.Delay(TimeSpan.FromSeconds(1), ctx.CancellationToken);
        }

        Expect(transaction is not null, "the wallet holds no debit under the ref: the lost answer's debit never happened, nothing to roll back");
        Expect(transaction.Status == "rolledBack", $"the debit was not rolled back within --debit-rollback-after ({ctx.Settings.DebitRollbackAfter}) + 1 minute: it is {transaction.Status}");
        Expect(await ctx.WalletBalanceAsync(player) == balance, "the player's balance is not back where it was after the rollback");
        var late = await ctx.CallAsGamityAsync(MoneyKind.Debits, debit);
        Expect(late.Status == 422 && late.Text("code") == "DEBIT_ROLLED_BACK", $"the late repeat: expected 422 {{\"code\":\"DEBIT_ROLLED_BACK\"}}, got {late}");
        if (ctx.Settings.AdminKey is not null)
        {
            var view = await ctx.OperationAsync(MoneyKind.Debits, reference.ToString());
            Expect(view.Text("state") == "RolledBack", $"the operator view: expected state RolledBack, got {view}");
        }
    }

    private sealed record Payout(TestPlayer Player, Guid Ref, JsonObject Body);

    private static async Task<List<Payout>> PayoutsAsync(CheckContext ctx, int count)
    {
        var players = new List<TestPlayer>();
        for (var i = 0; i < 5; i++)
        {
            players.Add(await ctx.NewPlayerAsync());
        }

        return [.. Enumerable.Range(0, count).Select(i =>
        {
            var reference = NewRef();
            var player = players[i % players.Count];
            return new Payout(player, reference, MoneyKind.Payouts.Body(reference, player, MoneyChecks.Amount, ctx.Settings.Currency));
        })];
    }

    /// <summary>Every payout through Gamity's retry policy (5 retries), ten at a time.</summary>
    private static async Task<CallbackReport[]> SendAllAsync(CheckContext ctx, List<Payout> payouts)
    {
        using var gate = new SemaphoreSlim(10);
        return await Task.WhenAll(payouts.Select(async payout =>
        {
            await gate.WaitAsync(ctx.CancellationToken);
            try
            {
                return await ctx.SendWithGamityRetriesAsync(MoneyKind.Payouts, payout.Body);
            }
            finally
            {
                gate.Release();
            }
        }));
    }

    /// <summary>
    /// A payout whose Gamity retries all ended in "retry later" is re-triggered once the wallet is healthy (as Gamity's
    /// operators would); then every payout must be answered 200 and be one credit in the wallet with the answered id.
    /// </summary>
    private static async Task SettleAndVerifyAsync(CheckContext ctx, List<Payout> payouts, CallbackReport[] reports)
    {
        for (var i = 0; i < payouts.Count; i++)
        {
            var final = reports[i].Outcome == CallbackReport.Succeeded
                ? new Answer(reports[i].FinalStatus, reports[i].FinalBody ?? string.Empty, "application/json", null)
                : await MoneyChecks.CallUntilFinalAsync(ctx, MoneyKind.Payouts, payouts[i].Body, tries: 60);
            var id = MoneyChecks.ExpectTransactionId(ctx, final, $"payout {payouts[i].Ref}");
            await MoneyChecks.VerifyMovedOnceAsync(ctx, MoneyKind.Payouts, payouts[i].Player, payouts[i].Ref, id, MoneyChecks.Amount);
        }
    }
}
