using System.Net;
using Gamity.Integration.WalletOperations;
using Gamity.Testing;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using static Gamity.Standalone.Tests.EndToEnd.PayoutsEndToEndTests;

namespace Gamity.Standalone.Tests.EndToEnd;

/// <summary>The retention job on the real engine and Azurite: old histories and settled records go, nothing open or failed does.</summary>
public class WalletHistoryPurgeTests(Azurite azurite)
{
    [Fact]
    public async Task The_purge_removes_finished_histories_and_settled_records_past_retention_and_keeps_failed_and_open_ones()
    {
        await using var stack = await Stack.StartAsync(azurite, s =>
        {
            FastWorkflow(s);
            s["Wallet:RetryBudget"] = "00:00:03";
            s["Wallet:DebitRollbackAfter"] = "00:10:00";
        });
        var store = stack.Services.GetRequiredService<WalletOperationStore>();
        var orchestrations = stack.Services.GetRequiredService<DurableTaskClient>();

        // Settled inline (no orchestration), failed after its budget, a debit whose answer was lost (its orchestration
        // still waits for Gamity's repeat), and a payout whose orchestration ended once Gamity's repeat settled it.
        var inline = Guid.NewGuid();
        Assert.Equal(HttpStatusCode.OK, (await GamityCalls.SendAsync(stack.Client, "payouts", GamityCalls.Payout(inline))).Status);
        await stack.PutSandboxAsync("/sandbox/wallet/faults", new { errorRate = 1.0, errorStatus = 503 });
        var failed = Guid.NewGuid();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await GamityCalls.SendAsync(stack.Client, "payouts", GamityCalls.Payout(failed))).Status);
        await WaitUntilAsync(async () => (await StatesAsync(stack, [failed]))[0] == OperationState.Failed, TimeSpan.FromSeconds(60));
        await stack.PutSandboxAsync("/sandbox/wallet/faults", new { commitThenTimeoutRate = 1.0 });
        var open = Guid.NewGuid();
        var openDebit = GamityCalls.Debit(open, amount: 1m);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await GamityCalls.SendAsync(stack.Client, "debits", openDebit)).Status);

        // Left open by the wallet, settled by Gamity's repeat at once (its 3 s budget leaves no room for a busy engine's timers).
        await stack.PutSandboxAsync("/sandbox/wallet/faults", new { errorRate = 1.0, errorStatus = 503 });
        var retried = Guid.NewGuid();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await GamityCalls.SendAsync(stack.Client, "payouts", GamityCalls.Payout(retried))).Status);
        await stack.Sandbox.DeleteAsync("/sandbox/wallet/faults", Ct);
        Assert.Equal(HttpStatusCode.OK, (await GamityCalls.SendAsync(stack.Client, "payouts", GamityCalls.Payout(retried))).Status);
        await WaitUntilAsync(async () => (await OrchestrationsAsync(stack)).Count(o => o.IsCompleted) == 2, TimeSpan.FromSeconds(60));

        // Today nothing is old enough.
        var now = DateTimeOffset.UtcNow;
        Assert.Equal(new PurgeReport(0, 0), await PurgeAtAsync(stack, now, orchestrations));

        // 91 days on: both finished histories and both settled records go.
        var report = await PurgeAtAsync(stack, now.AddDays(91), orchestrations);

        Assert.Equal(new PurgeReport(2, 2), report);
        var left = Assert.Single(await OrchestrationsAsync(stack));
        Assert.Equal(WalletOperation.InstanceIdOf(open.ToString(), OperationKind.Debit, 1), left.InstanceId);
        Assert.False(left.IsCompleted);
        Assert.Null(await store.GetAsync(inline.ToString(), OperationKind.Payout, Ct));
        Assert.Null(await store.GetAsync(retried.ToString(), OperationKind.Payout, Ct));
        Assert.Equal(OperationState.Failed, (await store.GetAsync(failed.ToString(), OperationKind.Payout, Ct))!.CurrentState);
        Assert.Equal(OperationState.Unknown, (await store.GetAsync(open.ToString(), OperationKind.Debit, Ct))!.CurrentState);

        // What stayed still works: the open debit's repeat is answered once, the failed payout can be re-driven.
        var (repeat, _) = await GamityCalls.SendUntilFinalAsync(stack.Client, "debits", openDebit);
        Assert.Equal(HttpStatusCode.OK, repeat);
        using var redrive = await stack.Client.PostAsync($"/api/payouts/{failed}/redrive", null, Ct);
        Assert.Equal(HttpStatusCode.OK, redrive.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await GamityCalls.SendUntilFinalAsync(stack.Client, "payouts", GamityCalls.Payout(failed))).Status);
        var summary = await GamityCalls.WalletSummaryAsync(stack);
        Assert.Equal((3, 1), (summary["credits"]!.GetValue<int>(), summary["debits"]!.GetValue<int>()));
    }

    private static Task<PurgeReport> PurgeAtAsync(Stack stack, DateTimeOffset now, DurableTaskClient orchestrations) =>
        ActivatorUtilities.CreateInstance<WalletHistoryPurge>(stack.Services, new FakeTimeProvider(now)).PurgeAsync(orchestrations, Ct);
}
