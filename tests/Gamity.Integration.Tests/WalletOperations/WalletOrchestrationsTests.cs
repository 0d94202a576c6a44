using Gamity.Integration.WalletOperations;
using Microsoft.DurableTask;
using Moq;
using static Gamity.Integration.WalletOperations.OperationState;

namespace Gamity.Integration.Tests.WalletOperations;

/// <summary>
/// The orchestrators' decisions over a mocked <see cref="TaskOrchestrationContext"/>: which activity runs when, the
/// backoff between attempts, the budget, Gamity's repeat against the timer, and the debit's decision table. The real
/// engine runs them end to end in Gamity.Standalone.Tests.
/// </summary>
public class WalletOrchestrationsTests
{
    private static readonly DateTime Start = new(2026, 12, 1, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task A_payout_is_attempted_after_each_backoff_step_until_the_wallet_answers_for_good()
    {
        var context = new FakeOrchestration();
        context.Activity(nameof(AttemptWalletOperation), Retrying, Retrying, Succeeded);

        var state = await new RetryPayout().RunAsync(context.Object, Input(Payout, attempts: 1));

        Assert.Equal(Succeeded, state);
        Assert.Equal([nameof(AttemptWalletOperation), nameof(AttemptWalletOperation), nameof(AttemptWalletOperation)], context.Activities);
        // attempts 1, 2, 3 so far → waits of 50–100 % of 1 s, 2 s, 4 s
        Assert.Equal(3, context.Waits.Count);
        for (var i = 0; i < 3; i++)
        {
            var ceiling = Math.Pow(2, i);
            Assert.InRange(context.Waits[i].TotalSeconds, ceiling / 2, ceiling);
        }
    }

    [Fact]
    public async Task A_payout_resumed_by_the_stalled_operations_sweep_is_attempted_at_once_and_then_backs_off()
    {
        var context = new FakeOrchestration();
        context.Activity(nameof(AttemptWalletOperation), Retrying, Succeeded);

        var state = await new RetryPayout().RunAsync(context.Object, Input(Payout, attempts: 12) with { AttemptAtOnce = true });

        Assert.Equal(Succeeded, state);
        Assert.Equal(TimeSpan.Zero, context.Waits[0]);
        Assert.True(context.Waits[1] > TimeSpan.Zero, "only the first attempt skips the backoff");
    }

    [Fact]
    public async Task A_permanent_refusal_ends_the_payout_after_one_attempt()
    {
        var context = new FakeOrchestration();
        context.Activity(nameof(AttemptWalletOperation), Refused);

        Assert.Equal(Refused, await new RetryPayout().RunAsync(context.Object, Input(Payout, attempts: 1)));
        Assert.Equal([nameof(AttemptWalletOperation)], context.Activities);
    }

    [Fact]
    public async Task A_spent_budget_fails_the_payout_without_another_wallet_call()
    {
        var context = new FakeOrchestration();
        context.Activity(nameof(AttemptWalletOperation), Retrying, Retrying, Retrying, Retrying);
        context.Activity(nameof(GiveUpWalletOperation), Failed);

        var state = await new RetryPayout().RunAsync(context.Object, Input(Payout, attempts: 1) with { RetryUntil = Start.AddSeconds(5) });

        Assert.Equal(Failed, state);
        Assert.Equal(nameof(GiveUpWalletOperation), context.Activities[^1]);
        Assert.All(context.Waits, w => Assert.True(w <= TimeSpan.FromSeconds(5), "no wait goes past the budget"));
        Assert.True(context.Now <= Start.AddSeconds(5.001));
    }

    [Fact]
    public async Task Gamitys_repeat_cuts_the_backoff_wait_and_the_attempt_happens_at_once()
    {
        var context = new FakeOrchestration { RepeatArrives = true };
        context.Activity(nameof(AttemptWalletOperation), Succeeded);

        Assert.Equal(Succeeded, await new RetryPayout().RunAsync(context.Object, Input(Payout, attempts: 5)));
        Assert.Equal([TimeSpan.Zero], context.Waits); // the timer (up to 16 s) never fired: the event won
        Assert.True(context.CancelledTimers > 0, "the losing timer is cancelled so the orchestration can complete");
    }

    [Fact]
    public async Task A_payout_re_driven_meanwhile_is_left_to_its_new_episode()
    {
        var context = new FakeOrchestration();
        context.Activity(nameof(AttemptWalletOperation), new AttemptReport(Retrying, 3, Episode: 2, null));

        Assert.Equal(Retrying, await new RetryPayout().RunAsync(context.Object, Input(Payout, attempts: 2)));
        Assert.Single(context.Activities);
    }

    [Fact]
    public async Task An_unknown_debit_without_a_repeat_is_looked_up_after_the_window_and_rolled_back_if_it_happened()
    {
        var context = new FakeOrchestration();
        context.Activity(nameof(LookUpUnknownDebit), RollingBack);
        context.Activity(nameof(RollBackDebit), RollingBack, RolledBack);

        var state = await new ResolveDebit().RunAsync(context.Object, Input(Debit, attempts: 1) with { RollbackAt = Start.AddMinutes(30) });

        Assert.Equal(RolledBack, state);
        Assert.Equal([nameof(LookUpUnknownDebit), nameof(RollBackDebit), nameof(RollBackDebit)], context.Activities);
        Assert.Equal(TimeSpan.FromMinutes(30), context.Waits[0]); // the whole window, then no wait before the first rollback
        Assert.Equal(2, context.Waits.Count);
    }

    [Fact]
    public async Task An_unknown_debit_the_wallet_never_made_is_closed_without_a_rollback()
    {
        var context = new FakeOrchestration();
        context.Activity(nameof(LookUpUnknownDebit), Unknown, NotDebited); // the first look-up failed: asked again

        Assert.Equal(NotDebited, await new ResolveDebit().RunAsync(context.Object, Input(Debit, attempts: 1) with { RollbackAt = Start.AddMinutes(1) }));
        Assert.DoesNotContain(nameof(RollBackDebit), context.Activities);
        Assert.Equal([nameof(LookUpUnknownDebit), nameof(LookUpUnknownDebit)], context.Activities);
    }

    [Fact]
    public async Task Gamitys_repeat_of_an_unknown_debit_makes_the_debit_again_and_never_looks_it_up()
    {
        var context = new FakeOrchestration { RepeatArrives = true };
        context.Activity(nameof(AttemptWalletOperation), Succeeded);

        Assert.Equal(Succeeded, await new ResolveDebit().RunAsync(context.Object, Input(Debit, attempts: 1) with { RollbackAt = Start.AddMinutes(30) }));
        Assert.Equal([nameof(AttemptWalletOperation)], context.Activities);
    }

    [Fact]
    public async Task A_repeat_whose_outcome_is_still_unknown_restarts_the_rollback_window()
    {
        var context = new FakeOrchestration { RepeatArrives = true, RepeatsLeft = 1 };
        context.Activity(nameof(AttemptWalletOperation), Unknown);
        context.Activity(nameof(LookUpUnknownDebit), NotDebited);

        Assert.Equal(NotDebited, await new ResolveDebit().RunAsync(context.Object, Input(Debit, attempts: 1) with { RollbackAt = Start.AddMinutes(30) }));
        Assert.Equal([TimeSpan.Zero, TimeSpan.FromMinutes(30)], context.Waits); // the repeat, then a full new window
    }

    [Fact]
    public async Task A_re_driven_debit_rolls_back_at_once()
    {
        var context = new FakeOrchestration();
        context.Activity(nameof(RollBackDebit), RolledBack);

        Assert.Equal(RolledBack, await new ResolveDebit().RunAsync(context.Object, Input(Debit, attempts: 4) with { State = RollingBack }));
        Assert.Equal([nameof(RollBackDebit)], context.Activities);
        Assert.Empty(context.Waits);
    }

    private const OperationKind Payout = OperationKind.Payout;
    private const OperationKind Debit = OperationKind.Debit;

    private static WalletRetryInput Input(OperationKind kind, int attempts) => new(
        "0e17e833-a4db-41d0-83d1-adb539631864", kind, kind == Payout ? Retrying : Unknown, Episode: 1, attempts,
        RetryUntil: Start.AddHours(24), RollbackAt: null,
        BaseDelay: TimeSpan.FromSeconds(1), MaxDelay: TimeSpan.FromMinutes(15), RollbackAfter: TimeSpan.FromMinutes(30), RetryBudget: TimeSpan.FromHours(24));

    /// <summary>
    /// A context whose timers fire at once (moving its clock to their fire time) unless Gamity's repeat is set to
    /// arrive, and whose activities answer from queues of scripted reports.
    /// </summary>
    private sealed class FakeOrchestration
    {
        private readonly Dictionary<string, Queue<AttemptReport>> answers = [];
        private bool repeatWon;

        public FakeOrchestration()
        {
            Mock.SetupGet(c => c.CurrentUtcDateTime).Returns(() => Now);
            Mock.Setup(c => c.NewGuid()).Returns(() => Guid.NewGuid());
            Mock.Setup(c => c.CreateTimer(It.IsAny<DateTime>(), It.IsAny<CancellationToken>())).Returns((DateTime fireAt, CancellationToken cancel) =>
            {
                if (repeatWon)
                {
                    cancel.Register(() => CancelledTimers++);
                    return new TaskCompletionSource().Task; // never fires: the repeat wins
                }

                Waits.Add(fireAt - Now);
                Now = fireAt;
                return Task.CompletedTask;
            });
            Mock.Setup(c => c.WaitForExternalEvent<object?>(WalletOrchestrations.GamityRepeatEvent, It.IsAny<CancellationToken>())).Returns(() =>
            {
                repeatWon = RepeatArrives && RepeatsLeft-- > 0;
                if (repeatWon)
                {
                    Waits.Add(TimeSpan.Zero);
                    return Task.FromResult<object?>(null);
                }

                return new TaskCompletionSource<object?>().Task;
            });
            Mock.Setup(c => c.CallActivityAsync<AttemptReport>(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<TaskOptions?>())).Returns((TaskName name, object? _, TaskOptions? _) =>
            {
                Activities.Add(name.Name);
                return answers.TryGetValue(name.Name, out var queue) && queue.Count > 0
                    ? Task.FromResult(queue.Dequeue())
                    : throw new InvalidOperationException($"unexpected activity {name.Name}");
            });
        }

        public Mock<TaskOrchestrationContext> Mock { get; } = new();

        public TaskOrchestrationContext Object => Mock.Object;

        public DateTime Now { get; private set; } = Start;

        public bool RepeatArrives { get; init; }

        public int RepeatsLeft { get; set; } = int.MaxValue;

        public int CancelledTimers { get; private set; }

        public List<TimeSpan> Waits { get; } = [];

        public List<string> Activities { get; } = [];

        public void Activity(string name, params OperationState[] states) =>
            Activity(name, states.Select((s, i) => new AttemptReport(s, i + 2, Episode: 1, null)).ToArray());

        public void Activity(string name, params AttemptReport[] reports)
        {
            if (!answers.TryGetValue(name, out var queue))
            {
                answers[name] = queue = new Queue<AttemptReport>();
            }

            foreach (var report in reports)
            {
                queue.Enqueue(report);
            }
        }
    }
}
