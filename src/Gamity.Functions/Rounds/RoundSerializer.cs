using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Gamity.Functions.Rounds;

/// <summary>Writes a chunk of rounds as the body of <c>POST /gamerounds/{integrationId}/batch</c> (contract §2.2).</summary>
public static class RoundSerializer
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    public static void Write(IBufferWriter<byte> output, ReadOnlySpan<GameRound> rounds)
    {
        using var writer = new Utf8JsonWriter(output, WriterOptions);
        writer.WriteStartArray();
        foreach (ref readonly var round in rounds)
        {
            writer.WriteStartObject();
            // Always UTC with a Z, whatever offset the casino sent: Gamity's field is a UTC time.
            writer.WriteString("timestamp"u8, round.Timestamp.ToUniversalTime().UtcDateTime);
            writer.WriteString("roundId"u8, round.RoundId.Span);
            writer.WriteString("brandId"u8, round.BrandId.Span);
            writer.WriteString("playerId"u8, round.PlayerId.Span);
            writer.WriteString("gameId"u8, round.GameId.Span);
            writer.WriteString("roundType"u8, round.RoundType.Span);
            writer.WriteString("currency"u8, round.Currency.Span);
            writer.WriteNumber("betAmount"u8, round.BetAmount);
            writer.WriteNumber("winAmount"u8, round.WinAmount);
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
