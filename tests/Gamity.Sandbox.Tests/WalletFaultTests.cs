using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using Gamity.Sandbox.Control;
using Gamity.Sandbox.Wallet;
using static Gamity.Sandbox.Tests.WalletCalls;

namespace Gamity.Sandbox.Tests;

public class WalletFaultTests
{
    private const string Faults = "/sandbox/wallet/faults";

    [Theory]
    [InlineData(null, 500)]
    [InlineData(503, 503)]
    public async Task ErrorRate_1_answers_every_money_call_with_the_error_and_commits_nothing(int? errorStatus, int expected)
    {
        await using var sandbox = await SandboxHost.StartAsync();
        await CommitAsync(sandbox, "debit", Money("d-0", 10m));
        await SetFaultsAsync(sandbox, new WalletFaultsRequest(ErrorRate: 1.0, ErrorStatus: errorStatus));

        await HttpAssert.WalletErrorAsync(await sandbox.SendWalletAsync("credit", Money("c-1", 10m)), (HttpStatusCode)expected, WalletCodes.SandboxFault);
        await HttpAssert.WalletErrorAsync(await sandbox.SendWalletAsync("debit", Money("d-1", 10m)), (HttpStatusCode)expected, WalletCodes.SandboxFault);
        await HttpAssert.WalletErrorAsync(await sandbox.SendWalletAsync("freerounds", FreeRounds("f-1")), (HttpStatusCode)expected, WalletCodes.SandboxFault);
        await HttpAssert.WalletErrorAsync(await sandbox.SendWalletAsync("rollback", Rollback("d-0")), (HttpStatusCode)expected, WalletCodes.SandboxFault);

        // Lookups are never faulted, so what was (not) committed can be checked while the fault is on.
        await HttpAssert.WalletErrorAsync(await sandbox.GetWalletTransactionAsync("c-1"), HttpStatusCode.NotFound, WalletCodes.TransactionNotFound);
        Assert.Equal("committed", (await TransactionAsync(sandbox, "d-0")).Status);
        Assert.Equal(990m, await BalanceAsync(sandbox));
        var summary = await SummaryAsync(sandbox);
        Assert.Equal((1, 4L), (summary.Transactions, summary.InjectedErrors));
        Assert.Equal(2, summary.CallsByEndpoint["transactions"]);
    }

    [Fact]
    public async Task CommitThenTimeoutRate_1_commits_but_the_client_times_out()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        await SetFaultsAsync(sandbox, new WalletFaultsRequest(CommitThenTimeoutRate: 1.0));
        using var impatient = new HttpClient { BaseAddress = sandbox.Client.BaseAddress, Timeout = TimeSpan.FromMilliseconds(500) };

        var timedOut = await Assert.ThrowsAnyAsync<TaskCanceledException>(() =>
            sandbox.SendWalletAsync("credit", Money("payout-1", 10m), client: impatient));

        Assert.IsType<TimeoutException>(timedOut.InnerException);
        var transaction = await TransactionAsync(sandbox, "payout-1");
        Assert.Equal(("credit", "committed", (decimal?)10m), (transaction.Type, transaction.Status, transaction.Amount));
        Assert.Equal(1010m, await BalanceAsync(sandbox));
        Assert.Equal(1, (await SummaryAsync(sandbox)).HeldOpen);

        // The caller's retry with the same key, once the fault is gone, gets the committed transaction: no second credit.
        Assert.Equal(HttpStatusCode.NoContent, (await sandbox.Client.DeleteAsync(Faults, TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(transaction.TransactionId, await CommitAsync(sandbox, "credit", Money("payout-1", 10m)));
        Assert.Equal(1010m, await BalanceAsync(sandbox));
    }

    [Fact]
    public async Task CommitThenTimeout_still_answers_a_refusal()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        await SetFaultsAsync(sandbox, new WalletFaultsRequest(CommitThenTimeoutRate: 1.0));

        await HttpAssert.WalletErrorAsync(await sandbox.SendWalletAsync("debit", Money("d-1", 5000m)), HttpStatusCode.UnprocessableEntity, WalletCodes.InsufficientFunds);
    }

    [Fact]
    public async Task A_call_held_open_does_not_hold_up_shutdown()
    {
        var sandbox = await SandboxHost.StartAsync();
        await SetFaultsAsync(sandbox, new WalletFaultsRequest(CommitThenTimeoutRate: 1.0));
        using var patient = new HttpClient { BaseAddress = sandbox.Client.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
        var pending = sandbox.SendWalletAsync("credit", Money("c-1", 1m), client: patient);
        while ((await SummaryAsync(sandbox)).HeldOpen == 0)
        {
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }

        var stopping = Stopwatch.StartNew();
        await sandbox.DisposeAsync();

        Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(10), $"Shutdown took {stopping.Elapsed}.");
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => pending);
    }

    [Fact]
    public async Task Latency_delays_money_calls_but_not_lookups()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        await SetFaultsAsync(sandbox, new WalletFaultsRequest(LatencyMs: 300));

        var credit = Stopwatch.StartNew();
        await CommitAsync(sandbox, "credit", Money("c-1", 1m));
        credit.Stop();
        Assert.True(credit.ElapsedMilliseconds >= 300, $"The credit took {credit.ElapsedMilliseconds} ms.");

        // A latency of ten minutes: a delayed lookup could never answer before the 60 s the test waits.
        await SetFaultsAsync(sandbox, new WalletFaultsRequest(LatencyMs: 600_000));
        var lookup = TransactionAsync(sandbox, "c-1");
        Assert.Same(lookup, await Task.WhenAny(lookup, Task.Delay(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken)));
        Assert.Equal("committed", (await lookup).Status);
    }

    [Fact]
    public async Task The_same_seed_gives_the_same_sequence_of_answers()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        var faults = new WalletFaultsRequest(ErrorRate: 0.3, ErrorStatus: 503, Seed: 1);

        await SetFaultsAsync(sandbox, faults);
        var first = await StatusesAsync(sandbox, "first");
        await SetFaultsAsync(sandbox, faults);
        var second = await StatusesAsync(sandbox, "second");
        await SetFaultsAsync(sandbox, faults with { Seed = 2 });
        var otherSeed = await StatusesAsync(sandbox, "third");

        Assert.Equal(first, second);
        Assert.NotEqual(first, otherSeed);
        Assert.Contains(200, first);
        Assert.Contains(503, first);
        var summary = await SummaryAsync(sandbox);
        Assert.Equal(first.Count(status => status == 200) * 2 + otherSeed.Count(status => status == 200), summary.Transactions);
    }

    [Fact]
    public async Task Faults_are_read_back_with_defaults_and_cleared_by_delete()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        Assert.Equal(WalletFaultSettings.None, await sandbox.GetJsonAsync<WalletFaultSettings>(Faults));

        await SetFaultsAsync(sandbox, new WalletFaultsRequest(ErrorRate: 0.3, ErrorStatus: 503, LatencyMs: 0, CommitThenTimeoutRate: 0.1, Seed: 1));

        Assert.Equal(new WalletFaultSettings(0.3, 503, 0, 0.1, 1), await sandbox.GetJsonAsync<WalletFaultSettings>(Faults));
        Assert.Equal(HttpStatusCode.NoContent, (await sandbox.Client.DeleteAsync(Faults, TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(WalletFaultSettings.None, await sandbox.GetJsonAsync<WalletFaultSettings>(Faults));
    }

    [Theory]
    [InlineData("{\"errorRate\": 1.5}")]
    [InlineData("{\"commitThenTimeoutRate\": -0.1}")]
    [InlineData("{\"errorStatus\": 200}")]
    [InlineData("{\"latencyMs\": -1}")]
    [InlineData("{\"acceptThenTimeoutRate\": 0.5}")]
    [InlineData("[]")]
    public async Task Invalid_wallet_faults_are_400_and_change_nothing(string json)
    {
        await using var sandbox = await SandboxHost.StartAsync();
        await SetFaultsAsync(sandbox, new WalletFaultsRequest(LatencyMs: 5));

        var put = await sandbox.Client.PutAsync(Faults, new StringContent(json, Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);

        await HttpAssert.ProblemAsync(put, HttpStatusCode.BadRequest);
        Assert.Equal(WalletFaultSettings.None with { LatencyMs = 5 }, await sandbox.GetJsonAsync<WalletFaultSettings>(Faults));
    }

    [Fact]
    public async Task The_key_is_checked_before_a_fault_is_drawn()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        await SetFaultsAsync(sandbox, new WalletFaultsRequest(ErrorRate: 1.0));

        await HttpAssert.WalletErrorAsync(await sandbox.SendWalletAsync("credit", Money("c-1", 1m), apiKey: "wrong"), HttpStatusCode.Unauthorized, WalletCodes.Unauthorized);

        Assert.Equal(0, (await SummaryAsync(sandbox)).InjectedErrors);
    }

    private static async Task<List<int>> StatusesAsync(SandboxHost sandbox, string prefix)
    {
        var statuses = new List<int>();
        for (var call = 0; call < 30; call++)
        {
            statuses.Add((int)(await sandbox.SendWalletAsync("credit", Money($"{prefix}-{call}", 1m))).StatusCode);
        }

        return statuses;
    }

    private static async Task SetFaultsAsync(SandboxHost sandbox, WalletFaultsRequest faults)
    {
        var put = await sandbox.Client.PutAsJsonAsync(Faults, faults, TestContext.Current.CancellationToken);
        var settings = await HttpAssert.OkJsonAsync<WalletFaultSettings>(put);
        Assert.Equal(faults.ErrorRate ?? 0, settings.ErrorRate);
        Assert.Equal(faults.CommitThenTimeoutRate ?? 0, settings.CommitThenTimeoutRate);
        Assert.Equal(faults.Seed, settings.Seed);
    }
}
