using Gamity.Integration.WalletOperations;
using static Gamity.Integration.WalletOperations.OperationEvent;
using static Gamity.Integration.WalletOperations.OperationState;

namespace Gamity.Integration.Tests.Wallet;

public class WalletStateMachineTests
{
    /// <summary>The whole legal table; every other (kind, state, event) must be refused.</summary>
    private static readonly Dictionary<(OperationKind, OperationState, OperationEvent), OperationState> Legal = new()
    {
        [(OperationKind.Payout, Executing, WalletSucceeded)] = Succeeded,
        [(OperationKind.Payout, Executing, WalletRefused)] = Refused,
        [(OperationKind.Payout, Executing, WalletTransient)] = Retrying,
        [(OperationKind.Payout, Executing, BudgetExhausted)] = Failed,
        [(OperationKind.Payout, Executing, LeaseExpired)] = Executing,
        [(OperationKind.Payout, Retrying, AttemptDue)] = Executing,
        [(OperationKind.Payout, Retrying, BudgetExhausted)] = Failed,
        [(OperationKind.Payout, Failed, Redrive)] = Retrying,
        [(OperationKind.Debit, Executing, WalletSucceeded)] = Succeeded,
        [(OperationKind.Debit, Executing, WalletRefused)] = Refused,
        [(OperationKind.Debit, Executing, WalletTransient)] = Unknown,
        [(OperationKind.Debit, Executing, LeaseExpired)] = Unknown,
        [(OperationKind.Debit, Unknown, GamityRepeat)] = Executing,
        [(OperationKind.Debit, Unknown, LookupCommitted)] = RollingBack,
        [(OperationKind.Debit, Unknown, LookupNotFound)] = NotDebited,
        [(OperationKind.Debit, Unknown, WalletTransient)] = Unknown,
        [(OperationKind.Debit, NotDebited, GamityRepeat)] = Executing,
        [(OperationKind.Debit, RollingBack, WalletSucceeded)] = RolledBack,
        [(OperationKind.Debit, RollingBack, WalletTransient)] = RollingBack,
        [(OperationKind.Debit, RollingBack, BudgetExhausted)] = Failed,
        [(OperationKind.Debit, Failed, Redrive)] = RollingBack,
    };

    public static TheoryData<OperationKind, OperationState, OperationEvent> EveryCombination()
    {
        var data = new TheoryData<OperationKind, OperationState, OperationEvent>();
        foreach (var kind in Enum.GetValues<OperationKind>())
        {
            foreach (var state in Enum.GetValues<OperationState>())
            {
                foreach (var @event in Enum.GetValues<OperationEvent>())
                {
                    data.Add(kind, state, @event);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryCombination))]
    public void Every_state_and_event(OperationKind kind, OperationState state, OperationEvent @event) =>
        Assert.Equal(Legal.TryGetValue((kind, state, @event), out var next) ? next : null, WalletStateMachine.Next(kind, state, @event));

    [Fact]
    public void A_debit_is_never_retried_by_the_workflow_and_a_rolled_back_debit_never_executes_again()
    {
        foreach (var @event in Enum.GetValues<OperationEvent>())
        {
            Assert.NotEqual(Retrying, WalletStateMachine.Next(OperationKind.Debit, Executing, @event));
            Assert.Null(WalletStateMachine.Next(OperationKind.Debit, RolledBack, @event));
            Assert.NotEqual(Executing, WalletStateMachine.Next(OperationKind.Debit, RollingBack, @event));
        }
    }

    [Fact]
    public void Settled_states()
    {
        Assert.Equal([NotDebited, RolledBack, Succeeded, Refused, Failed], Enum.GetValues<OperationState>().Where(WalletStateMachine.IsSettled));
    }

    [Fact]
    public void Backoff_doubles_with_jitter_and_is_capped()
    {
        var random = new Random(3);
        for (var attempt = 1; attempt <= 20; attempt++)
        {
            var ceiling = Math.Min(TimeSpan.FromMinutes(15).TotalMilliseconds, 5_000 * Math.Pow(2, attempt - 1));
            for (var i = 0; i < 100; i++)
            {
                var delay = WalletStateMachine.Backoff(attempt, TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(15), random).TotalMilliseconds;
                Assert.InRange(delay, ceiling / 2, ceiling);
            }
        }
    }

    [Fact]
    public void Backoff_schedule_spends_a_day_in_a_bounded_number_of_attempts()
    {
        var random = new Random(5);
        var elapsed = TimeSpan.Zero;
        var attempts = 0;
        while (elapsed < TimeSpan.FromHours(24))
        {
            elapsed += WalletStateMachine.Backoff(++attempts, TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(15), random);
        }

        Assert.InRange(attempts, 96, 200); // ~every 7.5–15 min once capped: wallet not hammered, payout not forgotten
    }
}
