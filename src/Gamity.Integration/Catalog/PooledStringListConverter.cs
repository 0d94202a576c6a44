using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Gamity.Integration.Catalog;

/// <summary>
/// Reads <c>enabledBrandRefs</c> with one shared string per distinct brand ref: a 50,000-game catalog names a
/// few hundred brands about a million times, and materialising each occurrence as its own string was most of
/// the sync's memory (docs/benchmarks.md).
/// </summary>
public sealed class PooledStringListConverter : JsonConverter<List<string>>
{
    private const int MaxPooledLength = 128;
    private const int MaxPoolSize = 100_000;
    private static readonly ConcurrentDictionary<string, string> Pool = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> PoolBySpan = Pool.GetAlternateLookup<ReadOnlySpan<char>>();

    public override List<string>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException("expected an array of strings");
        }

        var list = new List<string>();
        Span<char> buffer = stackalloc char[MaxPooledLength];
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.String)
            {
                throw new JsonException("expected an array of strings");
            }

            var length = reader.HasValueSequence || reader.ValueSpan.Length > MaxPooledLength ? -1 : reader.CopyString(buffer);
            if (length < 0)
            {
                list.Add(reader.GetString()!);
            }
            else if (PoolBySpan.TryGetValue(buffer[..length], out var pooled))
            {
                list.Add(pooled);
            }
            else
            {
                var text = new string(buffer[..length]);
                list.Add(Pool.Count < MaxPoolSize ? Pool.GetOrAdd(text, text) : text);
            }
        }

        return list;
    }

    public override void Write(Utf8JsonWriter writer, List<string> value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        foreach (var item in value)
        {
            writer.WriteStringValue(item);
        }

        writer.WriteEndArray();
    }
}
