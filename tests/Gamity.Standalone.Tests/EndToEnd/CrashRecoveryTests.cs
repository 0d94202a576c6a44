using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Gamity.Testing;
using Gamity.Integration.WalletOperations;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Gamity.Standalone.Tests.EndToEnd;

/// <summary>
/// The built app as a real process, killed abruptly at each step of the workflow (Testing__CrashAt), then
/// started again: every operation converges, and the wallet moved money exactly once per ref.
/// </summary>
public class CrashRecoveryTests(Azurite azurite)
{
    [Theory]
    [InlineData("AfterRecordWritten")]
    [InlineData("AfterWalletCall")]
    public async Task Payouts_killed_mid_workflow_converge_to_exactly_one_credit_each(string crashAt)
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var storage = azurite.NewAccount();
        var refs = Enumerable.Range(0, 4).Select(_ => Guid.NewGuid()).ToList();

        foreach (var reference in refs)
        {
            await using var doomed = await StartAppAsync(storage, sandbox, crashAt);
            await SendIgnoringCrashAsync(doomed, "payouts", GamityCalls.Payout(reference, amount: 5m));
            Assert.NotEqual(0, await doomed.Process.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        }

        await using var survivor = await StartAppAsync(storage, sandbox, crashAt: null);
        var store = new WalletOperationStore(TestStorage.Clients(storage));
        await PayoutsEndToEndTests.WaitUntilAsync(async () =>
        {
            foreach (var reference in refs)
            {
                if ((await store.GetAsync(reference.ToString(), OperationKind.Payout, Ct))?.CurrentState != OperationState.Succeeded)
                {
                    return false;
                }
            }

            return true;
        }, TimeSpan.FromSeconds(90));

        using var sandboxHttp = new HttpClient { BaseAddress = new Uri(sandbox.Urls.Single()) };
        var summary = JsonNode.Parse(await sandboxHttp.GetStringAsync("/sandbox/wallet/summary", Ct))!;
        Assert.Equal(refs.Count, summary["credits"]!.GetValue<int>());
        Assert.Equal(refs.Count * 5m, summary["committedCreditAmount"]!.GetValue<decimal>());
        foreach (var reference in refs)
        {
            var record = await store.GetAsync(reference.ToString(), OperationKind.Payout, Ct);
            var transaction = JsonNode.Parse(await sandboxHttp.GetStringAsync($"/sandbox/wallet/transactions?playerId=player-1", Ct))!.AsArray()
                .Single(t => t!["idempotencyKey"]!.GetValue<string>() == reference.ToString());
            Assert.Equal(transaction!["transactionId"]!.GetValue<string>(), record!.TransactionId);
        }
    }

    [Fact]
    public async Task A_debit_killed_after_the_wallet_call_gives_gamitys_repeat_the_real_outcome_and_debits_once()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var storage = azurite.NewAccount();
        var debit = GamityCalls.Debit(Guid.NewGuid(), amount: 10m);

        await using (var doomed = await StartAppAsync(storage, sandbox, "AfterWalletCall"))
        {
            await SendIgnoringCrashAsync(doomed, "debits", debit);
            Assert.NotEqual(0, await doomed.Process.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        }

        await using var survivor = await StartAppAsync(storage, sandbox, crashAt: null);
        var (status, body) = await GamityCalls.SendUntilFinalAsync(survivor.Client, "debits", debit);

        Assert.Equal(HttpStatusCode.OK, status);
        using var sandboxHttp = new HttpClient { BaseAddress = new Uri(sandbox.Urls.Single()) };
        var player = JsonNode.Parse(await sandboxHttp.GetStringAsync("/sandbox/wallet/players/brand-1/player-1", Ct))!;
        Assert.Equal(1, player["debits"]!.GetValue<int>());
        var record = await new WalletOperationStore(TestStorage.Clients(storage)).GetAsync(debit["debitRef"]!.GetValue<string>(), OperationKind.Debit, Ct);
        Assert.Equal((OperationState.Succeeded, body!["transactionId"]!.GetValue<string>()), (record!.CurrentState, record.TransactionId));
    }

    private static async Task SendIgnoringCrashAsync(RunningApp app, string endpoint, JsonObject body)
    {
        try
        {
            await GamityCalls.SendAsync(app.Client, endpoint, body);
        }
        catch (HttpRequestException)
        {
            // the process died mid-request, as intended
        }
    }

    private static async Task<RunningApp> StartAppAsync(string storage, WebApplication sandbox, string? crashAt)
    {
        var sandboxUrl = sandbox.Urls.Single();
        var port = Azurite.FreePort();
        var environment = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = storage,
            ["Gamity__BaseUrl"] = sandboxUrl,
            ["Gamity__IntegrationId"] = "local-casino",
            ["Gamity__ApiKey"] = "sandbox-key",
            ["Catalog__BaseUrl"] = sandboxUrl,
            ["Wallet__BaseUrl"] = sandboxUrl + "/wallet",
            ["Wallet__ApiKey"] = "wallet-key",
            ["Wallet__AttemptTimeout"] = "00:00:01",
            ["Wallet__DebitDeadline"] = "00:00:01",
            ["Wallet__RetryBaseDelay"] = "00:00:00.100",
            ["Wallet__MaxRetryDelay"] = "00:00:01",
            ["Inbound__ApiKeys__0"] = TestSettings.GamityInboundKey,
            ["PlayerTokens__SigningKey"] = TestSettings.PlayerTokenSecret,
            ["Schedules__SyncOperatorsAndBrands"] = TestSettings.Never,
            ["Schedules__SyncGames"] = TestSettings.Never,
            ["Schedules__RefreshActiveGames"] = TestSettings.Never,
            ["Schedules__SweepWalletOperations"] = "*/2 * * * * *",
            ["Standalone__Queues__RetryDelay"] = "00:00:01",
            ["Testing__CrashAt"] = crashAt,
        };
        var process = AppProcess.Start(environment, "--urls", $"http://127.0.0.1:{port}");
        var address = new Uri($"http://127.0.0.1:{port}");
        await process.WaitUntilReadyAsync(address, TimeSpan.FromSeconds(60));
        return new RunningApp(process, new HttpClient { BaseAddress = address });
    }

    private sealed record RunningApp(AppProcess Process, HttpClient Client) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            Client.Dispose();
            await Process.DisposeAsync();
        }
    }
}
