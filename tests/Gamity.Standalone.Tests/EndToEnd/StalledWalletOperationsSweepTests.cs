using System.Net;
using Gamity.Integration.WalletOperations;
using Gamity.Testing;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Gamity.Standalone.Tests.EndToEnd;

/// <summary>
/// The sweep on the real engine: an open payout whose orchestration is gone is resumed; one that is merely waiting is
/// not touched. (A claim whose process died is in <see cref="CrashRecoveryTests"/>, with real processes.)
/// </summary>
public class StalledWalletOperationsSweepTests(Azurite azurite)
{
    [Fact]
    public async Task A_retrying_payout_whose_orchestration_is_gone_is_resumed_and_credited_once_and_a_waiting_one_is_left_alone()
    {
        await using var stack = await Stack.StartAsync(azurite, s =>
        {
            PayoutsEndToEndTests.FastWorkflow(s);
            s["Wallet:RetryBaseDelay"] = "01:00:00"; // the orchestrations wait an hour: only the sweep can make the next attempt
            s["Wallet:MaxRetryDelay"] = "01:00:00";
        });
        var orchestrations = stack.Services.GetRequiredService<DurableTaskClient>();
        var store = stack.Services.GetRequiredService<WalletOperationStore>();
        var sweep = stack.Services.GetRequiredService<StalledWalletOperationsSweep>();
        await stack.PutSandboxAsync("/sandbox/wallet/faults", new { errorRate = 1.0, errorStatus = 503 });
        Guid orphan = Guid.NewGuid(), waiting = Guid.NewGuid();
        foreach (var reference in new[] { orphan, waiting })
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await GamityCalls.SendAsync(stack.Client, "payouts", GamityCalls.Payout(reference))).Status);
        }

        await stack.Sandbox.DeleteAsync("/sandbox/wallet/faults", Ct);
        var record = (await store.GetAsync(orphan.ToString(), OperationKind.Payout, Ct))!;
        await PayoutsEndToEndTests.WaitUntilAsync(async () => await orchestrations.GetInstanceAsync(record.InstanceId, Ct) is not null, TimeSpan.FromSeconds(30));
        await orchestrations.TerminateInstanceAsync(record.InstanceId, cancellation: Ct);
        await orchestrations.WaitForInstanceCompletionAsync(record.InstanceId, Ct);
        await orchestrations.PurgeInstanceAsync(record.InstanceId, cancellation: Ct); // as if its start had never landed

        // Quiet for longer than a retrying record may be: the sweep looks for its orchestration.
        record = (await store.GetAsync(orphan.ToString(), OperationKind.Payout, Ct))!;
        record.UpdatedAt -= TimeSpan.FromHours(3);
        Assert.True(await store.TryUpdateAsync(record, Ct));
        var waitingRecord = (await store.GetAsync(waiting.ToString(), OperationKind.Payout, Ct))!;
        waitingRecord.UpdatedAt -= TimeSpan.FromHours(3); // just as quiet, but its orchestration runs
        Assert.True(await store.TryUpdateAsync(waitingRecord, Ct));

        Assert.Equal(1, await sweep.SweepAsync(orchestrations, Ct));

        await PayoutsEndToEndTests.WaitUntilAsync(async () => (await PayoutsEndToEndTests.StatesAsync(stack, [orphan]))[0] == OperationState.Succeeded, TimeSpan.FromSeconds(60));
        Assert.Equal([OperationState.Retrying], await PayoutsEndToEndTests.StatesAsync(stack, [waiting])); // still waiting on its hour
        var credits = (await stack.SandboxJsonAsync("/sandbox/wallet/transactions?playerId=player-1")).AsArray()
            .Where(t => t!["idempotencyKey"]!.GetValue<string>() == orphan.ToString()).ToList();
        Assert.Single(credits);
        Assert.Equal(0, await sweep.SweepAsync(orchestrations, Ct)); // nothing stalled any more
    }
}
