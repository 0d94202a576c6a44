using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace Gamity.Integration.WalletOperations;

/// <summary>
/// The orchestrations that carry what a payout's or a debit's inline attempt left open (docs/adr/0012-durable-wallet-workflow.md),
/// and their activities. Both hosts run these classes: the Function App through its <c>[OrchestrationTrigger]</c> /
/// <c>[ActivityTrigger]</c> adapters (one per name below), the standalone host on the Durable Task engine.
/// </summary>
public static class WalletOrchestrations
{
    /// <summary>Raised on a payout's or debit's orchestration when Gamity sends the same ref again.</summary>
    public const string GamityRepeatEvent = "GamityRepeat";

    private static readonly Type[] Orchestrators = [typeof(RetryPayout), typeof(ResolveDebit)];

    private static readonly Type[] Activities = [typeof(AttemptWalletOperation), typeof(LookUpUnknownDebit), typeof(RollBackDebit), typeof(GiveUpWalletOperation)];

    /// <summary>The names the engine knows them by (a class-based task's name is its type's): the Function App's function names too.</summary>
    public static readonly string[] OrchestratorNames = [.. Orchestrators.Select(t => t.Name)];

    public static readonly string[] ActivityNames = [.. Activities.Select(t => t.Name)];

    /// <summary>Every orchestrator and activity, for a Durable Task worker (the standalone engine).</summary>
    public static void Register(DurableTaskRegistry registry)
    {
        foreach (var orchestrator in Orchestrators)
        {
            registry.AddOrchestrator(orchestrator);
        }

        foreach (var activity in Activities)
        {
            registry.AddActivity(activity);
        }
    }

    public static Task StartAsync(DurableTaskClient client, string instanceId, WalletRetryInput input, CancellationToken cancellationToken) =>
        client.ScheduleNewOrchestrationInstanceAsync(
            input.Kind == OperationKind.Payout ? nameof(RetryPayout) : nameof(ResolveDebit),
            input,
            // The Functions host honours these (a second start of the id is refused, whatever its state); the record's
            // episode is what guarantees it everywhere (ADR 0012).
            new StartOrchestrationOptions(instanceId).WithDedupeStatuses(
                OrchestrationRuntimeStatus.Pending, OrchestrationRuntimeStatus.Running, OrchestrationRuntimeStatus.Suspended,
                OrchestrationRuntimeStatus.Completed, OrchestrationRuntimeStatus.Failed, OrchestrationRuntimeStatus.Terminated),
            cancellationToken);

    /// <summary>Storage errors in an activity (not wallet answers: those are outcomes) are retried by the engine.</summary>
    internal static readonly TaskOptions ActivityRetries = TaskOptions.FromRetryPolicy(new RetryPolicy(
        maxNumberOfAttempts: 10, firstRetryInterval: TimeSpan.FromSeconds(1), backoffCoefficient: 2, maxRetryInterval: TimeSpan.FromMinutes(1)));

    /// <summary>Waits until <paramref name="fireAt"/> or Gamity's repeat, whichever comes first; true for the repeat.</summary>
    internal static async Task<bool> TimerOrRepeatAsync(TaskOrchestrationContext context, DateTime fireAt)
    {
        using var cancel = new CancellationTokenSource();
        var repeat = context.WaitForExternalEvent<object?>(GamityRepeatEvent, cancel.Token);
        var timer = context.CreateTimer(fireAt, cancel.Token);
        var first = await Task.WhenAny(repeat, timer);
        cancel.Cancel(); // an orchestration does not complete while a timer or a waiter is outstanding
        return first == repeat;
    }

    /// <summary>The next backoff step; the jitter comes from the orchestration's replay-safe GUIDs.</summary>
    internal static DateTime NextAttemptAt(TaskOrchestrationContext context, WalletRetryInput input, int attempts) =>
        Min(context.CurrentUtcDateTime + OperationRules.Backoff(attempts, input.BaseDelay, input.MaxDelay, new Random(context.NewGuid().GetHashCode())), input.RetryUntil.UtcDateTime);

    internal static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;
}

/// <summary>What an orchestration carries: the ref, the episode it owns, and the retry policy in force when it started.</summary>
/// <param name="AttemptAtOnce">
/// The first attempt is not delayed by the backoff: the stalled-operations sweep resumes operations that have been
/// quiet for longer than any backoff already.
/// </param>
public sealed record WalletRetryInput(
    string Ref, OperationKind Kind, OperationState State, int Episode, int Attempts, DateTimeOffset RetryUntil, DateTimeOffset? RollbackAt,
    TimeSpan BaseDelay, TimeSpan MaxDelay, TimeSpan RollbackAfter, TimeSpan RetryBudget, bool AttemptAtOnce = false)
{
    public WalletStep Step => new(Ref, Kind, Episode);
}

/// <summary>An activity's input: which record, and which episode the orchestration owns (a re-driven record is left alone).</summary>
public sealed record WalletStep(string Ref, OperationKind Kind, int Episode);

/// <summary>An activity's answer: the record's state after it, and what the orchestration needs for its next step.</summary>
public sealed record AttemptReport(OperationState State, int Attempts, int Episode, DateTimeOffset? ToldRetryAt)
{
    public static AttemptReport Of(WalletOperation operation) => new(operation.CurrentState, operation.Attempts, operation.Episode, operation.ToldRetryAt);
}

/// <summary>
/// A payout whose credit failed transiently or whose outcome is unknown: attempts with exponential backoff and jitter
/// on durable timers until the wallet answers for good or the budget is spent. Gamity's repeat makes an attempt of its
/// own in the request (<see cref="WalletOperationEngine"/>); when that settles the payout, its event ends the wait here.
/// </summary>
public sealed class RetryPayout : TaskOrchestrator<WalletRetryInput, OperationState>
{
    public override async Task<OperationState> RunAsync(TaskOrchestrationContext context, WalletRetryInput input)
    {
        var attempts = input.Attempts;
        for (var first = true; ; first = false)
        {
            if (context.CurrentUtcDateTime >= input.RetryUntil.UtcDateTime)
            {
                return (await context.CallActivityAsync<AttemptReport>(nameof(GiveUpWalletOperation), input.Step, WalletOrchestrations.ActivityRetries)).State;
            }

            var due = first && input.AttemptAtOnce ? context.CurrentUtcDateTime : WalletOrchestrations.NextAttemptAt(context, input, attempts);
            context.SetCustomStatus(new RetryProgress(attempts, new DateTimeOffset(due, TimeSpan.Zero), "next attempt"));
            await WalletOrchestrations.TimerOrRepeatAsync(context, due);

            var report = await context.CallActivityAsync<AttemptReport>(nameof(AttemptWalletOperation), input.Step, WalletOrchestrations.ActivityRetries);
            if (report.Episode != input.Episode || (!OperationRules.IsOrchestrated(report.State) && report.State != OperationState.Executing))
            {
                context.SetCustomStatus(new RetryProgress(report.Attempts, null, report.State.ToString()));
                return report.State;
            }

            attempts = report.Attempts;
        }
    }
}

/// <summary>
/// A debit whose outcome is unknown: waits for Gamity's repeat (each one makes the debit again with the same key, so it
/// happens at most once) up to the rollback window; then looks the key up and rolls a debit that happened back.
/// </summary>
public sealed class ResolveDebit : TaskOrchestrator<WalletRetryInput, OperationState>
{
    public override async Task<OperationState> RunAsync(TaskOrchestrationContext context, WalletRetryInput input)
    {
        var step = input.Step;
        var rollbackAt = (input.RollbackAt ?? new DateTimeOffset(context.CurrentUtcDateTime, TimeSpan.Zero) + input.RollbackAfter).UtcDateTime;
        var report = new AttemptReport(input.State, input.Attempts, input.Episode, null);

        // A failed rollback that an operator re-drives starts here with the record already RollingBack.
        while (report.State is OperationState.Unknown or OperationState.Executing)
        {
            context.SetCustomStatus(new RetryProgress(report.Attempts, new DateTimeOffset(rollbackAt, TimeSpan.Zero), "Gamity's repeat, or the rollback window's end"));
            if (!await WalletOrchestrations.TimerOrRepeatAsync(context, rollbackAt))
            {
                break;
            }

            report = await context.CallActivityAsync<AttemptReport>(nameof(AttemptWalletOperation), step, WalletOrchestrations.ActivityRetries);
            if (report.State == OperationState.Unknown)
            {
                rollbackAt = context.CurrentUtcDateTime + input.RollbackAfter; // Gamity was told to retry once more
            }
        }

        if (report.Episode != input.Episode || OperationRules.IsSettled(report.State))
        {
            return report.State;
        }

        // The window is over: did the debit happen? Asked until the wallet knows, then undone until done.
        var retryUntil = context.CurrentUtcDateTime + input.RetryBudget;
        var budget = input with { RetryUntil = new DateTimeOffset(retryUntil, TimeSpan.Zero) };
        var tries = 0;
        while (true)
        {
            var before = report.State;
            report = report.State == OperationState.RollingBack
                ? await context.CallActivityAsync<AttemptReport>(nameof(RollBackDebit), step, WalletOrchestrations.ActivityRetries)
                : await context.CallActivityAsync<AttemptReport>(nameof(LookUpUnknownDebit), step, WalletOrchestrations.ActivityRetries);
            if (report.Episode != input.Episode || !OperationRules.IsOrchestrated(report.State))
            {
                context.SetCustomStatus(new RetryProgress(report.Attempts, null, report.State.ToString()));
                return report.State;
            }

            if (report.State == OperationState.RollingBack && before != OperationState.RollingBack)
            {
                continue; // just looked up as debited: roll back at once
            }

            if (context.CurrentUtcDateTime >= retryUntil)
            {
                return (await context.CallActivityAsync<AttemptReport>(nameof(GiveUpWalletOperation), step, WalletOrchestrations.ActivityRetries)).State;
            }

            var due = WalletOrchestrations.NextAttemptAt(context, budget, ++tries);
            context.SetCustomStatus(new RetryProgress(report.Attempts, new DateTimeOffset(due, TimeSpan.Zero), report.State == OperationState.RollingBack ? "next rollback attempt" : "next look-up"));
            await context.CreateTimer(due, CancellationToken.None);
        }
    }
}

public sealed class AttemptWalletOperation(WalletOperationEngine engine) : TaskActivity<WalletStep, AttemptReport>
{
    public override Task<AttemptReport> RunAsync(TaskActivityContext context, WalletStep input) => engine.AttemptFromOrchestrationAsync(input, CancellationToken.None);
}

public sealed class LookUpUnknownDebit(WalletOperationEngine engine) : TaskActivity<WalletStep, AttemptReport>
{
    public override Task<AttemptReport> RunAsync(TaskActivityContext context, WalletStep input) => engine.LookUpUnknownDebitAsync(input, CancellationToken.None);
}

public sealed class RollBackDebit(WalletOperationEngine engine) : TaskActivity<WalletStep, AttemptReport>
{
    public override Task<AttemptReport> RunAsync(TaskActivityContext context, WalletStep input) => engine.RollBackDebitAsync(input, CancellationToken.None);
}

public sealed class GiveUpWalletOperation(WalletOperationEngine engine) : TaskActivity<WalletStep, AttemptReport>
{
    public override Task<AttemptReport> RunAsync(TaskActivityContext context, WalletStep input) => engine.GiveUpAsync(input, CancellationToken.None);
}
