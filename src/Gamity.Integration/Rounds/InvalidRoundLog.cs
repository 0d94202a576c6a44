namespace Gamity.Integration.Rounds;

/// <summary>How many bytes, rounds and invalid-round records one message may cost (README, "Rounds limits").</summary>
public sealed record RoundLimits(int MaxMessageBytes, int MaxRoundsPerMessage, int MaxInvalidRecordsPerMessage)
{
    public static readonly RoundLimits Default = new(1024 * 1024, 5_000, 100);
}

/// <summary>Why a message was refused as a whole rather than round by round.</summary>
public enum MessageRefusal
{
    None,

    /// <summary>Empty, not JSON, truncated: its rounds cannot be told apart (<c>POST /api/rounds</c>: 400).</summary>
    Undecodable,

    /// <summary>Over <see cref="RoundLimits"/> (<c>POST /api/rounds</c>: 413).</summary>
    TooLarge,
}

/// <summary>What parsing one message gave: how many of its rounds were invalid, or why it was refused whole.</summary>
public readonly record struct MessageParse(int InvalidRounds, MessageRefusal Refusal, string? Reason);

/// <summary>
/// The invalid rounds of one message: the first <c>cap</c> are recorded one by one, the rest are counted and
/// summarised in one more record, so a message of garbage costs a bounded number of rows and bytes.
/// </summary>
internal struct InvalidRoundLog(string? messageId, int messageIndex, List<InvalidRound> records, int cap)
{
    private readonly int firstRecord = records.Count;
    private State state;

    public readonly string? MessageId => messageId;

    public readonly int MessageIndex => messageIndex;

    public void Add(int index, string? roundId, string reason, ReadOnlyMemory<byte> body, int start, int end)
    {
        state.Invalid++;
        if (records.Count - firstRecord < cap)
        {
            records.Add(new InvalidRound(messageId, index, roundId, reason, RoundParser.Excerpt(body, start, end)));
            return;
        }

        if (state.Omitted++ == 0)
        {
            state.FirstOmittedIndex = index;
            state.FirstOmittedReason = reason;
        }
    }

    /// <summary>Where the log stands, to undo one round's entries (<see cref="Reset"/>).</summary>
    public readonly (int Records, State State) Mark() => (records.Count, state);

    public void Reset((int Records, State State) mark)
    {
        records.RemoveRange(mark.Records, records.Count - mark.Records);
        state = mark.State;
    }

    /// <summary>Forgets everything logged for this message.</summary>
    public void Discard() => Reset((firstRecord, default));

    public readonly MessageParse Close()
    {
        if (state.Omitted > 0)
        {
            records.Add(new InvalidRound(messageId, state.FirstOmittedIndex, null,
                $"{state.Omitted} more invalid round(s) in this message are counted but not recorded one by one (at most {cap} per message, Rounds__MaxInvalidRecordsPerMessage); the first of them, element {state.FirstOmittedIndex}: {state.FirstOmittedReason}",
                string.Empty));
        }

        return new MessageParse(state.Invalid, MessageRefusal.None, null);
    }

    internal struct State
    {
        public int Invalid;
        public int Omitted;
        public int FirstOmittedIndex;
        public string? FirstOmittedReason;
    }
}
