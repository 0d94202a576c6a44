using System.Net;
using Gamity.Testing;
using Gamity.Integration.WalletOperations;
using static Gamity.Standalone.Tests.EndToEnd.PayoutsEndToEndTests;

namespace Gamity.Standalone.Tests.EndToEnd;

/// <summary>Buy-ins: never debited twice, and an unconfirmed debit is rolled back.</summary>
public class DebitsEndToEndTests(Azurite azurite)
{
    /// <summary>
    /// Short enough to wait for, long enough that Gamity's repeat wins the race with the window's timer on a loaded
    /// machine (3 s lost that race in a clean-clone run once the suite had grown).
    /// </summary>
    private static readonly TimeSpan RollbackWindow = TimeSpan.FromSeconds(10);

    private static void ShortWindow(Dictionary<string, string?> settings)
    {
        FastWorkflow(settings);
        settings["Wallet:DebitRollbackAfter"] = RollbackWindow.ToString();
    }

    [Fact]
    public async Task Lost_response_then_gamity_repeats_gives_one_debit_and_200()
    {
        await using var stack = await Stack.StartAsync(azurite, ShortWindow);
        await GamityCalls.SetPlayerAsync(stack, "brand-1", "player-1", 100m);
        await stack.PutSandboxAsync("/sandbox/wallet/faults", new { commitThenTimeoutRate = 1.0 });
        var debit = GamityCalls.Debit(Guid.NewGuid(), amount: 10m);

        var (first, _) = await GamityCalls.SendAsync(stack.Client, "debits", debit);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, first); // the answer was lost: Gamity is told to retry
        await stack.Sandbox.DeleteAsync("/sandbox/wallet/faults", Ct);

        var (second, body) = await GamityCalls.SendUntilFinalAsync(stack.Client, "debits", debit);

        Assert.Equal(HttpStatusCode.OK, second);
        var player = await GamityCalls.PlayerAsync(stack, "brand-1", "player-1");
        Assert.Equal(1, player["debits"]!.GetValue<int>());
        Assert.Equal(90m, player["balance"]!.GetValue<decimal>());
        var operation = await GamityCalls.OperationAsync(stack, "debits", Guid.Parse(debit["debitRef"]!.GetValue<string>()));
        Assert.Equal(("Succeeded", body!["transactionId"]!.GetValue<string>()), (operation["state"]!.GetValue<string>(), operation["transactionId"]!.GetValue<string>()));

        await Task.Delay(RollbackWindow + TimeSpan.FromSeconds(2), Ct); // past the rollback window: a confirmed debit stays
        Assert.Equal(90m, (await GamityCalls.PlayerAsync(stack, "brand-1", "player-1"))["balance"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task Lost_response_and_no_repeat_is_rolled_back_and_a_late_repeat_is_refused_never_debited_again()
    {
        await using var stack = await Stack.StartAsync(azurite, ShortWindow);
        await GamityCalls.SetPlayerAsync(stack, "brand-1", "player-1", 100m);
        await stack.PutSandboxAsync("/sandbox/wallet/faults", new { commitThenTimeoutRate = 1.0 });
        var reference = Guid.NewGuid();
        var debit = GamityCalls.Debit(reference, amount: 10m);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await GamityCalls.SendAsync(stack.Client, "debits", debit)).Status);
        await stack.Sandbox.DeleteAsync("/sandbox/wallet/faults", Ct);
        Assert.Equal(90m, (await GamityCalls.PlayerAsync(stack, "brand-1", "player-1"))["balance"]!.GetValue<decimal>()); // debited meanwhile

        await WaitUntilAsync(async () => (await StatesAsync(stack, [reference], OperationKind.Debit))[0] == OperationState.RolledBack, TimeSpan.FromSeconds(60));
        var player = await GamityCalls.PlayerAsync(stack, "brand-1", "player-1");
        Assert.Equal(100m, player["balance"]!.GetValue<decimal>());
        Assert.Equal(1, player["rollbacks"]!.GetValue<int>());

        var (late, body) = await GamityCalls.SendAsync(stack.Client, "debits", debit);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, late);
        Assert.Equal("DEBIT_ROLLED_BACK", body!["code"]!.GetValue<string>());
        Assert.Equal(100m, (await GamityCalls.PlayerAsync(stack, "brand-1", "player-1"))["balance"]!.GetValue<decimal>());
        Assert.Equal(1, (await GamityCalls.WalletSummaryAsync(stack))["debits"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_debit_that_never_happened_is_closed_without_a_rollback()
    {
        await using var stack = await Stack.StartAsync(azurite, ShortWindow);
        await GamityCalls.SetPlayerAsync(stack, "brand-1", "player-1", 100m);
        await stack.PutSandboxAsync("/sandbox/wallet/faults", new { errorRate = 1.0, errorStatus = 503 });
        var reference = Guid.NewGuid();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await GamityCalls.SendAsync(stack.Client, "debits", GamityCalls.Debit(reference, amount: 10m))).Status);
        await stack.Sandbox.DeleteAsync("/sandbox/wallet/faults", Ct);

        await WaitUntilAsync(async () => (await StatesAsync(stack, [reference], OperationKind.Debit))[0] == OperationState.NotDebited, TimeSpan.FromSeconds(60));
        Assert.Equal(0, (await GamityCalls.WalletSummaryAsync(stack))["rollbacks"]!.GetValue<int>());
        Assert.Equal(100m, (await GamityCalls.PlayerAsync(stack, "brand-1", "player-1"))["balance"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task Insufficient_funds_is_a_final_422_on_every_repeat_and_the_balance_is_unchanged()
    {
        await using var stack = await Stack.StartAsync(azurite, ShortWindow);
        await GamityCalls.SetPlayerAsync(stack, "brand-1", "player-1", 5m);
        var debit = GamityCalls.Debit(Guid.NewGuid(), amount: 10m);

        for (var i = 0; i < 3; i++)
        {
            var (status, body) = await GamityCalls.SendUntilFinalAsync(stack.Client, "debits", debit);
            Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
            Assert.Equal("INSUFFICIENT_FUNDS", body!["code"]!.GetValue<string>());
        }

        Assert.Equal(5m, (await GamityCalls.PlayerAsync(stack, "brand-1", "player-1"))["balance"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task Concurrent_duplicate_debits_take_the_money_once()
    {
        // The product's rollback window: a 3 s one rolls back a debit whose 200 concurrent sends were slowed past it by
        // a loaded machine (seen once in a clean-clone run), which is the window doing its job, not this test's subject.
        await using var stack = await Stack.StartAsync(azurite, FastWorkflow);
        await GamityCalls.SetPlayerAsync(stack, "brand-1", "player-1", 1_000m);
        var debits = Enumerable.Range(0, 50).Select(_ => GamityCalls.Debit(Guid.NewGuid(), amount: 1m)).ToList();

        var answers = await Task.WhenAll(debits.SelectMany(d => Enumerable.Repeat(d, 4)).Select(d => GamityCalls.SendUntilFinalAsync(stack.Client, "debits", d)));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.Status));
        var player = await GamityCalls.PlayerAsync(stack, "brand-1", "player-1");
        Assert.Equal(50, player["debits"]!.GetValue<int>());
        Assert.Equal(950m, player["balance"]!.GetValue<decimal>());
    }
}
