using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Gamity.Integration.Rounds;

/// <summary>Writes a chunk of rounds as the body of <c>POST /gamerounds/{integrationId}/batch</c> (gamity-contract.md §2.2).</summary>
public static class RoundSerializer
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    // Pre-encoded property names: the writer copies them instead of checking them for escaping on every round.
    private static readonly JsonEncodedText Timestamp = JsonEncodedText.Encode("timestamp");
    private static readonly JsonEncodedText RoundId = JsonEncodedText.Encode("roundId");
    private static readonly JsonEncodedText BrandId = JsonEncodedText.Encode("brandId");
    private static readonly JsonEncodedText PlayerId = JsonEncodedText.Encode("playerId");
    private static readonly JsonEncodedText GameId = JsonEncodedText.Encode("gameId");
    private static readonly JsonEncodedText RoundType = JsonEncodedText.Encode("roundType");
    private static readonly JsonEncodedText Currency = JsonEncodedText.Encode("currency");
    private static readonly JsonEncodedText BetAmount = JsonEncodedText.Encode("betAmount");
    private static readonly JsonEncodedText WinAmount = JsonEncodedText.Encode("winAmount");

    public static void Write(IBufferWriter<byte> output, ReadOnlySpan<GameRound> rounds)
    {
        using var writer = new Utf8JsonWriter(output, WriterOptions);
        writer.WriteStartArray();
        foreach (ref readonly var round in rounds)
        {
            writer.WriteStartObject();
            // Always UTC with a Z, whatever offset the casino sent: Gamity's field is a UTC time.
            writer.WriteString(Timestamp, round.Timestamp.UtcDateTime);
            writer.WriteString(RoundId, round.RoundId.Span);
            writer.WriteString(BrandId, round.BrandId.Span);
            writer.WriteString(PlayerId, round.PlayerId.Span);
            writer.WriteString(GameId, round.GameId.Span);
            writer.WriteString(RoundType, round.RoundType.Span);
            writer.WriteString(Currency, round.Currency.Span);
            writer.WriteNumber(BetAmount, round.BetAmount);
            writer.WriteNumber(WinAmount, round.WinAmount);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    public static byte[] ToArray(ReadOnlySpan<GameRound> rounds)
    {
        var buffer = new ArrayBufferWriter<byte>(rounds.Length * 256 + 2);
        Write(buffer, rounds);
        return buffer.WrittenSpan.ToArray();
    }
}
