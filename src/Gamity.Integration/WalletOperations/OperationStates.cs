namespace Gamity.Integration.WalletOperations;

public enum OperationKind
{
    Payout,
    Debit,
}

/// <summary>Where a payout or a debit stands; the record (<see cref="WalletOperation"/>) is what Gamity is answered from.</summary>
public enum OperationState
{
    /// <summary>Claimed (ETag-guarded) by the request or the activity that is calling the wallet until its lease ends.</summary>
    Executing,

    /// <summary>Payout: a transient failure; its orchestration makes the next attempt.</summary>
    Retrying,

    /// <summary>Debit: the outcome is unknown (timeout, lost answer), Gamity was told to retry; its orchestration waits for the repeat.</summary>
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

/// <summary>Why a record moved (its history).</summary>
public enum OperationEvent
{
    Received,
    WalletSucceeded,
    WalletRefused,
    WalletTransient,

    /// <summary>An attempt's lease ran out without an outcome (the process died mid-call).</summary>
    LeaseExpired,

    /// <summary>The orchestration's next attempt (its backoff timer fired, or Gamity repeated the call).</summary>
    AttemptDue,

    /// <summary>A debit's rollback window has passed: the wallet says it holds the debit.</summary>
    LookupCommitted,

    /// <summary>A debit's rollback window has passed: the wallet holds no such debit.</summary>
    LookupNotFound,

    BudgetExhausted,

    /// <summary>Gamity sent the same ref with the same body again.</summary>
    GamityRepeat,

    /// <summary>An operator re-drives a failed operation.</summary>
    Redrive,
}

public static class OperationRules
{
    /// <summary>States in which nothing more happens unless Gamity or an operator acts.</summary>
    public static bool IsSettled(OperationState state) =>
        state is OperationState.Succeeded or OperationState.Refused or OperationState.RolledBack or OperationState.NotDebited or OperationState.Failed;

    /// <summary>States an orchestration owns: it makes the next wallet call.</summary>
    public static bool IsOrchestrated(OperationState state) =>
        state is OperationState.Retrying or OperationState.Unknown or OperationState.RollingBack;

    /// <summary>Exponential backoff with jitter: base × 2^(attempt−1), a random 50–100 % of it, capped.</summary>
    public static TimeSpan Backoff(int attempt, TimeSpan baseDelay, TimeSpan maxDelay, Random random)
    {
        var ceiling = Math.Min(maxDelay.TotalMilliseconds, baseDelay.TotalMilliseconds * Math.Pow(2, Math.Clamp(attempt - 1, 0, 30)));
        return TimeSpan.FromMilliseconds(ceiling * (0.5 + (random.NextDouble() / 2)));
    }
}
