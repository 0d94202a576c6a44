using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace Gamity.Functions.Rounds;

/// <summary>
/// Decodes and validates message bodies (one round object, or an array of rounds) with a
/// <see cref="Utf8JsonReader"/>: valid rounds become <see cref="GameRound"/> slices of the body, invalid ones
/// become <see cref="InvalidRound"/> records. A body that is not JSON at all is one invalid record.
/// </summary>
public sealed class RoundParser(string defaultRoundType)
{
    private const int MaxTimestampLength = 64;
    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 64 };
    private readonly ReadOnlyMemory<byte> defaultRoundType = Encoding.UTF8.GetBytes(defaultRoundType);

    public void Parse(RoundMessage message, List<GameRound> valid, List<InvalidRound> invalid)
    {
        var firstValid = valid.Count;
        var firstInvalid = invalid.Count;
        var body = message.Body;
        if (IsWhiteSpace(body.Span))
        {
            invalid.Add(new InvalidRound(message.MessageId, 0, null, "the message body is empty", string.Empty));
            return;
        }

        var reader = new Utf8JsonReader(body.Span, ReaderOptions);
        try
        {
            reader.Read();

            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject:
                    ParseRound(ref reader, body, message.MessageId, 0, valid, invalid);
                    break;
                case JsonTokenType.StartArray:
                    var index = 0;
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        if (reader.TokenType == JsonTokenType.StartObject)
                        {
                            ParseRound(ref reader, body, message.MessageId, index, valid, invalid);
                        }
                        else
                        {
                            var start = (int)reader.TokenStartIndex;
                            reader.Skip();
                            invalid.Add(new InvalidRound(message.MessageId, index, null, $"element {index} is not a round object", Excerpt(body, start, (int)reader.BytesConsumed)));
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
        }
        catch (JsonException exception)
        {
            // A broken body is recorded whole: none of its rounds is forwarded, so a fixed resend is not half-duplicated.
            valid.RemoveRange(firstValid, valid.Count - firstValid);
            invalid.RemoveRange(firstInvalid, invalid.Count - firstInvalid);
            invalid.Add(new InvalidRound(message.MessageId, 0, null, "the message body is not valid JSON: " + exception.Message, Excerpt(body, 0, body.Length)));
        }
    }

    private void ParseRound(ref Utf8JsonReader reader, ReadOnlyMemory<byte> body, string? messageId, int index, List<GameRound> valid, List<InvalidRound> invalid)
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
            invalid.Add(new InvalidRound(messageId, index, roundIdText, error, Excerpt(body, start, (int)reader.BytesConsumed)));
            return;
        }

        valid.Add(new GameRound(roundId, brandId, playerId, gameId, roundType.IsEmpty ? defaultRoundType : roundType, currency, timestamp, bet, win, messageId));
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

        // An escaped property name (rare): ValueTextEquals unescapes.
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

    private static string? ReadId(ref Utf8JsonReader reader, ReadOnlyMemory<byte> body, string name, out ReadOnlyMemory<byte> value)
    {
        value = default;
        if (reader.TokenType != JsonTokenType.String)
        {
            var kind = reader.TokenType;
            reader.Skip();
            return $"{name} must be a string, not {Describe(kind)}";
        }

        value = StringValue(ref reader, body);
        if (value.IsEmpty || IsWhiteSpace(value.Span))
        {
            return $"{name} is empty";
        }

        if (!Utf8.IsValid(value.Span))
        {
            return $"{name} is not valid UTF-8";
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

        // Gamity wants UTC (contract §2.2): accept an explicit offset or Z, never a local time without one.
        Span<byte> unescaped = stackalloc byte[MaxTimestampLength];
        if (reader.ValueSpan.Length > MaxTimestampLength
            || !reader.TryGetDateTimeOffset(out value)
            || !HasOffset(reader.ValueIsEscaped ? unescaped[..reader.CopyString(unescaped)] : reader.ValueSpan))
        {
            return "timestamp must be ISO-8601 with an offset or Z (e.g. 2022-04-30T04:03:10.200Z)";
        }

        return null;
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

        if (!reader.TryGetDecimal(out value))
        {
            return $"{name} is not a decimal number in range";
        }

        return value < 0 ? $"{name} is negative" : null;
    }

    private static ReadOnlyMemory<byte> StringValue(ref Utf8JsonReader reader, ReadOnlyMemory<byte> body)
    {
        if (!reader.ValueIsEscaped)
        {
            // The token starts at its opening quote.
            return body.Slice((int)reader.TokenStartIndex + 1, reader.ValueSpan.Length);
        }

        var buffer = new byte[reader.ValueSpan.Length]; // rare: escaped text is unescaped into its own array
        var written = reader.CopyString(buffer);
        return buffer.AsMemory(0, written);
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

    private static string Excerpt(ReadOnlyMemory<byte> body, int start, int end)
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
