using System.Net;
using Gamity.Sandbox.Wallet;
using static Gamity.Sandbox.Tests.WalletCalls;

namespace Gamity.Sandbox.Tests;

[Collection(nameof(WalletThroughput))]
public class WalletConcurrencyTests
{
    [Theory]
    [InlineData("credit")]
    [InlineData("debit")]
    public async Task Five_concurrent_identical_calls_make_one_transaction_and_answer_one_id(string endpoint)
    {
        await using var sandbox = await SandboxHost.StartAsync();
        // Several keys, so that the race is run more than once; each key is sent five times at once.
        const int Keys = 20;

        for (var key = 0; key < Keys; key++)
        {
            var answers = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ =>
                Task.Run(() => sandbox.SendWalletAsync(endpoint, Money($"key-{key}", 1m)), TestContext.Current.CancellationToken)));

            var ids = new List<string>();
            foreach (var answer in answers)
            {
                ids.Add((await HttpAssert.OkJsonAsync<WalletTransactionAnswer>(answer)).TransactionId);
            }

            Assert.Single(ids.Distinct());
        }

        var summary = await SummaryAsync(sandbox);
        Assert.Equal((Keys, Keys * 4L), (summary.Transactions, summary.Replays));
        Assert.Equal(endpoint == "credit" ? 1000m + Keys : 1000m - Keys, await BalanceAsync(sandbox));
    }

    [Fact]
    public async Task Concurrent_rollbacks_of_one_debit_restore_it_once()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        await CommitAsync(sandbox, "debit", Money("buyin-1", 100m));

        var answers = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ =>
            Task.Run(() => sandbox.SendWalletAsync("rollback", Rollback("buyin-1")), TestContext.Current.CancellationToken)));

        var ids = new List<string>();
        foreach (var answer in answers)
        {
            ids.Add((await HttpAssert.OkJsonAsync<WalletTransactionAnswer>(answer)).TransactionId);
        }

        Assert.Single(ids.Distinct());
        Assert.Equal(1000m, await BalanceAsync(sandbox));
    }

    [Fact]
    public async Task Concurrent_debits_never_take_a_balance_below_zero()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        await PutPlayerAsync(sandbox, new WalletPlayerRequest(10m, "EUR"));

        var answers = await Task.WhenAll(Enumerable.Range(0, 40).Select(i =>
            Task.Run(() => sandbox.SendWalletAsync("debit", Money($"d-{i}", 1m)), TestContext.Current.CancellationToken)));

        Assert.Equal(10, answers.Count(answer => answer.StatusCode == HttpStatusCode.OK));
        Assert.Equal(30, answers.Count(answer => answer.StatusCode == HttpStatusCode.UnprocessableEntity));
        Assert.Equal(0m, await BalanceAsync(sandbox));
    }

    [Fact]
    public async Task Six_thousand_mixed_calls_from_sixteen_workers_all_succeed_and_are_all_recorded()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        const int Calls = 6_000;
        const int Workers = 16;
        var next = -1;
        var failures = 0;
        for (var warmUp = 0; warmUp < 200; warmUp++)
        {
            await sandbox.SendWalletAsync("credit", Money($"warm-up-{warmUp}", 0.01m, player: "warm-up"));
        }

        await Task.WhenAll(Enumerable.Range(0, Workers).Select(worker => Task.Run(async () =>
        {
            int call;
            while ((call = Interlocked.Increment(ref next)) < Calls)
            {
                var endpoint = call % 3 == 0 ? "debit" : "credit";
                using var answer = await sandbox.SendWalletAsync(endpoint, Money($"load-{call}", 0.01m, player: $"p-{call % 50}"));
                if (answer.StatusCode != HttpStatusCode.OK)
                {
                    Interlocked.Increment(ref failures);
                }
            }
        })));

        // Correctness under load only; throughput is measured by the benchmarks, never asserted in a test.
        Assert.Equal(0, failures);
        Assert.Equal(Calls + 200, (await SummaryAsync(sandbox)).Transactions);
    }
}

/// <summary>Runs the throughput test alone, after the parallel tests, so that they do not skew its number.</summary>
[CollectionDefinition(nameof(WalletThroughput), DisableParallelization = true)]
public sealed class WalletThroughput;
