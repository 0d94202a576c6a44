using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Gamity.Testing;
using Gamity.Integration.WalletOperations;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Gamity.Standalone.Tests.EndToEnd;

/// <summary>App (standalone) + sandbox wallet + Azurite over real HTTP: every payout credits exactly once.</summary>
public class PayoutsEndToEndTests(Azurite azurite)
{
    internal static void FastWorkflow(Dictionary<string, string?> settings)
    {
        // Short enough to keep lost-response tests quick, long enough for a cold first call on a busy 2-core machine.
        settings["Wallet:AttemptTimeout"] = "00:00:02";
        settings["Wallet:DebitDeadline"] = "00:00:02";
        settings["Wallet:RetryBaseDelay"] = "00:00:00.100";
        settings["Wallet:MaxRetryDelay"] = "00:00:01";
        settings["Wallet:InflightWait"] = "00:00:10";
        settings["Standalone:Queues:RetryDelay"] = "00:00:01";
    }

    [Fact]
    public async Task A_thousand_payouts_each_sent_five_times_concurrently_credit_exactly_a_thousand_times()
    {
        // The wallet is healthy here, so its calls get the product's own timeout: under the whole suite's load a 2 s one
        // can expire on a slow call and hand a payout to an orchestration, which this test asserts never happens.
        await using var stack = await Stack.StartAsync(azurite, s =>
        {
            FastWorkflow(s);
            s["Wallet:AttemptTimeout"] = "00:00:10";
        });
        var refs = Enumerable.Range(0, 1_000).Select(_ => Guid.NewGuid()).ToList();
        var answers = new ConcurrentDictionary<Guid, ConcurrentBag<string?>>();

        await Parallel.ForEachAsync(
            refs.SelectMany(r => Enumerable.Repeat(r, 5)).OrderBy(_ => Random.Shared.Next()),
            new ParallelOptions { MaxDegreeOfParallelism = 40, CancellationToken = Ct },
            async (reference, _) =>
            {
                var (status, body) = await GamityCalls.SendUntilFinalAsync(stack.Client, "payouts", GamityCalls.Payout(reference, player: $"p-{reference:N}"[..10]));
                Assert.Equal(HttpStatusCode.OK, status);
                answers.GetOrAdd(reference, _ => []).Add(body!["transactionId"]!.GetValue<string>());
            });

        var summary = await GamityCalls.WalletSummaryAsync(stack);
        Assert.Equal(1_000, summary["credits"]!.GetValue<int>());
        Assert.Equal(1_000 * 10.25m, summary["committedCreditAmount"]!.GetValue<decimal>());
        Assert.All(refs, r => Assert.Single(answers[r].Distinct()));
        Assert.Equal(1_000, answers.Values.Select(a => a.First()).Distinct().Count());

        // A healthy wallet settles every payout inline: not one orchestration was started.
        Assert.Empty(await OrchestrationsAsync(stack));
    }

    internal static async Task<List<OrchestrationMetadata>> OrchestrationsAsync(Stack stack)
    {
        var found = new List<OrchestrationMetadata>();
        await foreach (var instance in stack.Services.GetRequiredService<DurableTaskClient>().GetAllInstancesAsync(new OrchestrationQuery()))
        {
            found.Add(instance);
        }

        return found;
    }

    [Theory]
    [InlineData("payouts", "payoutRef")]
    [InlineData("debits", "debitRef")]
    public async Task The_same_ref_in_any_letter_case_sent_concurrently_moves_money_once(string endpoint, string refField)
    {
        await using var stack = await Stack.StartAsync(azurite, FastWorkflow);
        var reference = Guid.NewGuid();
        var lower = reference.ToString();
        var upper = lower.ToUpperInvariant();
        var mixed = string.Concat(lower.Select((c, i) => i % 2 == 0 ? char.ToUpperInvariant(c) : c));
        var bodies = new[] { lower, upper, mixed }.Select(form =>
        {
            var body = endpoint == "payouts" ? GamityCalls.Payout(reference) : GamityCalls.Debit(reference);
            body[refField] = form;
            return body;
        }).ToList();

        var answers = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => GamityCalls.SendUntilFinalAsync(stack.Client, endpoint, bodies[i % 3])));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.Status));
        Assert.Single(answers.Select(a => a.Body!["transactionId"]!.GetValue<string>()).Distinct());
        var summary = await GamityCalls.WalletSummaryAsync(stack);
        Assert.Equal(1, summary[endpoint == "payouts" ? "credits" : "debits"]!.GetValue<int>());
        var player = await GamityCalls.PlayerAsync(stack, "brand-1", "player-1");
        Assert.Equal(endpoint == "payouts" ? 1_010.25m : 989.75m, player["balance"]!.GetValue<decimal>());

        // Operators find it by any form too; the record is keyed by the canonical (lower-case) form.
        var view = JsonNode.Parse(await stack.Client.GetStringAsync($"/api/{endpoint}/{upper}", Ct))!;
        Assert.Equal(lower, view["ref"]!.GetValue<string>());
        using var notAUuid = await stack.Client.GetAsync($"/api/{endpoint}/not-a-uuid", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, notAUuid.StatusCode);
    }

    [Fact]
    public async Task With_transient_wallet_errors_and_lost_responses_every_payout_ends_succeeded_and_credited_once()
    {
        await using var stack = await Stack.StartAsync(azurite, FastWorkflow);
        await stack.PutSandboxAsync("/sandbox/wallet/faults", new { errorRate = 0.3, errorStatus = 503, commitThenTimeoutRate = 0.1, seed = 7 });
        var refs = Enumerable.Range(0, 1_000).Select(_ => Guid.NewGuid()).ToList();

        await Parallel.ForEachAsync(refs, new ParallelOptions { MaxDegreeOfParallelism = 40, CancellationToken = Ct }, async (reference, _) =>
        {
            var (status, _) = await GamityCalls.SendAsync(stack.Client, "payouts", GamityCalls.Payout(reference, amount: 1m, player: "shared-player"));
            Assert.Contains(status, new[] { HttpStatusCode.OK, HttpStatusCode.ServiceUnavailable }); // 503 = "the workflow has it"
        });

        await WaitUntilAsync(
            async () => (await StatesAsync(stack, refs)).All(s => s == OperationState.Succeeded),
            TimeSpan.FromMinutes(8), // about 2 min on a busy 2-core machine: a wait, not a timed assertion
            async () =>
            {
                var states = await StatesAsync(stack, refs);
                var store = stack.Services.GetRequiredService<WalletOperationStore>();
                var stuck = await store.GetAsync(refs[states.FindIndex(s => s != OperationState.Succeeded)].ToString(), OperationKind.Payout, Ct);
                return string.Join(", ", states.GroupBy(s => s).Select(g => $"{g.Key}: {g.Count()}"))
                    + $"; now {DateTimeOffset.UtcNow:O}; a stuck one: episode {stuck!.Episode}, attempts {stuck.Attempts}, history {stuck.History}";
            });
        var summary = await GamityCalls.WalletSummaryAsync(stack);
        Assert.Equal(1_000, summary["credits"]!.GetValue<int>());
        Assert.True(summary["injectedErrors"]!.GetValue<long>() > 100, "faults were injected");
        Assert.True(summary["heldOpen"]!.GetValue<long>() > 10, "responses were lost");
        var player = await GamityCalls.PlayerAsync(stack, "brand-1", "shared-player");
        Assert.Equal(1_000, player["credits"]!.GetValue<int>());
        Assert.Equal(1_000m + 1_000m, player["balance"]!.GetValue<decimal>()); // starting balance + one credit each
    }

    [Fact]
    public async Task Retried_the_way_gamity_does_every_payout_is_credited_once_and_the_first_try_after_the_wallet_recovers_gets_200()
    {
        // Gamity's policy (docs/gamity-contract.md §6): after a temporary error, up to 5 retries, 5 minutes apart;
        // here 5 minutes are 2 seconds. The wallet's own backoff is kept long on that scale (20 s, doubling), so
        // only the repeat's nudge can make the next attempt happen in time.
        await using var stack = await Stack.StartAsync(azurite, s =>
        {
            FastWorkflow(s);
            s["Wallet:RetryBaseDelay"] = "00:00:20";
            s["Wallet:MaxRetryDelay"] = "00:05:00";
            s["Wallet:AttemptTimeout"] = "00:00:05"; // the try after recovery must not expire on a call slowed by the suite's load
        });
        var gamityRetryInterval = TimeSpan.FromSeconds(2);
        const int GamityRetries = 5, TriesWhileFaulty = 2;
        await stack.PutSandboxAsync("/sandbox/wallet/faults", new { errorRate = 0.3, errorStatus = 503, commitThenTimeoutRate = 0.1, seed = 11 });
        var refs = Enumerable.Range(0, 1_000).Select(_ => Guid.NewGuid()).ToList();
        var answers = new ConcurrentDictionary<Guid, List<(int Try, HttpStatusCode Status, string? TransactionId)>>();
        var pending = refs;

        for (var attempt = 0; attempt <= GamityRetries && pending.Count > 0; attempt++)
        {
            if (attempt == TriesWhileFaulty)
            {
                await stack.Sandbox.DeleteAsync("/sandbox/wallet/faults", Ct); // the wallet has recovered
            }

            var tryNumber = attempt;
            await Parallel.ForEachAsync(pending, new ParallelOptions { MaxDegreeOfParallelism = 40, CancellationToken = Ct }, async (reference, _) =>
            {
                var (status, body) = await GamityCalls.SendAsync(stack.Client, "payouts", GamityCalls.Payout(reference, amount: 1m, player: "shared-player"));
                Assert.Contains(status, new[] { HttpStatusCode.OK, HttpStatusCode.ServiceUnavailable });
                var tries = answers.GetOrAdd(reference, _ => []);
                lock (tries)
                {
                    tries.Add((tryNumber, status, body?["transactionId"]?.GetValue<string>()));
                }
            });
            pending = [.. pending.Where(r => answers[r][^1].Status != HttpStatusCode.OK)];
            await Task.Delay(gamityRetryInterval, Ct);
        }

        var waitedForRecovery = refs.Where(r => answers[r].Where(a => a.Try < TriesWhileFaulty).All(a => a.Status != HttpStatusCode.OK)).ToList();
        Assert.True(waitedForRecovery.Count > 100, $"only {waitedForRecovery.Count} payouts were still open when the wallet recovered");
        var notAnsweredAtOnce = waitedForRecovery.Where(r => answers[r].Single(a => a.Try == TriesWhileFaulty).Status != HttpStatusCode.OK).ToList();
        Assert.True(notAnsweredAtOnce.Count == 0, $"{notAnsweredAtOnce.Count} of {waitedForRecovery.Count} payouts got 503 on Gamity's first try after the wallet recovered, e.g. {notAnsweredAtOnce.FirstOrDefault()}");

        var summary = await GamityCalls.WalletSummaryAsync(stack);
        Assert.Equal(1_000, summary["credits"]!.GetValue<int>());
        Assert.True(summary["injectedErrors"]!.GetValue<long>() > 100, "faults were injected");
        Assert.True(summary["heldOpen"]!.GetValue<long>() > 10, "answers were lost");
        Assert.Equal(1_000 + 1_000m, (await GamityCalls.PlayerAsync(stack, "brand-1", "shared-player"))["balance"]!.GetValue<decimal>());
        var transactionIds = refs.Select(r => Assert.Single(answers[r], a => a.Status == HttpStatusCode.OK).TransactionId).ToList();
        Assert.Equal(1_000, transactionIds.Distinct().Count());
        foreach (var (reference, transactionId) in refs.Zip(transactionIds))
        {
            Assert.Equal(transactionId, (await GamityCalls.OperationAsync(stack, "payouts", reference))["transactionId"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task A_failed_payout_is_visible_to_operators_and_can_be_redriven()
    {
        await using var stack = await Stack.StartAsync(azurite, s =>
        {
            FastWorkflow(s);
            s["Wallet:RetryBudget"] = "00:00:03";
        });
        await stack.PutSandboxAsync("/sandbox/wallet/faults", new { errorRate = 1.0, errorStatus = 500 });
        var reference = Guid.NewGuid();

        var (first, _) = await GamityCalls.SendAsync(stack.Client, "payouts", GamityCalls.Payout(reference));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, first);
        await WaitUntilAsync(async () => (await StatesAsync(stack, [reference]))[0] == OperationState.Failed, TimeSpan.FromSeconds(60));

        var failed = await GamityCalls.OperationAsync(stack, "payouts", reference);
        Assert.Equal("Failed", failed["state"]!.GetValue<string>());
        Assert.True(failed["attempts"]!.GetValue<int>() > 1);
        Assert.Contains("wallet answered 500", failed["lastError"]!.GetValue<string>());
        Assert.NotEmpty(failed["history"]!.AsArray());

        await stack.Sandbox.DeleteAsync("/sandbox/wallet/faults", Ct);
        using var redrive = await stack.Client.PostAsync($"/api/payouts/{reference}/redrive", null, Ct);
        Assert.Equal(HttpStatusCode.OK, redrive.StatusCode);

        // Settled by whichever comes first, the new episode's attempt or Gamity's repeat (which attempts itself): waiting
        // on the orchestration alone raced its 3 s budget on a loaded machine.
        var (again, body) = await GamityCalls.SendUntilFinalAsync(stack.Client, "payouts", GamityCalls.Payout(reference));
        Assert.Equal(HttpStatusCode.OK, again);
        Assert.Equal([OperationState.Succeeded], await StatesAsync(stack, [reference]));
        Assert.Equal((await GamityCalls.OperationAsync(stack, "payouts", reference))["transactionId"]!.GetValue<string>(), body!["transactionId"]!.GetValue<string>());
        Assert.Equal(1, (await GamityCalls.WalletSummaryAsync(stack))["credits"]!.GetValue<int>());

        using var notFailed = await stack.Client.PostAsync($"/api/payouts/{reference}/redrive", null, Ct);
        Assert.Equal(HttpStatusCode.Conflict, notFailed.StatusCode);

        // Two episodes, both finished; repeats after completion start nothing and touch neither.
        await WaitUntilAsync(async () => (await OrchestrationsAsync(stack)).All(o => o.IsCompleted), TimeSpan.FromSeconds(30));
        var episodes = (await OrchestrationsAsync(stack)).OrderBy(o => o.InstanceId).Select(o => (o.InstanceId, o.RuntimeStatus, o.LastUpdatedAt)).ToList();
        Assert.Equal([WalletOperation.InstanceIdOf(reference.ToString(), OperationKind.Payout, 1), WalletOperation.InstanceIdOf(reference.ToString(), OperationKind.Payout, 2)], episodes.Select(e => e.InstanceId));
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await GamityCalls.SendAsync(stack.Client, "payouts", GamityCalls.Payout(reference))).Status);
        }

        Assert.Equal(episodes, (await OrchestrationsAsync(stack)).OrderBy(o => o.InstanceId).Select(o => (o.InstanceId, o.RuntimeStatus, o.LastUpdatedAt)).ToList());
        Assert.Equal(1, (await GamityCalls.WalletSummaryAsync(stack))["credits"]!.GetValue<int>());
    }

    [Fact]
    public async Task Free_round_prizes_are_granted_once()
    {
        await using var stack = await Stack.StartAsync(azurite, FastWorkflow);
        var reference = Guid.NewGuid();
        var payout = GamityCalls.Payout(reference, amount: 0.2m);
        payout["type"] = "FREEROUND";
        payout["numberOfRounds"] = 100;
        payout["freeroundGameId"] = "PNG_BOOK_OF_DEAD";
        payout["validHours"] = 24;

        var first = await GamityCalls.SendUntilFinalAsync(stack.Client, "payouts", payout);
        var second = await GamityCalls.SendAsync(stack.Client, "payouts", payout);

        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Equal(first.Body!["transactionId"]!.ToJsonString(), second.Body!["transactionId"]!.ToJsonString());
        var grant = Assert.Single((await GamityCalls.PlayerAsync(stack, "brand-1", "player-1"))["freeRoundGrants"]!.AsArray());
        Assert.Equal(("PNG_BOOK_OF_DEAD", 100, 0.2m), (grant!["gameId"]!.GetValue<string>(), grant["numberOfRounds"]!.GetValue<int>(), grant["roundValue"]!.GetValue<decimal>()));
    }

    [Fact]
    public async Task Same_ref_with_a_different_body_is_refused_and_nothing_is_executed()
    {
        await using var stack = await Stack.StartAsync(azurite, FastWorkflow);
        var reference = Guid.NewGuid();
        Assert.Equal(HttpStatusCode.OK, (await GamityCalls.SendUntilFinalAsync(stack.Client, "payouts", GamityCalls.Payout(reference, amount: 10m))).Status);

        var (status, body) = await GamityCalls.SendAsync(stack.Client, "payouts", GamityCalls.Payout(reference, amount: 1_000m));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Equal("IDEMPOTENCY_KEY_REUSED", body!["code"]!.GetValue<string>());
        var summary = await GamityCalls.WalletSummaryAsync(stack);
        Assert.Equal(1, summary["credits"]!.GetValue<int>());
        Assert.Equal(10m, summary["committedCreditAmount"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task A_permanent_wallet_refusal_is_a_final_422_with_its_code_on_every_repeat()
    {
        await using var stack = await Stack.StartAsync(azurite, FastWorkflow);
        await GamityCalls.SetPlayerAsync(stack, "brand-1", "ghost", 0, refuseWith: "PLAYER_NOT_FOUND");
        var payout = GamityCalls.Payout(Guid.NewGuid(), player: "ghost");

        for (var i = 0; i < 3; i++)
        {
            var (status, body) = await GamityCalls.SendUntilFinalAsync(stack.Client, "payouts", payout);
            Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
            Assert.Equal("PLAYER_NOT_FOUND", body!["code"]!.GetValue<string>());
        }

        Assert.Equal(0, (await GamityCalls.WalletSummaryAsync(stack))["credits"]!.GetValue<int>());
    }

    internal static async Task<List<OperationState>> StatesAsync(Stack stack, IReadOnlyList<Guid> refs, OperationKind kind = OperationKind.Payout)
    {
        var store = stack.Services.GetRequiredService<WalletOperationStore>();
        var states = new OperationState[refs.Count];
        await Parallel.ForAsync(0, refs.Count, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = Ct }, async (i, ct) =>
            states[i] = (await store.GetAsync(refs[i].ToString(), kind, ct))?.CurrentState ?? OperationState.Executing);
        return [.. states];
    }

    internal static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, Func<Task<string>>? describe = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Condition not met within {timeout}. {(describe is null ? string.Empty : await describe())}");
            }

            await Task.Delay(500, Ct);
        }
    }
}
