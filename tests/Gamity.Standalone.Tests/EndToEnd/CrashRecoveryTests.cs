using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Gamity.Testing;
using Gamity.Integration.WalletOperations;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Gamity.Standalone.Tests.EndToEnd;

/// <summary>
/// The built app as a real process, killed abruptly (SIGKILL, or Testing__CrashAt inside a step) at each step of a
/// payout or a debit, then started again on the same storage: every operation converges, and the wallet moved money
/// exactly once per ref. Where the process died inside Gamity's request, Gamity's repeat (it got no answer) is what
/// resumes the ref; where an orchestration was waiting, it resumes by itself.
/// </summary>
public class CrashRecoveryTests(Azurite azurite)
{
    [Theory]
    [InlineData("AfterClaim")]
    [InlineData("AfterWalletCall")]
    public async Task Payouts_killed_inside_the_request_converge_on_gamitys_repeat_to_exactly_one_credit_each(string crashAt)
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var storage = azurite.NewAccount();
        var payouts = Enumerable.Range(0, 4).Select(_ => GamityCalls.Payout(Guid.NewGuid(), amount: 5m)).ToList();

        foreach (var payout in payouts)
        {
            await KillInsideRequestAsync(storage, sandbox, crashAt, "payouts", payout);
        }

        await using var survivor = await StartAppAsync(storage, sandbox, crashAt: null);
        var answers = new List<string>();
        foreach (var payout in payouts)
        {
            var (status, body) = await GamityCalls.SendUntilFinalAsync(survivor.Client, "payouts", payout);
            Assert.Equal(HttpStatusCode.OK, status);
            answers.Add(body!["transactionId"]!.GetValue<string>());
        }

        await AssertCreditedOnceAsync(sandbox, storage, payouts, answers);
    }

    [Fact]
    public async Task A_payout_whose_orchestration_waits_on_its_backoff_timer_completes_after_a_kill_without_any_repeat()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var storage = azurite.NewAccount();
        using var sandboxHttp = new HttpClient { BaseAddress = new Uri(sandbox.Urls.Single()) };
        var payout = GamityCalls.Payout(Guid.NewGuid(), amount: 5m);
        var reference = payout["payoutRef"]!.GetValue<string>();
        var slowRetries = new Dictionary<string, string?> { ["Wallet__RetryBaseDelay"] = "00:00:04", ["Wallet__MaxRetryDelay"] = "00:00:04" };

        (await sandboxHttp.PutAsync("/sandbox/wallet/faults", JsonContent("""{"errorRate":1.0,"errorStatus":503}"""), Ct)).EnsureSuccessStatusCode();
        await using (var doomed = await StartAppAsync(storage, sandbox, crashAt: null, slowRetries))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await GamityCalls.SendAsync(doomed.Client, "payouts", payout)).Status);

            await PayoutsEndToEndTests.WaitUntilAsync(async () => await OrchestrationStatusAsync(doomed, "payouts", reference) == "Running", TimeSpan.FromSeconds(60));
            doomed.Process.Kill(); // SIGKILL while the orchestration waits 4 s for its next attempt
        }

        (await sandboxHttp.DeleteAsync("/sandbox/wallet/faults", Ct)).EnsureSuccessStatusCode();
        await using var survivor = await StartAppAsync(storage, sandbox, crashAt: null, slowRetries);
        var store = new WalletOperationStore(TestStorage.Clients(storage));
        await PayoutsEndToEndTests.WaitUntilAsync(
            async () => (await store.GetAsync(reference, OperationKind.Payout, Ct))?.CurrentState == OperationState.Succeeded,
            TimeSpan.FromSeconds(90),
            async () => $"record: {(await store.GetAsync(reference, OperationKind.Payout, Ct))?.History}\napp:\n{survivor.Process.Output[^Math.Min(6000, survivor.Process.Output.Length)..]}");

        var record = await store.GetAsync(reference, OperationKind.Payout, Ct);
        await AssertCreditedOnceAsync(sandbox, storage, [payout], [record!.TransactionId!]);
        Assert.Equal(1, record.Episode);
    }

    [Fact]
    public async Task A_debit_killed_after_the_wallet_call_gives_gamitys_repeat_the_real_outcome_and_debits_once()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var storage = azurite.NewAccount();
        var debit = GamityCalls.Debit(Guid.NewGuid(), amount: 10m);

        await KillInsideRequestAsync(storage, sandbox, "AfterWalletCall", "debits", debit);

        await using var survivor = await StartAppAsync(storage, sandbox, crashAt: null);
        var (status, body) = await GamityCalls.SendUntilFinalAsync(survivor.Client, "debits", debit);

        Assert.Equal(HttpStatusCode.OK, status);
        using var sandboxHttp = new HttpClient { BaseAddress = new Uri(sandbox.Urls.Single()) };
        var player = JsonNode.Parse(await sandboxHttp.GetStringAsync("/sandbox/wallet/players/brand-1/player-1", Ct))!;
        Assert.Equal(1, player["debits"]!.GetValue<int>());
        var record = await new WalletOperationStore(TestStorage.Clients(storage)).GetAsync(debit["debitRef"]!.GetValue<string>(), OperationKind.Debit, Ct);
        Assert.Equal((OperationState.Succeeded, body!["transactionId"]!.GetValue<string>()), (record!.CurrentState, record.TransactionId));
    }

    [Fact]
    public async Task A_debit_killed_inside_its_rollback_window_is_rolled_back_after_the_restart_and_the_balance_is_whole()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var storage = azurite.NewAccount();
        using var sandboxHttp = new HttpClient { BaseAddress = new Uri(sandbox.Urls.Single()) };
        var debit = GamityCalls.Debit(Guid.NewGuid(), amount: 10m);
        var shortWindow = new Dictionary<string, string?> { ["Wallet__DebitRollbackAfter"] = "00:00:15" };
        var reference = debit["debitRef"]!.GetValue<string>();
        var store = new WalletOperationStore(TestStorage.Clients(storage));
        const decimal before = 100m;
        (await sandboxHttp.PutAsync("/sandbox/wallet/players/brand-1/player-1", JsonContent("""{"balance":100,"currency":"EUR"}"""), Ct)).EnsureSuccessStatusCode();

        (await sandboxHttp.PutAsync("/sandbox/wallet/faults", JsonContent("""{"commitThenTimeoutRate":1.0}"""), Ct)).EnsureSuccessStatusCode();
        await using (var doomed = await StartAppAsync(storage, sandbox, crashAt: null, shortWindow))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await GamityCalls.SendAsync(doomed.Client, "debits", debit)).Status); // debited, answer lost
            await PayoutsEndToEndTests.WaitUntilAsync(async () => await OrchestrationStatusAsync(doomed, "debits", reference) == "Running", TimeSpan.FromSeconds(60));
            Assert.Equal(OperationState.Unknown, (await store.GetAsync(reference, OperationKind.Debit, Ct))!.CurrentState);
            doomed.Process.Kill(); // inside the 15 s window: the rollback is still to come
        }

        (await sandboxHttp.DeleteAsync("/sandbox/wallet/faults", Ct)).EnsureSuccessStatusCode();
        await using var survivor = await StartAppAsync(storage, sandbox, crashAt: null, shortWindow);
        await PayoutsEndToEndTests.WaitUntilAsync(
            async () => (await store.GetAsync(reference, OperationKind.Debit, Ct))?.CurrentState == OperationState.RolledBack, TimeSpan.FromSeconds(90));

        var player = JsonNode.Parse(await sandboxHttp.GetStringAsync("/sandbox/wallet/players/brand-1/player-1", Ct))!;
        Assert.Equal((before, 1, 1), (player["balance"]!.GetValue<decimal>(), player["debits"]!.GetValue<int>(), player["rollbacks"]!.GetValue<int>()));
        var (late, body) = await GamityCalls.SendAsync(survivor.Client, "debits", debit);
        Assert.Equal((HttpStatusCode.UnprocessableEntity, "DEBIT_ROLLED_BACK"), (late, body!["code"]!.GetValue<string>()));
        Assert.Equal(1, JsonNode.Parse(await sandboxHttp.GetStringAsync("/sandbox/wallet/players/brand-1/player-1", Ct))!["debits"]!.GetValue<int>());
    }

    /// <summary>Gamity gave up (no repeat ever comes): the hourly sweep, here every 2 s, is what resumes the ref.</summary>
    private static readonly Dictionary<string, string?> SweepOften = new() { ["Schedules__SweepStalledWalletOperations"] = "*/2 * * * * *" };

    [Fact]
    public async Task A_payout_killed_after_its_claim_with_no_repeat_from_gamity_is_credited_once_by_the_stalled_operations_sweep()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var storage = azurite.NewAccount();
        var payout = GamityCalls.Payout(Guid.NewGuid(), amount: 5m);
        await KillInsideRequestAsync(storage, sandbox, "AfterClaim", "payouts", payout);

        var store = new WalletOperationStore(TestStorage.Clients(storage));
        var reference = payout["payoutRef"]!.GetValue<string>();
        Assert.Equal(OperationState.Executing, (await store.GetAsync(reference, OperationKind.Payout, Ct))!.CurrentState); // nobody carries it
        await using var survivor = await StartAppAsync(storage, sandbox, crashAt: null, SweepOften);
        await PayoutsEndToEndTests.WaitUntilAsync(
            async () => (await store.GetAsync(reference, OperationKind.Payout, Ct))?.CurrentState == OperationState.Succeeded,
            TimeSpan.FromSeconds(90),
            async () => $"record: {(await store.GetAsync(reference, OperationKind.Payout, Ct))?.History}\napp:\n{survivor.Process.Output[^Math.Min(6000, survivor.Process.Output.Length)..]}");

        var record = await store.GetAsync(reference, OperationKind.Payout, Ct);
        await AssertCreditedOnceAsync(sandbox, storage, [payout], [record!.TransactionId!]);
        Assert.Contains(record.ReadHistory(), h => h.Event == nameof(OperationEvent.LeaseExpired));
        Assert.Contains("was stalled in Executing", survivor.Process.Output);
    }

    [Fact]
    public async Task A_debit_killed_after_the_wallet_call_with_no_repeat_from_gamity_is_rolled_back_by_the_sweep_and_the_balance_is_whole()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var storage = azurite.NewAccount();
        using var sandboxHttp = new HttpClient { BaseAddress = new Uri(sandbox.Urls.Single()) };
        (await sandboxHttp.PutAsync("/sandbox/wallet/players/brand-1/player-1", JsonContent("""{"balance":100,"currency":"EUR"}"""), Ct)).EnsureSuccessStatusCode();
        var debit = GamityCalls.Debit(Guid.NewGuid(), amount: 10m);
        var settings = new Dictionary<string, string?>(SweepOften) { ["Wallet__DebitRollbackAfter"] = "00:00:03" };
        await KillInsideRequestAsync(storage, sandbox, "AfterWalletCall", "debits", debit);

        await using var survivor = await StartAppAsync(storage, sandbox, crashAt: null, settings);
        var store = new WalletOperationStore(TestStorage.Clients(storage));
        var reference = debit["debitRef"]!.GetValue<string>();
        await PayoutsEndToEndTests.WaitUntilAsync(
            async () => (await store.GetAsync(reference, OperationKind.Debit, Ct))?.CurrentState == OperationState.RolledBack,
            TimeSpan.FromSeconds(90),
            async () => $"record: {(await store.GetAsync(reference, OperationKind.Debit, Ct))?.History}");

        var player = JsonNode.Parse(await sandboxHttp.GetStringAsync("/sandbox/wallet/players/brand-1/player-1", Ct))!;
        Assert.Equal((100m, 1, 1), (player["balance"]!.GetValue<decimal>(), player["debits"]!.GetValue<int>(), player["rollbacks"]!.GetValue<int>()));
    }

    private static async Task AssertCreditedOnceAsync(WebApplication sandbox, string storage, IReadOnlyList<JsonObject> payouts, IReadOnlyList<string> answered)
    {
        using var sandboxHttp = new HttpClient { BaseAddress = new Uri(sandbox.Urls.Single()) };
        var summary = JsonNode.Parse(await sandboxHttp.GetStringAsync("/sandbox/wallet/summary", Ct))!;
        Assert.Equal(payouts.Count, summary["credits"]!.GetValue<int>());
        Assert.Equal(payouts.Sum(p => p["amount"]!.GetValue<decimal>()), summary["committedCreditAmount"]!.GetValue<decimal>());
        var transactions = JsonNode.Parse(await sandboxHttp.GetStringAsync("/sandbox/wallet/transactions?playerId=player-1", Ct))!.AsArray();
        var store = new WalletOperationStore(TestStorage.Clients(storage));
        for (var i = 0; i < payouts.Count; i++)
        {
            var reference = payouts[i]["payoutRef"]!.GetValue<string>();
            var transaction = transactions.Single(t => t!["idempotencyKey"]!.GetValue<string>() == reference)!;
            var record = await store.GetAsync(reference, OperationKind.Payout, Ct);
            Assert.Equal((transaction["transactionId"]!.GetValue<string>(), OperationState.Succeeded), (record!.TransactionId, record.CurrentState));
            Assert.Equal(record.TransactionId, answered[i]);
        }
    }

    /// <summary>
    /// The runtime status of the ref's orchestration, as the operator view shows it (null until it exists). Gamity can get
    /// its 503 while the start is still on its way (a loaded engine: ADR 0012); a process killed then leaves nothing to
    /// resume until a repeat or the sweep, so the tests about a running orchestration wait for it before the kill.
    /// </summary>
    private static async Task<string?> OrchestrationStatusAsync(RunningApp app, string kind, string reference)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/{kind}/{reference}");
        request.Headers.Add("X-API-Key", TestSettings.AdminKey);
        using var response = await app.Client.SendAsync(request, Ct);
        response.EnsureSuccessStatusCode();
        return JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!["orchestration"]?["status"]?.GetValue<string>();
    }

    private static StringContent JsonContent(string json) => new(json, Encoding.UTF8, "application/json");

    /// <summary>Starts the app with <c>Testing__CrashAt</c>, sends Gamity's call, and waits for the process to die inside it.</summary>
    private static async Task KillInsideRequestAsync(string storage, WebApplication sandbox, string crashAt, string endpoint, JsonObject body)
    {
        await using var doomed = await StartAppAsync(storage, sandbox, crashAt);
        try
        {
            await GamityCalls.SendAsync(doomed.Client, endpoint, body);
        }
        catch (HttpRequestException)
        {
            // the process died mid-request, as intended
        }

        Assert.NotEqual(0, await doomed.Process.WaitForExitAsync(TimeSpan.FromSeconds(30)));
    }

    private static async Task<RunningApp> StartAppAsync(string storage, WebApplication sandbox, string? crashAt, IReadOnlyDictionary<string, string?>? overrides = null)
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
            ["Admin__ApiKey"] = TestSettings.AdminKey,
            ["PlayerTokens__SigningKey"] = TestSettings.PlayerTokenSecret,
            ["Schedules__SyncOperatorsAndBrands"] = TestSettings.Never,
            ["Schedules__SyncGames"] = TestSettings.Never,
            ["Schedules__RefreshActiveGames"] = TestSettings.Never,
            ["Schedules__PurgeWalletHistory"] = TestSettings.Never,
            ["Schedules__SweepStalledWalletOperations"] = TestSettings.Never,
            ["Schedules__WriteReconciliationReport"] = TestSettings.Never,
            ["Standalone__Queues__RetryDelay"] = "00:00:01",
            ["Testing__CrashAt"] = crashAt,

            // What a killed process had taken is picked up by the next one after this (5 min by default).
            ["AzureFunctionsJobHost__extensions__durableTask__storageProvider__controlQueueVisibilityTimeout"] = "00:00:10",
            ["AzureFunctionsJobHost__extensions__durableTask__storageProvider__workItemQueueVisibilityTimeout"] = "00:00:10",
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            environment[key] = value;
        }

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
