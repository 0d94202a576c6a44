using System.Diagnostics;
using Gamity.Integration.Wallet;
using Microsoft.Extensions.Options;

namespace Gamity.Integration.WalletOperations;

/// <summary>
/// The durable wallet workflow (ADR 0006). Only the holder of a claim (an ETag-guarded move into
/// <see cref="OperationState.Executing"/>) calls the wallet, and always with the Gamity ref as idempotency key,
/// so neither racing requests, racing workers, nor a crash mid-call can move money twice. Every step that is
/// not settled is in the schedule the minute sweep scans, and has a delayed queue message as its timer.
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
    /// <summary>Slack on top of a call's timeout before another worker may take the operation over.</summary>
    private static readonly TimeSpan LeaseMargin = TimeSpan.FromSeconds(5);

    private WalletOptions Options => options.Value;

    /// <summary>
    /// Receives Gamity's call for <paramref name="reference"/>: creates and executes the operation, or answers a
    /// repeat from the record. Returns the record as it stands when the caller should answer Gamity.
    /// </summary>
    public async Task<ReceiveResult> ReceiveAsync(OperationKind kind, string reference, string requestHash, WalletWork work, CancellationToken cancellationToken)
    {
        // Insert first, read only when the ref exists: a new payout costs two record requests (insert, outcome)
        // plus its share of the grouped schedule writes (ADR 0007).
        var now = time.GetUtcNow();
        var created = new WalletOperation
        {
            PartitionKey = reference,
            RowKey = WalletOperation.RowKeyOf(reference, kind),
            RequestHash = requestHash,
            Work = System.Text.Json.JsonSerializer.Serialize(work, WalletOperationsJsonContext.Default.WalletWork),
            Attempts = 1,
            LeaseUntil = now + InlineTimeout(kind) + LeaseMargin,
            RetryUntil = now + Options.RetryBudget,
            CreatedAt = now,
            UpdatedAt = now,
            History = "[]",
        };
        created.MoveTo(OperationState.Executing, OperationEvent.AttemptDue, now, "received from Gamity");

        // Scheduled before the record exists: a crash after the insert is always found by the sweep.
        await store.ScheduleAsync(reference, kind, created.LeaseUntil.Value, cancellationToken);
        if (await store.TryCreateAsync(created, cancellationToken))
        {
            crash.At(CrashPoint.AfterRecordWritten);
            return new ReceiveResult(await ExecuteAsync(created, InlineTimeout(kind), cancellationToken), Conflict: false);
        }

        var existing = await store.GetAsync(reference, kind, cancellationToken) ?? throw new InvalidOperationException($"{kind} {reference} exists but cannot be read");
        var result = await RepeatAsync(existing, requestHash, cancellationToken);
        if (WalletStateMachine.IsSettled(result.Operation.CurrentState))
        {
            store.Unschedule(reference, kind); // the row this repeat wrote; an open operation keeps it (the sweep corrects an early time)
        }

        return result;
    }

    public Task<WalletOperation?> FindAsync(string reference, OperationKind kind, CancellationToken cancellationToken) =>
        store.GetAsync(reference, kind, cancellationToken);

    /// <summary>One step of the workflow for a queue message or the sweep; harmless when run twice.</summary>
    public async Task RunStepAsync(string reference, OperationKind kind, CancellationToken cancellationToken)
    {
        var operation = await store.GetAsync(reference, kind, cancellationToken);
        if (operation is null)
        {
            store.Unschedule(reference, kind);
            return;
        }

        var now = time.GetUtcNow();
        var state = operation.CurrentState;
        if (WalletStateMachine.IsSettled(state))
        {
            store.Unschedule(reference, kind);
            return;
        }

        if (state == OperationState.Executing)
        {
            if (operation.LeaseUntil > now)
            {
                await store.ScheduleAsync(reference, kind, operation.LeaseUntil.Value, cancellationToken);
                return; // someone holds it; the schedule brings us back when the lease ends
            }

            if (kind == OperationKind.Debit)
            {
                // The inline attempt died mid-call: its outcome is unknown, exactly like a timeout.
                operation.ToldRetryAt ??= now;
                operation.NextAttemptAt = operation.ToldRetryAt + Options.DebitRollbackAfter;
                operation.LeaseUntil = null;
                operation.MoveTo(OperationState.Unknown, OperationEvent.LeaseExpired, now);
                await PersistAsync(operation, cancellationToken);
                return;
            }

            if (await TryClaimAsync(operation, OperationEvent.LeaseExpired, Options.AttemptTimeout, cancellationToken))
            {
                await ExecuteAsync(operation, Options.AttemptTimeout, cancellationToken);
            }

            return;
        }

        if (operation.NextAttemptAt > now)
        {
            // Early: a duplicate (the timer's own message is never early, its delay is rounded up). Dropping it
            // is safe: the schedule row brings the step back through the sweep if the timer message is lost.
            await store.ScheduleAsync(reference, kind, operation.NextAttemptAt.Value, cancellationToken);
            return;
        }

        switch (state)
        {
            case OperationState.Retrying when now >= operation.RetryUntil:
                await GiveUpAsync(operation, cancellationToken);
                break;
            case OperationState.Retrying:
                if (await TryClaimAsync(operation, OperationEvent.AttemptDue, Options.AttemptTimeout, cancellationToken))
                {
                    await ExecuteAsync(operation, Options.AttemptTimeout, cancellationToken);
                }

                break;
            case OperationState.Unknown:
                await ResolveUnknownDebitAsync(operation, cancellationToken);
                break;
            case OperationState.RollingBack when now >= operation.RetryUntil:
                await GiveUpAsync(operation, cancellationToken);
                break;
            case OperationState.RollingBack:
                await RollBackAsync(operation, cancellationToken);
                break;
        }
    }

    /// <summary>Operator command: a <c>Failed</c> operation gets a fresh budget and its next step now.</summary>
    public async Task<(WalletOperation? Operation, bool Redriven)> RedriveAsync(string reference, OperationKind kind, CancellationToken cancellationToken)
    {
        var operation = await store.GetAsync(reference, kind, cancellationToken);
        if (operation is null || WalletStateMachine.Next(kind, operation.CurrentState, OperationEvent.Redrive) is not { } next)
        {
            return (operation, false);
        }

        var now = time.GetUtcNow();
        operation.RetryUntil = now + Options.RetryBudget;
        operation.NextAttemptAt = now;
        operation.MoveTo(next, OperationEvent.Redrive, now, "operator re-drive");
        var persisted = await PersistAsync(operation, cancellationToken);
        return (persisted, persisted.CurrentState == next);
    }

    private async Task<ReceiveResult> RepeatAsync(WalletOperation operation, string requestHash, CancellationToken cancellationToken)
    {
        if (!string.Equals(operation.RequestHash, requestHash, StringComparison.Ordinal))
        {
            return new ReceiveResult(operation, Conflict: true);
        }

        var waitUntil = time.GetUtcNow() + Options.InflightWait;
        for (var round = 0; round < 50; round++)
        {
            var now = time.GetUtcNow();
            var state = operation.CurrentState;
            if (state == OperationState.Executing && operation.LeaseUntil > now)
            {
                if (now >= waitUntil)
                {
                    return new ReceiveResult(operation, Conflict: false); // still in flight: "retry later"
                }

                await Task.Delay(TimeSpan.FromMilliseconds(100), time, cancellationToken);
                operation = await store.GetAsync(operation.Ref, operation.Kind, cancellationToken) ?? operation;
                continue;
            }

            var kind = operation.Kind;
            var retakeEvent = (kind, state) switch
            {
                (OperationKind.Debit, OperationState.Unknown or OperationState.NotDebited) => OperationEvent.GamityRepeat,
                (_, OperationState.Executing) => OperationEvent.LeaseExpired,
                _ => (OperationEvent?)null,
            };
            if (retakeEvent is null)
            {
                return new ReceiveResult(operation, Conflict: false);
            }

            if (kind == OperationKind.Debit && state == OperationState.Executing)
            {
                // A debit whose inline attempt died: first record that its outcome is unknown, then retake it.
                operation.ToldRetryAt ??= now;
                operation.LeaseUntil = null;
                operation.MoveTo(OperationState.Unknown, OperationEvent.LeaseExpired, now);
                if (!await store.TryUpdateAsync(operation, cancellationToken))
                {
                    operation = await store.GetAsync(operation.Ref, kind, cancellationToken) ?? operation;
                }

                continue;
            }

            // Gamity is asking again: the player still wants in. Same key, so a debit that did happen is not repeated.
            if (await TryClaimAsync(operation, retakeEvent.Value, InlineTimeout(kind), cancellationToken))
            {
                return new ReceiveResult(await ExecuteAsync(operation, InlineTimeout(kind), cancellationToken), Conflict: false);
            }

            operation = await store.GetAsync(operation.Ref, kind, cancellationToken) ?? operation;
        }

        return new ReceiveResult(operation, Conflict: false);
    }

    private async Task<bool> TryClaimAsync(WalletOperation operation, OperationEvent cause, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (WalletStateMachine.Next(operation.Kind, operation.CurrentState, cause) != OperationState.Executing)
        {
            return false;
        }

        var now = time.GetUtcNow();
        operation.Attempts++;
        operation.LeaseUntil = now + timeout + LeaseMargin;
        operation.NextAttemptAt = null;
        operation.MoveTo(OperationState.Executing, cause, now, $"attempt {operation.Attempts}");
        await store.ScheduleAsync(operation.Ref, operation.Kind, operation.LeaseUntil.Value, cancellationToken);
        return await store.TryUpdateAsync(operation, cancellationToken);
    }

    /// <summary>The claim holder's wallet call, and the outcome recorded (if the claim is still ours).</summary>
    private async Task<WalletOperation> ExecuteAsync(WalletOperation operation, TimeSpan timeout, CancellationToken cancellationToken)
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
            default:
                operation.LastError = outcome.Detail;
                if (operation.Kind == OperationKind.Debit)
                {
                    operation.ToldRetryAt = now;
                    operation.NextAttemptAt = now + Options.DebitRollbackAfter;
                    operation.MoveTo(OperationState.Unknown, OperationEvent.WalletTransient, now, outcome.Detail);
                }
                else if (now >= operation.RetryUntil)
                {
                    operation.MoveTo(OperationState.Failed, OperationEvent.BudgetExhausted, now, outcome.Detail);
                }
                else
                {
                    operation.NextAttemptAt = now + WalletStateMachine.Backoff(operation.Attempts, Options.RetryBaseDelay, Options.MaxRetryDelay, Random.Shared);
                    operation.MoveTo(OperationState.Retrying, OperationEvent.WalletTransient, now, outcome.Detail);
                }

                break;
        }

        return await PersistAsync(operation, cancellationToken);
    }

    /// <summary>After the rollback window: did the unknown debit happen? If so, undo it; if not, close it.</summary>
    private async Task ResolveUnknownDebitAsync(WalletOperation operation, CancellationToken cancellationToken)
    {
        var lookup = await wallet.LookupAsync(operation.Ref, Options.AttemptTimeout, cancellationToken);
        var now = time.GetUtcNow();
        switch (lookup.Kind)
        {
            case WalletOutcomeKind.Succeeded or WalletOutcomeKind.Refused when lookup.TransactionId is not null:
                operation.TransactionId = lookup.TransactionId;
                operation.RetryUntil = now + Options.RetryBudget;
                operation.NextAttemptAt = now;
                operation.MoveTo(OperationState.RollingBack, OperationEvent.LookupCommitted, now, $"debited as {lookup.TransactionId} while Gamity was told to retry; no repeat within {Options.DebitRollbackAfter}");
                if (await PersistAsync(operation, cancellationToken) is { CurrentState: OperationState.RollingBack } rollingBack)
                {
                    await RollBackAsync(rollingBack, cancellationToken);
                }

                return;
            case WalletOutcomeKind.NotFound:
                operation.MoveTo(OperationState.NotDebited, OperationEvent.LookupNotFound, now, "the wallet holds no debit for this ref");
                break;
            default:
                operation.LastError = lookup.Detail;
                operation.NextAttemptAt = now + WalletStateMachine.Backoff(operation.Attempts++, Options.RetryBaseDelay, Options.MaxRetryDelay, Random.Shared);
                operation.MoveTo(OperationState.Unknown, OperationEvent.WalletTransient, now, "look-up failed: " + lookup.Detail);
                break;
        }

        await PersistAsync(operation, cancellationToken);
    }

    private async Task RollBackAsync(WalletOperation operation, CancellationToken cancellationToken)
    {
        var work = operation.ReadWork();
        var outcome = await wallet.RollbackAsync(new WalletRollbackRequest(operation.Ref, work.BrandId, work.PlayerId), Options.AttemptTimeout, cancellationToken);
        var now = time.GetUtcNow();
        switch (outcome.Kind)
        {
            case WalletOutcomeKind.Succeeded:
                operation.RollbackTransactionId = outcome.TransactionId;
                operation.Code = "DEBIT_ROLLED_BACK";
                operation.MoveTo(OperationState.RolledBack, OperationEvent.WalletSucceeded, now, outcome.TransactionId);
                break;
            case WalletOutcomeKind.Transient when now < operation.RetryUntil:
                operation.LastError = outcome.Detail;
                operation.NextAttemptAt = now + WalletStateMachine.Backoff(++operation.Attempts, Options.RetryBaseDelay, Options.MaxRetryDelay, Random.Shared);
                operation.MoveTo(OperationState.RollingBack, OperationEvent.WalletTransient, now, outcome.Detail);
                break;
            default:
                // A refused rollback (or an exhausted budget) needs a person: the player paid and did not join.
                operation.LastError = "rollback: " + outcome.Detail;
                operation.MoveTo(OperationState.Failed, OperationEvent.BudgetExhausted, now, operation.LastError);
                break;
        }

        await PersistAsync(operation, cancellationToken);
    }

    private async Task GiveUpAsync(WalletOperation operation, CancellationToken cancellationToken)
    {
        operation.MoveTo(OperationState.Failed, OperationEvent.BudgetExhausted, time.GetUtcNow(), $"retry budget {Options.RetryBudget} spent; last error: {operation.LastError}");
        await PersistAsync(operation, cancellationToken);
    }

    /// <summary>
    /// Writes the record if it is still as we read it, then keeps the schedule and the timer in step. If someone
    /// else moved it meanwhile, their version wins and is returned (our wallet call, same key, changed nothing).
    /// </summary>
    private async Task<WalletOperation> PersistAsync(WalletOperation operation, CancellationToken cancellationToken)
    {
        if (!await store.TryUpdateAsync(operation, cancellationToken))
        {
            logger.LogInformation("{Kind} {Ref} was moved by another worker meanwhile; keeping its version", operation.Kind, operation.Ref);
            return await store.GetAsync(operation.Ref, operation.Kind, cancellationToken) ?? operation;
        }

        metrics.Reached(operation);
        var state = operation.CurrentState;
        if (state == OperationState.Failed)
        {
            metrics.Failed(operation);
            logger.LogError("{Kind} {Ref} FAILED after {Attempts} attempts: {Error}. Re-drive it with POST /api/payouts/{Ref}/redrive once the cause is fixed.",
                operation.Kind, operation.Ref, operation.Attempts, operation.LastError, operation.Ref);
        }

        if (WalletStateMachine.IsSettled(state))
        {
            store.Unschedule(operation.Ref, operation.Kind);
        }
        else if (operation.NextAttemptAt is { } due)
        {
            await store.ScheduleAsync(operation.Ref, operation.Kind, due, cancellationToken);
            await store.EnqueueAsync(operation.Ref, operation.Kind, due - time.GetUtcNow(), cancellationToken);
        }

        return operation;
    }

    private TimeSpan InlineTimeout(OperationKind kind) => kind == OperationKind.Debit ? Options.DebitDeadline : Options.AttemptTimeout;
}

/// <param name="Conflict">The ref exists with a different request: refused, nothing executed.</param>
public sealed record ReceiveResult(WalletOperation Operation, bool Conflict);
