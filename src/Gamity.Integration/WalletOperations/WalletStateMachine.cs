namespace Gamity.Integration.WalletOperations;

public enum OperationKind
{
    Payout,
    Debit,
}

public enum OperationState
{
    /// <summary>Claimed by one request or worker (ETag-guarded), which is calling the wallet until its lease ends.</summary>
    Executing,

    /// <summary>Payout: a transient failure; the next attempt is due at <c>NextAttemptAt</c>.</summary>
    Retrying,

    /// <summary>Debit: the outcome is unknown (timeout, lost answer) and Gamity was told to retry.</summary>
    Unknown,

    /// <summary>Debit: the wallet holds no debit for the ref after the rollback window; nothing to undo.</summary>
    NotDebited,

    /// <summary>Debit: debited while Gamity was told to retry and no repeat came in time; the rollback is under way.</summary>
    RollingBack,

    RolledBack,
    Succeeded,

    /// <summary>The wallet refused for good (unknown player, blocked, insufficient funds…).</summary>
    Refused,

    /// <summary>The retry budget is spent (payout credit, or a debit's rollback): alert, and an operator re-drives it.</summary>
    Failed,
}

public enum OperationEvent
{
    WalletSucceeded,
    WalletRefused,
    WalletTransient,

    /// <summary>The executor's lease ran out without an outcome (the process died mid-call).</summary>
    LeaseExpired,

    /// <summary>A payout's next attempt is due.</summary>
    AttemptDue,

    /// <summary>A debit's rollback window has passed: the wallet says it holds the debit.</summary>
    LookupCommitted,

    /// <summary>A debit's rollback window has passed: the wallet holds no such debit.</summary>
    LookupNotFound,

    BudgetExhausted,

    /// <summary>Gamity sent the same ref with the same body again.</summary>
    GamityRepeat,

    /// <summary>An operator re-drives a failed payout.</summary>
    Redrive,
}

/// <summary>
/// Every legal transition of a wallet operation, in one table (ADR 0006). Anything not listed is illegal and
/// leaves the record untouched; the store applies a transition only if the record's ETag is unchanged.
/// </summary>
public static class WalletStateMachine
{
    public static OperationState? Next(OperationKind kind, OperationState state, OperationEvent @event) => (kind, state, @event) switch
    {
        (_, OperationState.Executing, OperationEvent.WalletSucceeded) => OperationState.Succeeded,
        (_, OperationState.Executing, OperationEvent.WalletRefused) => OperationState.Refused,
        (OperationKind.Payout, OperationState.Executing, OperationEvent.WalletTransient) => OperationState.Retrying,
        (OperationKind.Payout, OperationState.Executing, OperationEvent.BudgetExhausted) => OperationState.Failed,
        (OperationKind.Payout, OperationState.Executing, OperationEvent.LeaseExpired) => OperationState.Executing,
        (OperationKind.Payout, OperationState.Retrying, OperationEvent.AttemptDue) => OperationState.Executing,
        (OperationKind.Payout, OperationState.Retrying, OperationEvent.BudgetExhausted) => OperationState.Failed,
        (OperationKind.Payout, OperationState.Failed, OperationEvent.Redrive) => OperationState.Retrying,

        // A debit is never retried by the workflow: the player joins only if Gamity hears "success". An unknown
        // outcome waits for Gamity's repeat; after the window it is looked up and rolled back if it happened.
        (OperationKind.Debit, OperationState.Executing, OperationEvent.WalletTransient) => OperationState.Unknown,
        (OperationKind.Debit, OperationState.Executing, OperationEvent.LeaseExpired) => OperationState.Unknown,
        (OperationKind.Debit, OperationState.Unknown, OperationEvent.GamityRepeat) => OperationState.Executing,
        (OperationKind.Debit, OperationState.Unknown, OperationEvent.LookupCommitted) => OperationState.RollingBack,
        (OperationKind.Debit, OperationState.Unknown, OperationEvent.LookupNotFound) => OperationState.NotDebited,
        (OperationKind.Debit, OperationState.Unknown, OperationEvent.WalletTransient) => OperationState.Unknown,
        (OperationKind.Debit, OperationState.NotDebited, OperationEvent.GamityRepeat) => OperationState.Executing,
        (OperationKind.Debit, OperationState.RollingBack, OperationEvent.WalletSucceeded) => OperationState.RolledBack,
        (OperationKind.Debit, OperationState.RollingBack, OperationEvent.WalletTransient) => OperationState.RollingBack,
        (OperationKind.Debit, OperationState.RollingBack, OperationEvent.BudgetExhausted) => OperationState.Failed,
        (OperationKind.Debit, OperationState.Failed, OperationEvent.Redrive) => OperationState.RollingBack,
        _ => null,
    };

    /// <summary>States in which nothing more happens unless Gamity or an operator acts.</summary>
    public static bool IsSettled(OperationState state) =>
        state is OperationState.Succeeded or OperationState.Refused or OperationState.RolledBack or OperationState.NotDebited or OperationState.Failed;

    /// <summary>Exponential backoff with jitter: base × 2^(attempt−1), a random 50–100% of it, capped.</summary>
    public static TimeSpan Backoff(int attempt, TimeSpan baseDelay, TimeSpan maxDelay, Random random)
    {
        var ceiling = Math.Min(maxDelay.TotalMilliseconds, baseDelay.TotalMilliseconds * Math.Pow(2, Math.Clamp(attempt - 1, 0, 30)));
        return TimeSpan.FromMilliseconds(ceiling * (0.5 + (random.NextDouble() / 2)));
    }
}
