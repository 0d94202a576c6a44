using System.Globalization;
using System.Text.Json;

namespace Gamity.Functions.Inbound;

/// <summary>
/// Reads and validates one inbound JSON body field by field, collecting every problem (for a problem+json 400
/// that names each field). Unknown fields are ignored; duplicate fields and deep nesting are refused.
/// </summary>
public sealed class InboundRequestReader
{
    public const int MaxBodyBytes = 64 * 1024;
    public const int MaxIdLength = 100;
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 16, AllowDuplicateProperties = false };
    private readonly JsonElement root;

    private InboundRequestReader(JsonElement root) => this.root = root;

    public Dictionary<string, string[]> Errors { get; } = new(StringComparer.Ordinal);

    public bool IsValid => Errors.Count == 0;

    /// <summary>Reads at most <see cref="MaxBodyBytes"/>; null with <paramref name="error"/> set when the body is not a JSON object.</summary>
    public static async Task<(JsonDocument? Document, string? Error)> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            return (null, $"the body is larger than {MaxBodyBytes} bytes");
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return (null, $"the body is larger than {MaxBodyBytes} bytes");
            }

            buffer.Write(chunk, 0, read);
        }

        try
        {
            var document = JsonDocument.Parse(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), DocumentOptions);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                return (document, null);
            }

            document.Dispose();
            return (null, "the body must be a JSON object");
        }
        catch (JsonException exception)
        {
            return (null, "the body is not valid JSON: " + exception.Message);
        }
    }

    public static InboundRequestReader For(JsonDocument document) => new(document.RootElement);

    public string? RequiredString(string name, int maxLength = MaxIdLength) => String(name, maxLength, required: true);

    public string? OptionalString(string name, int maxLength) => String(name, maxLength, required: false);

    /// <summary>An id Gamity may send as a string or a number (e.g. <c>payoutId: "100200"</c>).</summary>
    public string? RequiredStringOrNumber(string name)
    {
        if (Property(name) is { ValueKind: JsonValueKind.Number } number)
        {
            return number.GetRawText().Length <= MaxIdLength ? number.GetRawText() : Fail(name, $"is longer than {MaxIdLength} characters");
        }

        return RequiredString(name);
    }

    public string? RequiredUuid(string name)
    {
        var value = RequiredString(name, 36);
        return value is null || Guid.TryParseExact(value, "D", out _) ? value : Fail(name, "must be a UUID (e.g. 0e17e833-a4db-41d0-83d1-adb539631864)");
    }

    /// <summary>A positive decimal amount, never read through <c>double</c>.</summary>
    public decimal? RequiredAmount(string name)
    {
        switch (Property(name))
        {
            case null:
                Fail(name, "is required");
                return null;
            case { ValueKind: JsonValueKind.Number } number when number.TryGetDecimal(out var amount):
                return amount > 0 ? amount : FailNull<decimal>(name, "must be greater than 0");
            case { ValueKind: JsonValueKind.Number }:
                return FailNull<decimal>(name, "is not a decimal number in range");
            case { } other:
                return FailNull<decimal>(name, $"must be a number, not {Describe(other)}");
        }
    }

    public int? Integer(string name, bool required, int min, int max)
    {
        switch (Property(name))
        {
            case null:
                return required ? FailNull<int>(name, "is required") : null;
            case { ValueKind: JsonValueKind.Number } number when number.TryGetInt32(out var value):
                return value >= min && value <= max ? value : FailNull<int>(name, $"must be between {min} and {max}");
            case { } other:
                return FailNull<int>(name, $"must be a whole number between {min} and {max}, not {(other.ValueKind == JsonValueKind.Number ? other.GetRawText() : Describe(other))}");
        }
    }

    public string? RequiredEnum(string name, params string[] allowed)
    {
        var value = RequiredString(name, 32);
        return value is null || allowed.Contains(value, StringComparer.Ordinal) ? value : Fail(name, $"must be one of {string.Join(", ", allowed)}");
    }

    public string? RequiredCurrency(string name)
    {
        var value = RequiredString(name, 3);
        return value is null || (value.Length == 3 && value.All(c => c is >= 'A' and <= 'Z')) ? value : Fail(name, "must be a 3-letter ISO 4217 code (e.g. EUR)");
    }

    /// <summary>An optional object; its raw text is kept (bounded by the body limit).</summary>
    public string? OptionalObject(string name) => Property(name) switch
    {
        null or { ValueKind: JsonValueKind.Null } => null,
        { ValueKind: JsonValueKind.Object } value => value.GetRawText(),
        { } other => Fail(name, $"must be an object, not {Describe(other)}"),
    };

    public void Require(bool condition, string name, string reason)
    {
        if (!condition)
        {
            Fail(name, reason);
        }
    }

    private string? String(string name, int maxLength, bool required)
    {
        switch (Property(name))
        {
            case null or { ValueKind: JsonValueKind.Null }:
                return required ? Fail(name, "is required") : null;
            case { ValueKind: JsonValueKind.String } text:
                var value = text.GetString()!;
                if (string.IsNullOrWhiteSpace(value))
                {
                    return required ? Fail(name, "must not be empty") : null;
                }

                return value.Length <= maxLength ? value : Fail(name, $"is {value.Length} characters (at most {maxLength})");
            case { } other:
                return Fail(name, $"must be a string, not {Describe(other)}");
        }
    }

    private JsonElement? Property(string name) => root.TryGetProperty(name, out var value) ? value : null;

    private string? Fail(string name, string reason)
    {
        Errors[name] = [.. Errors.GetValueOrDefault(name, []), $"{name} {reason}"];
        return null;
    }

    private T? FailNull<T>(string name, string reason)
        where T : struct
    {
        Fail(name, reason);
        return null;
    }

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        _ => value.ValueKind.ToString(),
    };

    /// <summary>A decimal's canonical text (10.250 and 10.25 hash the same).</summary>
    public static string Canonical(decimal value) => value.ToString("0.############################", CultureInfo.InvariantCulture);
}
