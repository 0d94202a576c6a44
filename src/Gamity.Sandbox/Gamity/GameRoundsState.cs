using System.Collections.Concurrent;
using System.Diagnostics;
using Gamity.Sandbox.Shared;

namespace Gamity.Sandbox.Gamity;

/// <summary>
/// The game rounds the fake Gamity received (gamity-contract.md §2.2), de-duplicated by <c>roundId</c>, plus the
/// counters <c>GET /sandbox/gamity/rounds/summary</c> shows. Lock-free on the hot path: a
/// <see cref="ConcurrentDictionary{TKey,TValue}"/> and <see cref="Interlocked"/> counters.
/// </summary>
public sealed class GameRoundsState : IResettableState
{
    private static readonly long ReportInterval = Stopwatch.Frequency * 10;

    private readonly ConcurrentDictionary<string, StoredRound> rounds = new(StringComparer.Ordinal);
    private long duplicates;
    private long batches;
    private long singles;
    private long rejected;
    private long heldOpen;
    private long nextReportAt;

    /// <summary>Stores the round unless its id is already held (the first one wins).</summary>
    /// <returns>False for a duplicate, which is counted and otherwise ignored.</returns>
    public bool TryAdd(string roundId, StoredRound round)
    {
        if (rounds.TryAdd(roundId, round))
        {
            return true;
        }

        Interlocked.Increment(ref duplicates);
        return false;
    }

    public bool TryGet(string roundId, out StoredRound round) => rounds.TryGetValue(roundId, out round);

    public string[] Ids() => [.. rounds.Keys];

    /// <summary>One accepted call of <c>/batch</c> (<paramref name="batch"/>) or <c>/single</c>.</summary>
    public void CountAccepted(bool batch) => Interlocked.Increment(ref batch ? ref batches : ref singles);

    /// <summary>One call answered with a 4xx or 5xx status.</summary>
    public void CountRejected() => Interlocked.Increment(ref rejected);

    /// <summary>One call whose rounds were stored but whose answer was held back (<c>acceptThenTimeoutRate</c>).</summary>
    public void CountHeldOpen() => Interlocked.Increment(ref heldOpen);

    public RoundsSummary Summary() => new(
        rounds.Count,
        Interlocked.Read(ref duplicates),
        Interlocked.Read(ref batches),
        Interlocked.Read(ref singles),
        Interlocked.Read(ref rejected),
        Interlocked.Read(ref heldOpen));

    /// <summary>True for at most one caller every ten seconds, so a console summary line stays rare.</summary>
    public bool TakeReportTurn()
    {
        var now = Stopwatch.GetTimestamp();
        var due = Interlocked.Read(ref nextReportAt);
        return now >= due && Interlocked.CompareExchange(ref nextReportAt, now + ReportInterval, due) == due;
    }

    /// <summary>Drops every round and zeroes the counters (round faults are separate state).</summary>
    public void Reset()
    {
        rounds.Clear();
        Interlocked.Exchange(ref duplicates, 0);
        Interlocked.Exchange(ref batches, 0);
        Interlocked.Exchange(ref singles, 0);
        Interlocked.Exchange(ref rejected, 0);
        Interlocked.Exchange(ref heldOpen, 0);
        Interlocked.Exchange(ref nextReportAt, 0);
    }
}

/// <summary>
/// One round exactly as received: its JSON object's bytes, a slice of the request body it came in
/// (one allocation per call rather than one per round).
/// </summary>
public readonly record struct StoredRound(ReadOnlyMemory<byte> Json);

/// <summary>
/// Answer of <c>GET /sandbox/gamity/rounds/summary</c>. <c>Count</c> is distinct rounds held;
/// <c>Batches</c>/<c>Singles</c> are accepted calls of each endpoint (held-open ones included);
/// <c>Rejected</c> is calls answered 4xx/5xx; <c>HeldOpen</c> is calls whose answer was withheld.
/// </summary>
public sealed record RoundsSummary(int Count, long Duplicates, long Batches, long Singles, long Rejected, long HeldOpen);
