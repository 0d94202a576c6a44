using System.Diagnostics;
using Gamity.Integration.Wallet;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;

namespace Gamity.Integration.WalletOperations;

/// <summary>
/// Payouts and debits against the casino wallet, exactly once (docs/adr/0012-durable-wallet-workflow.md). The claim
/// record decides who calls the wallet: only the holder of an ETag-guarded move into <see cref="OperationState.Executing"/>
/// does, always with the Gamity ref as idempotency key, so neither racing requests, a duplicated orchestration nor a
/// crash mid-call can move money twice. The first attempt runs inline (a healthy wallet answers Gamity at once);
/// what it leaves open is carried by the ref's orchestration (<see cref="WalletOrchestrations"/>), whose activities
/// come back here.
/// </summary>
public sealed class WalletOperationEngine(
    WalletOperationStore store,
    WalletClient wallet,
    IOptions<WalletOptions> options,
    WalletMetrics metrics,
    CrashHook crash,
    TimeProvider time,
    ILogger<WalletOperationEngine> logger)
{
    /// <summary>Slack on top of a call's timeout before the claim may be taken over.</summary>
    private static readonly TimeSpan LeaseMargin = TimeSpan.FromSeconds(5);

    /// <summary>See <see cref="WithoutHoldingGamityAsync"/>: ample for the engine when it keeps up (tens of ms).</summary>
    private static readonly TimeSpan OrchestrationCallWait = TimeSpan.FromSeconds(1);

    private WalletOptions Options => options.Value;

    /// <summary>
    /// Receives Gamity's call for <paramref name="reference"/>: claims and executes it, or answers a repeat from the
    /// record. Returns the record as it stands when the caller should answer Gamity.
    /// </summary>
    public async Task<ReceiveResult> ReceiveAsync(
        OperationKind kind, string reference, string requestHash, WalletWork work, string? gamityId, DurableTaskClient orchestrations, CancellationToken cancellationToken)
    {
        // Insert first, read only when the ref exists: a new payout costs two record requests (insert, outcome).
        var now = time.GetUtcNow();
        var claim = new WalletOperation
        {
            PartitionKey = reference,
            RowKey = WalletOperation.RowKeyOf(reference, kind),
            RequestHash = requestHash,
            Work = System.Text.Json.JsonSerializer.Serialize(work, WalletOperationsJsonContext.Default.WalletWork),
            Attempts = 1,
            GamityId = gamityId,
            LeaseUntil = now + InlineTimeout(kind) + LeaseMargin,
            RetryUntil = now + Options.RetryBudget,
            CreatedAt = now,
            UpdatedAt = now,
            History = "[]",
        };
        claim.MoveTo(OperationState.Executing, OperationEvent.Received, now, "received from Gamity");
        if (await store.TryCreateAsync(claim, cancellationToken))
        {
            crash.At(CrashPoint.AfterClaim);
            var attempted = await AttemptAsync(claim, InlineTimeout(kind), cancellationToken);
            await WithoutHoldingGamityAsync(StartOrchestrationIfOpenAsync(attempted, orchestrations, recordIsNew: true), attempted);
            return new ReceiveResult(attempted, Conflict: false);
        }

        var existing = await store.GetAsync(reference, kind, cancellationToken) ?? throw new InvalidOperationException($"{kind} {reference} exists but cannot be read");
        return await RepeatAsync(existing, requestHash, orchestrations, cancellationToken);
    }

    public Task<WalletOperation?> FindAsync(string reference, OperationKind kind, CancellationToken cancellationToken) =>
        store.GetAsync(reference, kind, cancellationToken);

    /// <summary>Operator command: a <c>Failed</c> operation gets a fresh budget and a new orchestration (the next episode).</summary>
    public async Task<(WalletOperation? Operation, bool Redriven)> RedriveAsync(
        string reference, OperationKind kind, DurableTaskClient orchestrations, CancellationToken cancellationToken)
    {
        var operation = await store.GetAsync(reference, kind, cancellationToken);
        if (operation is not { CurrentState: OperationState.Failed })
        {
            return (operation, false);
        }

        var now = time.GetUtcNow();
        operation.RetryUntil = now + Options.RetryBudget;
        operation.Episode++;
        // A payout's credit is retried; a debit that failed is one whose rollback failed, so its rollback is.
        operation.MoveTo(kind == OperationKind.Payout ? OperationState.Retrying : OperationState.RollingBack, OperationEvent.Redrive, now, "operator re-drive");
        if (!await store.TryUpdateAsync(operation, cancellationToken))
        {
            return (await store.GetAsync(reference, kind, cancellationToken), false);
        }

        await StartOrchestrationIfOpenAsync(operation, orchestrations);
        return (operation, true);
    }

    // ---- what the orchestrations' activities do (WalletOrchestrations) ----

    /// <summary>The orchestration's next attempt: claim the record if it is still open, call the wallet, record the outcome.</summary>
    public async Task<AttemptReport> AttemptFromOrchestrationAsync(WalletStep step, CancellationToken cancellationToken)
    {
        var operation = await store.GetAsync(step.Ref, step.Kind, cancellationToken) ?? throw new InvalidOperationException($"{step.Kind} {step.Ref} has no record");
        if (operation.Episode != step.Episode || !await TryClaimAsync(operation, OperationEvent.AttemptDue, Options.AttemptTimeout, cancellationToken))
        {
            return AttemptReport.Of(operation); // settled, re-driven, or someone else holds the claim
        }

        return AttemptReport.Of(await AttemptAsync(operation, Options.AttemptTimeout, cancellationToken));
    }

    /// <summary>After a debit's rollback window: did the unknown debit happen? Then it is to be rolled back; if not, it is closed.</summary>
    public async Task<AttemptReport> LookUpUnknownDebitAsync(WalletStep step, CancellationToken cancellationToken)
    {
        var operation = await store.GetAsync(step.Ref, step.Kind, cancellationToken) ?? throw new InvalidOperationException($"debit {step.Ref} has no record");
        if (operation.Episode != step.Episode || operation.CurrentState != OperationState.Unknown)
        {
            return AttemptReport.Of(operation); // a repeat settled it meanwhile
        }

        var lookup = await wallet.LookupAsync(operation.Ref, Options.AttemptTimeout, cancellationToken);
        var now = time.GetUtcNow();
        switch (lookup.Kind)
        {
            case WalletOutcomeKind.Succeeded or WalletOutcomeKind.Refused when lookup.TransactionId is not null:
                operation.TransactionId = lookup.TransactionId;
                operation.RetryUntil = now + Options.RetryBudget;
                operation.MoveTo(OperationState.RollingBack, OperationEvent.LookupCommitted, now,
                    $"debited as {lookup.TransactionId} while Gamity was told to retry; no repeat within {Options.DebitRollbackAfter}");
                break;
            case WalletOutcomeKind.NotFound:
                operation.MoveTo(OperationState.NotDebited, OperationEvent.LookupNotFound, now, "the wallet holds no debit for this ref");
                break;
            default:
                // The look-up itself failed: the orchestration asks again after a backoff.
                operation.LastError = "look-up: " + lookup.Detail;
                operation.Attempts++;
                break;
        }

        return AttemptReport.Of(await PersistAsync(operation, cancellationToken));
    }

    /// <summary>Undoes a debit that happened while Gamity was told to retry (retried by the orchestration until done).</summary>
    public async Task<AttemptReport> RollBackDebitAsync(WalletStep step, CancellationToken cancellationToken)
    {
        var operation = await store.GetAsync(step.Ref, step.Kind, cancellationToken) ?? throw new InvalidOperationException($"debit {step.Ref} has no record");
        if (operation.Episode != step.Episode || operation.CurrentState != OperationState.RollingBack)
        {
            return AttemptReport.Of(operation);
        }

        var work = operation.ReadWork();
        var outcome = await wallet.RollbackAsync(new WalletRollbackRequest(operation.Ref, work.BrandId, work.PlayerId), Options.AttemptTimeout, cancellationToken);
        var now = time.GetUtcNow();
        operation.Attempts++;
        switch (outcome.Kind)
        {
            case WalletOutcomeKind.Succeeded:
                operation.RollbackTransactionId = outcome.TransactionId;
                operation.Code = "DEBIT_ROLLED_BACK";
                operation.MoveTo(OperationState.RolledBack, OperationEvent.WalletSucceeded, now, outcome.TransactionId);
                break;
            case WalletOutcomeKind.Transient:
                operation.LastError = "rollback: " + outcome.Detail;
                break;
            default:
                // A refused rollback needs a person: the player paid and did not join.
                operation.LastError = "rollback refused: " + outcome.Detail;
                operation.MoveTo(OperationState.Failed, OperationEvent.WalletRefused, now, operation.LastError);
                break;
        }

        return AttemptReport.Of(await PersistAsync(operation, cancellationToken));
    }

    /// <summary>The orchestration's budget is spent: the operation is <c>Failed</c>, for an alert and an operator.</summary>
    public async Task<AttemptReport> GiveUpAsync(WalletStep step, CancellationToken cancellationToken)
    {
        var operation = await store.GetAsync(step.Ref, step.Kind, cancellationToken) ?? throw new InvalidOperationException($"{step.Kind} {step.Ref} has no record");
        if (operation.Episode == step.Episode && OperationRules.IsOrchestrated(operation.CurrentState))
        {
            operation.MoveTo(OperationState.Failed, OperationEvent.BudgetExhausted, time.GetUtcNow(), $"retry budget spent; last error: {operation.LastError}");
            operation = await PersistAsync(operation, cancellationToken);
        }

        return AttemptReport.Of(operation);
    }

    // ---- the stalled-operations sweep (StalledWalletOperationsSweep) ----

    /// <summary>
    /// Resumes an open operation nothing is carrying any more: a claim whose holder died mid-call (its lease has run
    /// out) and that Gamity did not repeat, or an orchestrated state whose orchestration is gone (a crash before its
    /// start landed). True when it resumed it; an operation that is merely waiting (a live lease, a running
    /// orchestration, a quiet spell shorter than its state allows) is left alone.
    /// </summary>
    public async Task<bool> ResumeIfStalledAsync(WalletOperation operation, DurableTaskClient orchestrations, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        switch (operation.CurrentState)
        {
            case OperationState.Executing when operation.LeaseUntil <= now:
                if (!await TryHandOverExpiredClaimAsync(operation, cancellationToken))
                {
                    return false; // a repeat or another sweep took it over first
                }

                await StartOrchestrationIfOpenAsync(operation, orchestrations, attemptAtOnce: true); // should the start fail, the next sweep finds it quiet
                return true;
            case var state when OperationRules.IsOrchestrated(state) && now - operation.UpdatedAt > LongestQuiet(state):
                return await StartOrchestrationIfOpenAsync(operation, orchestrations, attemptAtOnce: true);
            default:
                return false;
        }
    }

    /// <summary>
    /// How long a carried operation may go without a write: a retrying one is attempted (and written) at least every
    /// <see cref="WalletOptions.MaxRetryDelay"/>; an unknown debit waits out its rollback window untouched.
    /// </summary>
    private TimeSpan LongestQuiet(OperationState state) =>
        (state == OperationState.Unknown ? Options.DebitRollbackAfter : Options.MaxRetryDelay + Options.AttemptTimeout) + StallMargin;

    /// <summary>Slack on a state's longest quiet spell before the sweep looks for its orchestration.</summary>
    private static readonly TimeSpan StallMargin = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The claim holder died mid-call, so the outcome is unknown: the ref goes to its orchestration, a payout to retry
    /// (same key: at most once), a debit to wait for Gamity's repeat and be rolled back without one. False when
    /// someone moved the record first.
    /// </summary>
    private async Task<bool> TryHandOverExpiredClaimAsync(WalletOperation operation, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        operation.LeaseUntil = null;
        operation.MoveTo(operation.Kind == OperationKind.Payout ? OperationState.Retrying : OperationState.Unknown, OperationEvent.LeaseExpired, now);
        if (operation.Kind == OperationKind.Debit)
        {
            operation.ToldRetryAt = now;
        }

        return await store.TryUpdateAsync(operation, cancellationToken);
    }

    // ---- the receive path's repeats ----

    private async Task<ReceiveResult> RepeatAsync(WalletOperation operation, string requestHash, DurableTaskClient orchestrations, CancellationToken cancellationToken)
    {
        if (!string.Equals(operation.RequestHash, requestHash, StringComparison.Ordinal))
        {
            return new ReceiveResult(operation, Conflict: true);
        }

        var waitUntil = time.GetUtcNow() + Options.InflightWait;
        int? attemptsWhenNudged = null;
        for (var round = 0; round < 200; round++)
        {
            var now = time.GetUtcNow();
            var state = operation.CurrentState;
            if (state == OperationState.Executing && operation.LeaseUntil <= now)
            {
                if (await TryHandOverExpiredClaimAsync(operation, cancellationToken))
                {
                    await WithoutHoldingGamityAsync(StartOrchestrationIfOpenAsync(operation, orchestrations), operation);
                }

                operation = await store.GetAsync(operation.Ref, operation.Kind, cancellationToken) ?? operation;
                continue;
            }

            if (state == OperationState.NotDebited)
            {
                // Gamity asks again for a debit the wallet never made: the player still wants in. Same key, so it happens once.
                if (await TryClaimAsync(operation, OperationEvent.GamityRepeat, Options.DebitDeadline, cancellationToken))
                {
                    operation.Episode++;
                    var attempted = await AttemptAsync(operation, Options.DebitDeadline, cancellationToken);
                    await WithoutHoldingGamityAsync(StartOrchestrationIfOpenAsync(attempted, orchestrations), attempted);
                    return new ReceiveResult(attempted, Conflict: false);
                }

                operation = await store.GetAsync(operation.Ref, operation.Kind, cancellationToken) ?? operation;
                continue;
            }

            if (state == OperationState.Retrying)
            {
                // A payout's repeat makes the next attempt itself, so Gamity's try after the wallet recovered is
                // answered 200 without waiting for the engine to deliver an event (ADR 0012).
                if (await TryClaimAsync(operation, OperationEvent.GamityRepeat, InlineTimeout(operation.Kind), cancellationToken))
                {
                    var attempted = await AttemptAsync(operation, InlineTimeout(operation.Kind), cancellationToken);

                    // Still open: its orchestration keeps its backoff (or starts, if a crash left none). Settled: it stops waiting and ends.
                    await WithoutHoldingGamityAsync(
                        OperationRules.IsOrchestrated(attempted.CurrentState) ? StartOrchestrationIfOpenAsync(attempted, orchestrations) : NudgeAsync(attempted, orchestrations) as Task,
                        attempted);
                    return new ReceiveResult(attempted, Conflict: false);
                }

                operation = await store.GetAsync(operation.Ref, operation.Kind, cancellationToken) ?? operation;
                continue;
            }

            if (state == OperationState.Unknown && attemptsWhenNudged is null)
            {
                // A debit's repeat goes through its orchestration, which owns the rollback window the repeat restarts.
                await WithoutHoldingGamityAsync(NudgeAsync(operation, orchestrations), operation);
                attemptsWhenNudged = operation.Attempts;
            }

            // Once the attempt the nudge caused has failed too, Gamity hears "retry later" at once rather than at the end of the wait.
            var nudgedAttemptFailed = attemptsWhenNudged is { } before && operation.Attempts > before && state != OperationState.Executing;
            var waiting = state is OperationState.Executing or OperationState.Retrying or OperationState.Unknown;
            if (!waiting || nudgedAttemptFailed || now >= waitUntil)
            {
                return new ReceiveResult(operation, Conflict: false);
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), time, cancellationToken);
            operation = await store.GetAsync(operation.Ref, operation.Kind, cancellationToken) ?? operation;
        }

        return new ReceiveResult(operation, Conflict: false);
    }

    /// <summary>
    /// Tells the ref's orchestration that Gamity asked again: it stops waiting (and ends, when the repeat settled the
    /// ref). Starts it if the record is open and none runs (a crash before its start).
    /// </summary>
    private async Task NudgeAsync(WalletOperation operation, DurableTaskClient orchestrations)
    {
        try
        {
            if (await orchestrations.GetInstanceAsync(operation.InstanceId) is { IsCompleted: false })
            {
                await orchestrations.RaiseEventAsync(operation.InstanceId, WalletOrchestrations.GamityRepeatEvent, eventPayload: null);
                return;
            }
        }
        catch (Exception exception)
        {
            // Only a wait is lost: the orchestration's own timer comes, and so does Gamity's next repeat.
            logger.LogWarning(exception, "{Kind} {Ref}: telling orchestration {InstanceId} of Gamity's repeat failed", operation.Kind, operation.Ref, operation.InstanceId);
            return;
        }

        await StartOrchestrationIfOpenAsync(operation, orchestrations);
    }

    /// <summary>
    /// Gamity's answer waits at most <see cref="OrchestrationCallWait"/> for a call to the engine (a start, an event):
    /// a backlog there — an outage fills it with retries — must not hold Gamity's call. The call goes on in the
    /// background; should it never land (the process ended), the record is open and Gamity's repeat starts or tells
    /// the orchestration (ADR 0012). The calls run without the request's token so that its end does not cancel them.
    /// </summary>
    private async Task WithoutHoldingGamityAsync(Task orchestrationCall, WalletOperation operation)
    {
        try
        {
            await orchestrationCall.WaitAsync(OrchestrationCallWait, time);
        }
        catch (TimeoutException)
        {
            logger.LogInformation("{Kind} {Ref}: answering Gamity while the call to orchestration {InstanceId} goes on", operation.Kind, operation.Ref, operation.InstanceId);
        }
    }

    /// <summary>
    /// Starts the episode's orchestration when the record is in a state one owns and none runs. A finished instance is
    /// never scheduled again (that would replace it: ADR 0012): a record still open after its instance ended (the
    /// orchestration itself failed) moves to the next episode, and only the writer of that move starts it.
    /// </summary>
    /// <param name="recordIsNew">
    /// The record was created by this request: no instance of its first episode can exist (histories are purged before
    /// records, <see cref="RetentionOptions"/>), so the look-up is skipped — one gRPC call and one storage read less on
    /// every payout the wallet did not settle at once.
    /// </param>
    /// <param name="attemptAtOnce">See <see cref="WalletRetryInput.AttemptAtOnce"/>.</param>
    /// <returns>True when it started one.</returns>
    private async Task<bool> StartOrchestrationIfOpenAsync(WalletOperation operation, DurableTaskClient orchestrations, bool recordIsNew = false, bool attemptAtOnce = false)
    {
        var cancellationToken = CancellationToken.None; // outlives Gamity's request: see WithoutHoldingGamityAsync
        if (!OperationRules.IsOrchestrated(operation.CurrentState))
        {
            return false;
        }

        try
        {
            switch (recordIsNew ? null : await orchestrations.GetInstanceAsync(operation.InstanceId, cancellationToken))
            {
                case { IsCompleted: false }:
                    return false;
                case { IsCompleted: true } ended:
                    logger.LogWarning("{Kind} {Ref}: orchestration {InstanceId} ended ({Status}) with the record still {State}; starting the next episode",
                        operation.Kind, operation.Ref, operation.InstanceId, ended.RuntimeStatus, operation.State);
                    operation.Episode++;
                    if (!await store.TryUpdateAsync(operation, cancellationToken))
                    {
                        return false; // someone else moved it (and starts what it needs)
                    }

                    break;
            }

            var input = new WalletRetryInput(
                operation.Ref, operation.Kind, operation.CurrentState, operation.Episode, operation.Attempts, operation.RetryUntil,
                operation.Kind == OperationKind.Debit ? (operation.ToldRetryAt ?? time.GetUtcNow()) + Options.DebitRollbackAfter : null,
                Options.RetryBaseDelay, Options.MaxRetryDelay, Options.DebitRollbackAfter, Options.RetryBudget, attemptAtOnce);
            await WalletOrchestrations.StartAsync(orchestrations, operation.InstanceId, input, cancellationToken);
            return true;
        }
        catch (Exception exception)
        {
            // The record is open: Gamity's next repeat (NudgeAsync) or the stalled-operations sweep starts it. Nothing is lost, only delayed.
            logger.LogWarning(exception, "{Kind} {Ref}: starting orchestration {InstanceId} failed; the next repeat or sweep starts it", operation.Kind, operation.Ref, operation.InstanceId);
            return false;
        }
    }

    private async Task<bool> TryClaimAsync(WalletOperation operation, OperationEvent cause, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var claimable = operation.CurrentState switch
        {
            OperationState.Retrying or OperationState.Unknown => true,
            OperationState.NotDebited => cause == OperationEvent.GamityRepeat,
            OperationState.Executing => operation.LeaseUntil <= now, // the holder died mid-call
            _ => false,
        };
        if (!claimable)
        {
            return false;
        }

        operation.Attempts++;
        operation.LeaseUntil = now + timeout + LeaseMargin;
        operation.MoveTo(OperationState.Executing, cause, now, $"attempt {operation.Attempts}");
        return await store.TryUpdateAsync(operation, cancellationToken);
    }

    /// <summary>The claim holder's wallet call, and the outcome recorded (if the claim is still ours).</summary>
    private async Task<WalletOperation> AttemptAsync(WalletOperation operation, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var work = operation.ReadWork();
        var stopwatch = Stopwatch.StartNew();
        var outcome = work.Call switch
        {
            WalletWork.Credit => await wallet.CreditAsync(new WalletMoneyRequest(work.IdempotencyKey, work.BrandId, work.PlayerId, work.Amount, work.Currency), timeout, cancellationToken),
            WalletWork.Debit => await wallet.DebitAsync(new WalletMoneyRequest(work.IdempotencyKey, work.BrandId, work.PlayerId, work.Amount, work.Currency), timeout, cancellationToken),
            WalletWork.FreeRounds => await wallet.GrantFreeRoundsAsync(
                new WalletFreeRoundsRequest(work.IdempotencyKey, work.BrandId, work.PlayerId, work.GameId!, work.NumberOfRounds!.Value, work.Amount, work.Currency, work.ValidHours!.Value), timeout, cancellationToken),
            _ => throw new InvalidOperationException($"Unknown wallet call '{work.Call}' in {operation.Ref}"),
        };
        metrics.WalletCall(work.Call, outcome.Kind.ToString(), stopwatch.Elapsed);
        crash.At(CrashPoint.AfterWalletCall);

        var now = time.GetUtcNow();
        operation.LeaseUntil = null;
        switch (outcome.Kind)
        {
            case WalletOutcomeKind.Succeeded:
                operation.TransactionId = outcome.TransactionId;
                operation.MoveTo(OperationState.Succeeded, OperationEvent.WalletSucceeded, now, outcome.TransactionId);
                break;
            case WalletOutcomeKind.Refused or WalletOutcomeKind.NotFound:
                operation.Code = outcome.Code ?? "WALLET_REFUSED";
                operation.LastError = outcome.Detail;
                operation.MoveTo(OperationState.Refused, OperationEvent.WalletRefused, now, operation.Code);
                break;
            case var _ when operation.Kind == OperationKind.Debit:
                // A debit is never retried on our own: the player joins only if Gamity hears "success" (ADR 0006).
                operation.LastError = outcome.Detail;
                operation.ToldRetryAt = now;
                operation.MoveTo(OperationState.Unknown, OperationEvent.WalletTransient, now, outcome.Detail);
                break;
            case var _ when now >= operation.RetryUntil:
                operation.LastError = outcome.Detail;
                operation.MoveTo(OperationState.Failed, OperationEvent.BudgetExhausted, now, outcome.Detail);
                break;
            default:
                operation.LastError = outcome.Detail;
                operation.MoveTo(OperationState.Retrying, OperationEvent.WalletTransient, now, outcome.Detail);
                break;
        }

        return await PersistAsync(operation, cancellationToken);
    }

    /// <summary>
    /// Writes the record if it is still as we read it. If someone else moved it meanwhile, their version wins and is
    /// returned (our wallet call, same key, changed nothing).
    /// </summary>
    private async Task<WalletOperation> PersistAsync(WalletOperation operation, CancellationToken cancellationToken)
    {
        if (!await store.TryUpdateAsync(operation, cancellationToken))
        {
            logger.LogInformation("{Kind} {Ref} was moved by another worker meanwhile; keeping its version", operation.Kind, operation.Ref);
            return await store.GetAsync(operation.Ref, operation.Kind, cancellationToken) ?? operation;
        }

        metrics.Reached(operation);
        if (operation.CurrentState == OperationState.Failed)
        {
            metrics.Failed(operation);
            logger.LogError("{Kind} {Ref} FAILED after {Attempts} attempts: {Error}. Re-drive it with POST /api/{Route}/{Ref}/redrive once the cause is fixed.",
                operation.Kind, operation.Ref, operation.Attempts, operation.LastError, operation.Kind == OperationKind.Payout ? "payouts" : "debits", operation.Ref);
        }

        return operation;
    }

    private TimeSpan InlineTimeout(OperationKind kind) => kind == OperationKind.Debit ? Options.DebitDeadline : Options.AttemptTimeout;
}

/// <param name="Conflict">The ref exists with a different request: refused, nothing executed.</param>
public sealed record ReceiveResult(WalletOperation Operation, bool Conflict);
