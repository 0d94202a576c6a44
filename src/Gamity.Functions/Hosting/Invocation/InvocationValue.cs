using System.Globalization;
using System.Text.Json;

namespace Gamity.Functions.Hosting.Invocation;

/// <summary>
/// Reads values as the host really encodes them (custom-handler reference §3.2): strings are JSON-encoded
/// a second time (<c>"\"abc\""</c>), numbers and booleans arrive as strings, arrays arrive as a string
/// holding a JSON array, <c>DateTime</c> arrives without offset (it is UTC). Every reader also accepts the
/// plain form, so hand-written or future payloads decode the same way.
/// </summary>
public static class InvocationValue
{
    public static string? AsString(JsonElement value, string field) => value.ValueKind switch
    {
        JsonValueKind.String => Unwrap(value.GetString()!, field),
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        _ => throw new InvocationFormatException($"'{field}' must be a string, not {Describe(value)}."),
    };

    public static int AsInt(JsonElement value, string field)
    {
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number))
        {
            return number;
        }

        if (value.ValueKind == JsonValueKind.String
            && int.TryParse(Unwrap(value.GetString()!, field), NumberStyles.Integer, CultureInfo.InvariantCulture, out number))
        {
            return number;
        }

        throw new InvocationFormatException($"'{field}' must be an integer, not {Describe(value)}.");
    }

    public static bool AsBool(JsonElement value, string field)
    {
        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return value.GetBoolean();
        }

        if (value.ValueKind == JsonValueKind.String && bool.TryParse(Unwrap(value.GetString()!, field), out var flag))
        {
            return flag;
        }

        throw new InvocationFormatException($"'{field}' must be a boolean, not {Describe(value)}.");
    }

    public static DateTimeOffset? AsTimestamp(JsonElement value, string field)
    {
        if (value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            return null;
        }

        var text = AsString(value, field);
        if (text is null)
        {
            return null;
        }

        // The host writes DateTime values without an offset; they are UTC (reference §3.2).
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var timestamp)
            ? timestamp
            : throw new InvocationFormatException($"'{field}' must be an ISO-8601 timestamp, not '{Excerpt(text)}'.");
    }

    /// <summary>Arrays arrive as a string that holds a JSON array; returns the array's elements.</summary>
    public static JsonElement AsArray(JsonElement value, string field)
    {
        if (value.ValueKind == JsonValueKind.Array)
        {
            return value;
        }

        if (value.ValueKind == JsonValueKind.String)
        {
            var text = Unwrap(value.GetString()!, field);
            try
            {
                using var document = JsonDocument.Parse(text);
                if (document.RootElement.ValueKind == JsonValueKind.Array)
                {
                    return document.RootElement.Clone();
                }
            }
            catch (JsonException)
            {
                // Reported below.
            }
        }

        throw new InvocationFormatException($"'{field}' must be a JSON array (or a string holding one), not {Describe(value)}.");
    }

    /// <summary>If the text is itself a JSON string literal (the host's second encoding), removes that layer.</summary>
    public static string Unwrap(string text, string field)
    {
        if (text.Length >= 2 && text[0] == '"' && text[^1] == '"')
        {
            try
            {
                return JsonSerializer.Deserialize(text, InvocationJsonContext.Default.String)!;
            }
            catch (JsonException)
            {
                throw new InvocationFormatException($"'{field}' looks JSON-encoded but is not a valid JSON string.");
            }
        }

        return text;
    }

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => $"'{Excerpt(value.GetString()!)}'",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        _ => value.ValueKind.ToString().ToLowerInvariant(),
    };

    private static string Excerpt(string text) => text.Length <= 60 ? text : string.Concat(text.AsSpan(0, 60), "…");
}
