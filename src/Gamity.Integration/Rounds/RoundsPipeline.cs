using System.Runtime.InteropServices;
using System.Text;
using Gamity.Integration.ActiveGames;
using Gamity.Integration.Scheduling;
using Microsoft.Extensions.Options;

namespace Gamity.Integration.Rounds;

/// <summary>
/// ForwardRounds, whatever the entry point (Service Bus batch, Storage queue, <c>POST /api/rounds</c>):
/// decode → validate (invalid rounds recorded, never retried) → filter on the active-games snapshot (fail open
/// when stale) → chunks of ≤100 → Gamity with bounded parallelism. A chunk still failing when the invocation's
/// budget runs out fails the whole invocation, so the transport redelivers; <c>roundId</c> makes that safe.
/// </summary>
public sealed class RoundsPipeline(
    RoundParser parser,
    ActiveGamesReader activeGames,
    GamityRoundsClient gamity,
    InvalidRoundStore invalidRounds,
    FailOpenNotice failOpenNotice,
    IOptions<RoundsOptions> options,
    IOptions<ActiveGamesOptions> activeGamesOptions,
    RoundsMetrics metrics,
    TimeProvider time,
    ILogger<RoundsPipeline> logger)
{
    /// <summary>Messages that must all be taken: when Gamity did not take every round in time this throws, so the transport delivers them again.</summary>
    public async Task<RoundsOutcome> ProcessAsync(IReadOnlyList<RoundMessage> messages, CancellationToken cancellationToken)
    {
        var batch = await ProcessBatchAsync(messages, cancellationToken);
        return batch.Undelivered.Count == 0 ? batch.Outcome : throw new RoundsForwardingException(batch.Failure!);
    }

    /// <summary>
    /// A batch whose messages are settled one by one (the Service Bus drain): which messages still have rounds
    /// Gamity did not take. Every other message is done — its rounds delivered, filtered out or recorded as invalid.
    /// </summary>
    public async Task<BatchOutcome> ProcessBatchAsync(IReadOnlyList<RoundMessage> messages, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + options.Value.InvocationBudget;
        var rounds = new List<GameRound>(messages.Count * 4);
        var invalid = new List<InvalidRound>();
        var invalidCount = 0;
        for (var index = 0; index < messages.Count; index++)
        {
            invalidCount += parser.Parse(messages[index], rounds, invalid, index).InvalidRounds;
        }

        return await ForwardValidAsync(messages.Count, rounds, invalid, invalidCount, deadline, cancellationToken);
    }

    /// <summary>One Storage-queue message; a failure to deliver throws, so the queue delivers it again.</summary>
    public async Task ProcessQueueMessageAsync(QueueMessageText message, CancellationToken cancellationToken)
    {
        var outcome = await ProcessAsync([RoundMessage.FromText(message.Body, message.MessageId)], cancellationToken);
        logger.LogDebug("ForwardQueuedRounds {MessageId}: {Outcome}", message.MessageId, outcome);
    }

    /// <summary>
    /// <c>POST /api/rounds</c>: one body. A body whose rounds cannot be told apart, or that is over the limits, is
    /// refused whole and nothing is recorded (the caller hears why); otherwise it goes on like a queue message.
    /// </summary>
    public async Task<(RoundsOutcome? Outcome, MessageParse Parse)> ProcessBodyAsync(RoundMessage message, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + options.Value.InvocationBudget;
        var rounds = new List<GameRound>();
        var invalid = new List<InvalidRound>();
        var parse = parser.Parse(message, rounds, invalid);
        if (parse.Refusal != MessageRefusal.None)
        {
            return (null, parse);
        }

        var batch = await ForwardValidAsync(1, rounds, invalid, parse.InvalidRounds, deadline, cancellationToken);
        return batch.Undelivered.Count == 0 ? (batch.Outcome, parse) : throw new RoundsForwardingException(batch.Failure!);
    }

    private async Task<BatchOutcome> ForwardValidAsync(
        int messageCount, List<GameRound> rounds, List<InvalidRound> invalid, int invalidCount, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        metrics.Received(rounds.Count + invalidCount);
        metrics.Invalid(invalidCount);
        await invalidRounds.RecordAsync(invalid, cancellationToken);

        var decoded = rounds.Count;
        var failedOpen = await FilterAsync(rounds, cancellationToken);
        metrics.FilteredOut(decoded - rounds.Count);

        var (forwarded, rejected, failed, undelivered) = await ForwardAsync(rounds, deadline, cancellationToken);
        var outcome = new RoundsOutcome(messageCount, decoded + invalidCount, invalidCount, decoded - rounds.Count, forwarded, rejected.Count, failedOpen);
        await invalidRounds.RecordAsync(rejected, cancellationToken);
        if (failed.Count > 0)
        {
            var failure = $"{failed.Count} chunk(s) of {rounds.Count} rounds still failing after {options.Value.InvocationBudget}: {failed[0].Failure}. " +
                "Their messages are delivered again; Gamity de-duplicates on roundId.";
            return new BatchOutcome(outcome, undelivered, failure);
        }

        if (invalidCount > 0 || rejected.Count > 0)
        {
            logger.LogWarning("Rounds: {Outcome}; invalid and rejected rounds are in table InvalidRounds", outcome);
        }
        else
        {
            logger.LogDebug("Rounds: {Outcome}", outcome);
        }

        return new BatchOutcome(outcome, undelivered, null);
    }

    /// <summary>Keeps the rounds of (brand, game) pairs in a tournament; returns true when it failed open.</summary>
    private async Task<bool> FilterAsync(List<GameRound> rounds, CancellationToken cancellationToken)
    {
        if (!options.Value.FilterByActiveGames || rounds.Count == 0)
        {
            return false;
        }

        var view = await activeGames.GetCurrentAsync(cancellationToken);
        if (view.IsStale)
        {
            if (failOpenNotice.ShouldWarn(time.GetUtcNow(), activeGamesOptions.Value.StaleAfter))
            {
                logger.LogWarning(
                    "The active-games snapshot is stale (age {Age}); forwarding every round until RefreshActiveGames succeeds again",
                    view.Age?.ToString() ?? "none yet");
            }

            return true;
        }

        KeepActive(rounds, view);
        return false;
    }

    internal static void KeepActive(List<GameRound> rounds, ActiveGamesView view)
    {
        // Ids are ≤100 characters (validated), so their UTF-16 form fits on the stack: no allocation per round.
        Span<char> brand = stackalloc char[RoundRules.MaxIdLength];
        Span<char> game = stackalloc char[RoundRules.MaxIdLength];
        var span = CollectionsMarshal.AsSpan(rounds);
        var kept = 0;
        for (var i = 0; i < span.Length; i++)
        {
            ref readonly var round = ref span[i];
            var brandLength = Encoding.UTF8.GetChars(round.BrandId.Span, brand);
            var gameLength = Encoding.UTF8.GetChars(round.GameId.Span, game);
            if (view.IsActive(brand[..brandLength], game[..gameLength]))
            {
                span[kept++] = round;
            }
        }

        rounds.RemoveRange(kept, rounds.Count - kept);
    }

    private async Task<(int Forwarded, List<InvalidRound> Rejected, List<ChunkResult> Failed, HashSet<int> Undelivered)> ForwardAsync(
        List<GameRound> rounds, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        var chunkCount = (rounds.Count + RoundsOptions.MaxBatchSize - 1) / RoundsOptions.MaxBatchSize;
        var results = new ChunkResult[chunkCount];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, chunkCount),
            new ParallelOptions { MaxDegreeOfParallelism = options.Value.MaxParallelBatches, CancellationToken = cancellationToken },
            async (chunk, ct) =>
            {
                var body = RoundSerializer.ToArray(Chunk(rounds, chunk));
                var result = await gamity.SendBatchAsync(body, deadline, ct);
                metrics.BatchLatency(result.Elapsed);
                results[chunk] = result;
            });

        var forwarded = 0;
        var rejected = new List<InvalidRound>();
        var failed = new List<ChunkResult>();
        var undelivered = new HashSet<int>();
        for (var chunk = 0; chunk < chunkCount; chunk++)
        {
            var result = results[chunk];
            var size = Chunk(rounds, chunk).Length;
            switch (result.Verdict)
            {
                case SendVerdict.Delivered:
                    forwarded += size;
                    break;
                case SendVerdict.Reject:
                    metrics.BatchFailed("rejected");
                    metrics.Rejected(size);
                    var index = 0;
                    foreach (var round in Chunk(rounds, chunk))
                    {
                        rejected.Add(new InvalidRound(round.MessageId, index++, round.RoundIdText, "Gamity refused the batch holding this round: " + result.Failure,
                            Encoding.UTF8.GetString(RoundSerializer.ToArray([round]))));
                    }

                    break;
                default:
                    metrics.BatchFailed("retries exhausted");
                    failed.Add(result);
                    foreach (var round in Chunk(rounds, chunk))
                    {
                        undelivered.Add(round.MessageIndex);
                    }

                    break;
            }
        }

        metrics.Forwarded(forwarded);
        return (forwarded, rejected, failed, undelivered);
    }

    private static ReadOnlySpan<GameRound> Chunk(List<GameRound> rounds, int chunk)
    {
        var start = chunk * RoundsOptions.MaxBatchSize;
        return CollectionsMarshal.AsSpan(rounds).Slice(start, Math.Min(RoundsOptions.MaxBatchSize, rounds.Count - start));
    }
}

/// <summary>What became of a batch: its counts, and the messages (by position) with rounds Gamity did not take in time.</summary>
public sealed record BatchOutcome(RoundsOutcome Outcome, IReadOnlySet<int> Undelivered, string? Failure);

/// <param name="Received">Rounds decoded (valid or not) plus bodies that were not JSON.</param>
/// <param name="FilteredOut">Valid rounds of games without an active tournament on their brand.</param>
/// <param name="Rejected">Rounds in chunks Gamity refused for good (recorded like invalid rounds).</param>
/// <param name="FailedOpen">The snapshot was stale, so nothing was filtered.</param>
public sealed record RoundsOutcome(int Messages, int Received, int Invalid, int FilteredOut, int Forwarded, int Rejected, bool FailedOpen);

/// <summary>Some rounds could not be delivered within the invocation's budget; the invocation must fail.</summary>
public sealed class RoundsForwardingException(string message) : Exception(message);

/// <summary>Rate-limits the "failing open" warning to once per staleness period per instance.</summary>
public sealed class FailOpenNotice
{
    private long lastWarningTicks = long.MinValue;

    public bool ShouldWarn(DateTimeOffset now, TimeSpan period)
    {
        var last = Interlocked.Read(ref lastWarningTicks);
        return (last == long.MinValue || now.UtcTicks - last >= period.Ticks)
            && Interlocked.CompareExchange(ref lastWarningTicks, now.UtcTicks, last) == last;
    }
}
