using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using Gamity.Integration.Input;

namespace Gamity.Integration.Rounds;

/// <summary>
/// Decodes and validates message bodies (one round object, or an array of rounds) with a
/// <see cref="Utf8JsonReader"/>: valid rounds become <see cref="GameRound"/> slices of the body, invalid ones
/// become <see cref="InvalidRound"/> records. A round that cannot be decoded (broken JSON inside it, invalid
/// UTF-8, an unpaired surrogate escape) is an invalid round: the rest of its message goes on. A message whose
/// rounds cannot even be told apart (not JSON, truncated, empty), or that is over the limits, is refused as
/// a whole (<see cref="MessageParse.Refusal"/>). Work and memory per message are bounded by
/// <see cref="RoundLimits"/>, whatever a sender puts in it.
/// </summary>
public sealed class RoundParser(string defaultRoundType, RoundLimits limits)
{
    private const int MaxTimestampLength = 64;
    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 64 };
    private readonly ReadOnlyMemory<byte> defaultRoundType = Encoding.UTF8.GetBytes(defaultRoundType);

    public RoundParser(string defaultRoundType)
        : this(defaultRoundType, RoundLimits.Default)
    {
    }

    /// <summary>Adds the message's valid rounds to <paramref name="valid"/> and its invalid-round records to <paramref name="invalid"/>.</summary>
    /// <param name="messageIndex">The message's position in its batch, kept on each of its rounds.</param>
    public MessageParse Parse(RoundMessage message, List<GameRound> valid, List<InvalidRound> invalid, int messageIndex = 0)
    {
        var body = message.Body;
        if (IsWhiteSpace(body.Span))
        {
            return Refuse(message, invalid, MessageRefusal.Undecodable, "the message body is empty");
        }

        if (body.Length > limits.MaxMessageBytes)
        {
            return Refuse(message, invalid, MessageRefusal.TooLarge, $"the message body is {body.Length} bytes (at most {limits.MaxMessageBytes}, Rounds__MaxMessageBytes)");
        }

        var firstValid = valid.Count;
        var log = new InvalidRoundLog(message.MessageId, messageIndex, invalid, limits.MaxInvalidRecordsPerMessage);
        try
        {
            var tooManyRounds = ParseStrictly(body, valid, ref log);
            if (tooManyRounds is null)
            {
                return log.Close();
            }

            valid.RemoveRange(firstValid, valid.Count - firstValid);
            log.Discard();
            return Refuse(message, invalid, MessageRefusal.TooLarge, tooManyRounds);
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException)
        {
            // Something inside is not JSON: start again, one round at a time, so only the broken round is lost.
            valid.RemoveRange(firstValid, valid.Count - firstValid);
            log.Discard();
        }

        var elements = new List<Range>();
        if (RoundBoundaries.Split(body.Span, limits.MaxRoundsPerMessage, elements) is { } structureError)
        {
            return structureError.TooMany
                ? Refuse(message, invalid, MessageRefusal.TooLarge, structureError.Reason)
                : Refuse(message, invalid, MessageRefusal.Undecodable, "the message body is not valid JSON: " + structureError.Reason);
        }

        for (var index = 0; index < elements.Count; index++)
        {
            ParseElement(body[elements[index]], index, valid, ref log);
        }

        return log.Close();
    }

    /// <summary>The fast path: one reader over the whole body. Returns why the message is too large, or null.</summary>
    private string? ParseStrictly(ReadOnlyMemory<byte> body, List<GameRound> valid, ref InvalidRoundLog log)
    {
        var reader = new Utf8JsonReader(body.Span, ReaderOptions);
        reader.Read();
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                ParseRound(ref reader, body, 0, valid, ref log);
                break;
            case JsonTokenType.StartArray:
                var index = 0;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (index == limits.MaxRoundsPerMessage)
                    {
                        return TooManyRounds(limits.MaxRoundsPerMessage);
                    }

                    if (reader.TokenType == JsonTokenType.StartObject)
                    {
                        ParseRound(ref reader, body, index, valid, ref log);
                    }
                    else
                    {
                        var start = (int)reader.TokenStartIndex;
                        reader.Skip();
                        log.Add(index, null, $"element {index} is not a round object", body, start, (int)reader.BytesConsumed);
                    }

                    index++;
                }

                break;
            default:
                throw new JsonException("the body must be a round object or an array of rounds");
        }

        if (reader.Read())
        {
            throw new JsonException("unexpected content after the first JSON value");
        }

        return null;
    }

    /// <summary>One element of a message that did not parse as a whole, read on its own.</summary>
    private void ParseElement(ReadOnlyMemory<byte> element, int index, List<GameRound> valid, ref InvalidRoundLog log)
    {
        var validBefore = valid.Count;
        var recordsBefore = log.Mark();
        try
        {
            var reader = new Utf8JsonReader(element.Span, ReaderOptions);
            if (!reader.Read())
            {
                log.Add(index, null, $"element {index} is empty", element, 0, 0);
                return;
            }

            if (reader.TokenType == JsonTokenType.StartObject)
            {
                ParseRound(ref reader, element, index, valid, ref log);
            }
            else
            {
                reader.Skip();
                log.Add(index, null, $"element {index} is not a round object", element, 0, element.Length);
            }

            if (reader.Read())
            {
                throw new JsonException("unexpected content after the element");
            }
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException)
        {
            valid.RemoveRange(validBefore, valid.Count - validBefore);
            log.Reset(recordsBefore);
            log.Add(index, RoundIdOf(element.Span), $"element {index} is not valid JSON: {exception.Message}", element, 0, element.Length);
        }
    }

    internal static string TooManyRounds(int maxRounds) =>
        $"the message holds more than {maxRounds} rounds (Rounds__MaxRoundsPerMessage); split it";

    private static MessageParse Refuse(RoundMessage message, List<InvalidRound> invalid, MessageRefusal refusal, string reason)
    {
        invalid.Add(new InvalidRound(message.MessageId, 0, null, reason, Excerpt(message.Body, 0, message.Body.Length)));
        return new MessageParse(1, refusal, reason);
    }

    /// <summary>Best effort, for the record of a round that is not JSON: the text of a plain <c>"roundId":"…"</c> in it.</summary>
    private static string? RoundIdOf(ReadOnlySpan<byte> element)
    {
        var at = element.IndexOf("\"roundId\""u8);
        if (at < 0)
        {
            return null;
        }

        var rest = element[(at + 9)..].TrimStart(" \t\r\n"u8);
        if (rest.IsEmpty || rest[0] != (byte)':')
        {
            return null;
        }

        rest = rest[1..].TrimStart(" \t\r\n"u8);
        if (rest.IsEmpty || rest[0] != (byte)'"')
        {
            return null;
        }

        var length = rest[1..].IndexOfAny((byte)'"', (byte)'\\');
        var value = length > 0 && length <= RoundRules.MaxIdLength ? rest.Slice(1, length) : default;
        return !value.IsEmpty && Utf8.IsValid(value) && !IdentifierRules.HasForbiddenCharacter(value) ? Encoding.UTF8.GetString(value) : null;
    }

    private void ParseRound(ref Utf8JsonReader reader, ReadOnlyMemory<byte> body, int index, List<GameRound> valid, ref InvalidRoundLog log)
    {
        var start = (int)reader.TokenStartIndex;
        ReadOnlyMemory<byte> roundId = default, brandId = default, playerId = default, gameId = default, roundType = default, currency = default;
        DateTimeOffset timestamp = default;
        decimal bet = 0, win = 0;
        bool hasTimestamp = false, hasBet = false, hasWin = false;
        string? error = null;

        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var field = Field(ref reader);
            reader.Read();
            switch (field)
            {
                case RoundField.RoundId: Keep(ref error, ReadId(ref reader, body, "roundId", out roundId)); break;
                case RoundField.BrandId: Keep(ref error, ReadId(ref reader, body, "brandId", out brandId)); break;
                case RoundField.PlayerId: Keep(ref error, ReadId(ref reader, body, "playerId", out playerId)); break;
                case RoundField.GameId: Keep(ref error, ReadId(ref reader, body, "gameId", out gameId)); break;
                // roundType is optional: absent or null both mean the configured default.
                case RoundField.RoundType when reader.TokenType == JsonTokenType.Null: break;
                case RoundField.RoundType: Keep(ref error, ReadId(ref reader, body, "roundType", out roundType)); break;
                case RoundField.Currency: Keep(ref error, ReadCurrency(ref reader, body, out currency)); break;
                case RoundField.Timestamp: hasTimestamp = true; Keep(ref error, ReadTimestamp(ref reader, out timestamp)); break;
                case RoundField.BetAmount: hasBet = true; Keep(ref error, ReadAmount(ref reader, "betAmount", out bet)); break;
                case RoundField.WinAmount: hasWin = true; Keep(ref error, ReadAmount(ref reader, "winAmount", out win)); break;
                default: reader.Skip(); break; // unknown fields are ignored
            }
        }

        error ??= Missing(roundId, "roundId") ?? Missing(brandId, "brandId") ?? Missing(playerId, "playerId") ?? Missing(gameId, "gameId")
            ?? Missing(currency, "currency") ?? (hasTimestamp ? null : "timestamp is missing")
            ?? (hasBet ? null : "betAmount is missing") ?? (hasWin ? null : "winAmount is missing");
        if (error is not null)
        {
            var roundIdText = roundId.IsEmpty ? null : Encoding.UTF8.GetString(roundId.Span);
            log.Add(index, roundIdText, error, body, start, (int)reader.BytesConsumed);
            return;
        }

        valid.Add(new GameRound(roundId, brandId, playerId, gameId, roundType.IsEmpty ? defaultRoundType : roundType, currency, timestamp, bet, win, log.MessageId, log.MessageIndex));
    }

    /// <summary>Keeps the first error, but every field is still read (and a nested value skipped) after one.</summary>
    private static void Keep(ref string? error, string? next) => error ??= next;

    private static RoundField Field(ref Utf8JsonReader reader)
    {
        if (!reader.ValueIsEscaped)
        {
            // Hot path: dispatch on the raw name's length, then one comparison.
            var name = reader.ValueSpan;
            return name.Length switch
            {
                6 when name.SequenceEqual("gameId"u8) => RoundField.GameId,
                7 when name.SequenceEqual("roundId"u8) => RoundField.RoundId,
                7 when name.SequenceEqual("brandId"u8) => RoundField.BrandId,
                8 when name.SequenceEqual("playerId"u8) => RoundField.PlayerId,
                8 when name.SequenceEqual("currency"u8) => RoundField.Currency,
                9 when name.SequenceEqual("timestamp"u8) => RoundField.Timestamp,
                9 when name.SequenceEqual("betAmount"u8) => RoundField.BetAmount,
                9 when name.SequenceEqual("winAmount"u8) => RoundField.WinAmount,
                9 when name.SequenceEqual("roundType"u8) => RoundField.RoundType,
                _ => RoundField.Unknown,
            };
        }

        // An escaped property name (rare): ValueTextEquals unescapes (and throws on an unpaired surrogate escape).
        return EscapedField(ref reader);
    }

    private static RoundField EscapedField(ref Utf8JsonReader reader)
    {
        try
        {
            return EscapedFieldUnchecked(ref reader);
        }
        catch (InvalidOperationException)
        {
            return RoundField.Unknown; // not a name of ours: its value is skipped like any unknown field's
        }
    }

    private static RoundField EscapedFieldUnchecked(ref Utf8JsonReader reader)
    {
        if (reader.ValueTextEquals("roundId"u8)) return RoundField.RoundId;
        if (reader.ValueTextEquals("brandId"u8)) return RoundField.BrandId;
        if (reader.ValueTextEquals("playerId"u8)) return RoundField.PlayerId;
        if (reader.ValueTextEquals("gameId"u8)) return RoundField.GameId;
        if (reader.ValueTextEquals("timestamp"u8)) return RoundField.Timestamp;
        if (reader.ValueTextEquals("betAmount"u8)) return RoundField.BetAmount;
        if (reader.ValueTextEquals("winAmount"u8)) return RoundField.WinAmount;
        if (reader.ValueTextEquals("currency"u8)) return RoundField.Currency;
        if (reader.ValueTextEquals("roundType"u8)) return RoundField.RoundType;
        return RoundField.Unknown;
    }

    /// <summary>An id field; on any error <paramref name="value"/> is empty, so no record ever keeps an id that broke a rule.</summary>
    private static string? ReadId(ref Utf8JsonReader reader, ReadOnlyMemory<byte> body, string name, out ReadOnlyMemory<byte> value)
    {
        var error = CheckId(ref reader, body, name, out value);
        if (error is not null)
        {
            value = default;
        }

        return error;
    }

    private static string? CheckId(ref Utf8JsonReader reader, ReadOnlyMemory<byte> body, string name, out ReadOnlyMemory<byte> value)
    {
        value = default;
        if (reader.TokenType != JsonTokenType.String)
        {
            var kind = reader.TokenType;
            reader.Skip();
            return $"{name} must be a string, not {Describe(kind)}";
        }

        if (!TryGetStringValue(ref reader, body, out value))
        {
            return $"{name} is not valid text (an unpaired surrogate escape such as \\ud800)";
        }

        if (value.IsEmpty || IsWhiteSpace(value.Span))
        {
            return $"{name} is empty";
        }

        // Nearly every id is printable ASCII: one vectorised scan settles both rules below.
        if (value.Span.IndexOfAnyExceptInRange((byte)' ', (byte)'~') >= 0)
        {
            if (!Utf8.IsValid(value.Span))
            {
                return $"{name} is not valid UTF-8";
            }

            if (IdentifierRules.HasForbiddenCharacter(value.Span))
            {
                return $"{name} {IdentifierRules.ForbiddenCharacterReason}";
            }
        }

        var length = value.Length <= RoundRules.MaxIdLength ? value.Length : Encoding.UTF8.GetCharCount(value.Span);
        return length <= RoundRules.MaxIdLength ? null : $"{name} is {length} characters (at most {RoundRules.MaxIdLength})";
    }

    private static string? ReadCurrency(ref Utf8JsonReader reader, ReadOnlyMemory<byte> body, out ReadOnlyMemory<byte> value)
    {
        var error = ReadId(ref reader, body, "currency", out value);
        if (error is not null)
        {
            return error;
        }

        var span = value.Span;
        return span.Length == 3 && IsUpper(span[0]) && IsUpper(span[1]) && IsUpper(span[2])
            ? null
            : $"currency '{Encoding.UTF8.GetString(span.Length > 20 ? span[..20] : span)}' is not a 3-letter ISO 4217 code (e.g. EUR)";

        static bool IsUpper(byte b) => b is >= (byte)'A' and <= (byte)'Z';
    }

    private static string? ReadTimestamp(ref Utf8JsonReader reader, out DateTimeOffset value)
    {
        value = default;
        if (reader.TokenType != JsonTokenType.String)
        {
            var kind = reader.TokenType;
            reader.Skip();
            return $"timestamp must be an ISO-8601 string, not {Describe(kind)}";
        }

        if (!reader.ValueIsEscaped && RoundValueParsers.TryParseUtcTimestamp(reader.ValueSpan, out value))
        {
            return null;
        }

        // Gamity wants UTC (gamity-contract.md §2.2): accept an explicit offset or Z, never a local time without one.
        const string Reason = "timestamp must be ISO-8601 with an offset or Z (e.g. 2022-04-30T04:03:10.200Z)";
        Span<byte> unescaped = stackalloc byte[MaxTimestampLength];
        try
        {
            return reader.ValueSpan.Length > MaxTimestampLength
                || !reader.TryGetDateTimeOffset(out value)
                || !HasOffset(reader.ValueIsEscaped ? unescaped[..reader.CopyString(unescaped)] : reader.ValueSpan)
                ? Reason
                : null;
        }
        catch (InvalidOperationException)
        {
            return Reason; // an escaped timestamp with an unpaired surrogate
        }
    }

    private static bool HasOffset(ReadOnlySpan<byte> text) =>
        text.Length > 6 && (text[^1] is (byte)'Z' or (byte)'z' || (text[^6] is (byte)'+' or (byte)'-' && text[^3] == (byte)':'));

    private static string? ReadAmount(ref Utf8JsonReader reader, string name, out decimal value)
    {
        value = 0;
        if (reader.TokenType != JsonTokenType.Number)
        {
            var kind = reader.TokenType;
            reader.Skip();
            return $"{name} must be a number, not {Describe(kind)}";
        }

        if (RoundValueParsers.TryParsePlainDecimal(reader.ValueSpan, out value))
        {
            return null; // plain digits: never negative
        }

        if (!ExactDecimal.TryParse(reader.ValueSpan, out value))
        {
            return $"{name} {ExactDecimal.NotExactReason}";
        }

        return value < 0 ? $"{name} is negative" : null;
    }

    private static bool TryGetStringValue(ref Utf8JsonReader reader, ReadOnlyMemory<byte> body, out ReadOnlyMemory<byte> value)
    {
        if (!reader.ValueIsEscaped)
        {
            // The token starts at its opening quote.
            value = body.Slice((int)reader.TokenStartIndex + 1, reader.ValueSpan.Length);
            return true;
        }

        var buffer = new byte[reader.ValueSpan.Length]; // rare: escaped text is unescaped into its own array
        try
        {
            value = buffer.AsMemory(0, reader.CopyString(buffer));
            return true;
        }
        catch (InvalidOperationException)
        {
            value = default; // an unpaired surrogate escape: there is no UTF-8 for it
            return false;
        }
    }

    private static bool IsWhiteSpace(ReadOnlySpan<byte> span) => span.IndexOfAnyExcept(" \t\r\n"u8) < 0;


    private static string? Missing(ReadOnlyMemory<byte> value, string name) => value.IsEmpty ? $"{name} is missing" : null;

    private static string Describe(JsonTokenType kind) => kind switch
    {
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        _ => kind.ToString(),
    };

    internal static string Excerpt(ReadOnlyMemory<byte> body, int start, int end)
    {
        var slice = body.Span[start..Math.Min(end, body.Length)];
        var text = Encoding.UTF8.GetString(slice.Length > RoundRules.MaxExcerptLength * 4 ? slice[..(RoundRules.MaxExcerptLength * 4)] : slice);
        return text.Length <= RoundRules.MaxExcerptLength ? text : string.Concat(text.AsSpan(0, RoundRules.MaxExcerptLength), "…");
    }

    private enum RoundField
    {
        Unknown,
        RoundId,
        BrandId,
        PlayerId,
        GameId,
        RoundType,
        Currency,
        Timestamp,
        BetAmount,
        WinAmount,
    }
}
