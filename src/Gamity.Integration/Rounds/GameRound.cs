using System.Text;

namespace Gamity.Integration.Rounds;

/// <summary>
/// One valid round, in Gamity's round schema (docs/gamity-contract.md, game rounds). <see cref="MessageIndex"/> is
/// the position of its message in the batch, so a drain settles each message by what became of its own rounds. The id fields are unescaped UTF-8 slices of the
/// message body, so decoding a round allocates nothing (ADR 0005: no per-round allocations on the hot path).
/// </summary>
public readonly record struct GameRound(
    ReadOnlyMemory<byte> RoundId,
    ReadOnlyMemory<byte> BrandId,
    ReadOnlyMemory<byte> PlayerId,
    ReadOnlyMemory<byte> GameId,
    ReadOnlyMemory<byte> RoundType,
    ReadOnlyMemory<byte> Currency,
    DateTimeOffset Timestamp,
    decimal BetAmount,
    decimal WinAmount,
    string? MessageId,
    int MessageIndex = 0)
{
    public string RoundIdText => Encoding.UTF8.GetString(RoundId.Span);
}

/// <summary>A round (or a message) that cannot be forwarded: recorded with its reason, never retried.</summary>
public sealed record InvalidRound(string? MessageId, int Index, string? RoundId, string Reason, string Excerpt);

/// <summary>One message of a trigger invocation: its body as UTF-8 and the transport's message id.</summary>
public readonly record struct RoundMessage(ReadOnlyMemory<byte> Body, string? MessageId)
{
    public static RoundMessage FromText(string body, string? messageId) => new(Encoding.UTF8.GetBytes(body), messageId);
}

/// <summary>The validation rules of a round, in one place.</summary>
public static class RoundRules
{
    /// <summary>Gamity limits ids to 100 characters (gamity-contract.md §4; applied to every round id field).</summary>
    public const int MaxIdLength = 100;

    /// <summary>Longest excerpt of an invalid round's JSON kept with its record.</summary>
    public const int MaxExcerptLength = 512;
}
