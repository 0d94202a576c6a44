using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Unicode;
using Gamity.Integration.Access;
using Gamity.Integration.Defaults;
using Gamity.Integration.GamityApi;

namespace Gamity.Integration.Input;

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

    /// <summary>
    /// Reads at most <see cref="MaxBodyBytes"/>. A body that is not one JSON object is <see cref="InboundBody.Invalid"/>;
    /// a larger one is <see cref="InboundBody.TooLarge"/> (answered 413).
    /// </summary>
    public static async Task<InboundBody> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var (buffer, tooLarge) = await BoundedBody.ReadAsync(request, MaxBodyBytes, cancellationToken);
        if (tooLarge)
        {
            return InboundBody.TooLarge(MaxBodyBytes);
        }

        try
        {
            var document = JsonDocument.Parse(buffer, DocumentOptions);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                return new InboundBody(document, null, false);
            }

            document.Dispose();
            return InboundBody.Invalid("the body must be a JSON object");
        }
        catch (JsonException exception)
        {
            return InboundBody.Invalid("the body is not valid JSON: " + exception.Message);
        }
        catch (InvalidOperationException exception)
        {
            // Comparing escaped property names for duplicates unescapes them; an unpaired surrogate escape throws here.
            return InboundBody.Invalid("the body holds a property name that is not valid text: " + exception.Message);
        }
    }

    public static InboundRequestReader For(JsonDocument document) => new(document.RootElement);

    /// <summary>An identifier (brand, player, game…): at most <paramref name="maxLength"/> characters, no control or bidirectional characters.</summary>
    public string? RequiredString(string name, int maxLength = MaxIdLength) => Identifier(String(name, maxLength, required: true), name);

    public string? OptionalString(string name, int maxLength) => Identifier(String(name, maxLength, required: false), name);

    /// <summary>Display text (a promotion's name): any decodable text, right-to-left marks included.</summary>
    public string? OptionalText(string name, int maxLength) => String(name, maxLength, required: false);

    /// <summary>An id Gamity may send as a string or a number (e.g. <c>payoutId: "100200"</c>).</summary>
    public string? RequiredStringOrNumber(string name)
    {
        if (Property(name) is { ValueKind: JsonValueKind.Number } number)
        {
            return number.GetRawText().Length <= MaxIdLength ? number.GetRawText() : Fail(name, $"is longer than {MaxIdLength} characters");
        }

        return RequiredString(name);
    }

    /// <summary>
    /// A UUID in its canonical form (lower case, hyphenated). UUIDs are case-insensitive (RFC 9562): the canonical
    /// form is what becomes a record key, a request-hash input and the wallet's idempotency key, so the same ref in
    /// another letter case is the same operation.
    /// </summary>
    public string? RequiredUuid(string name)
    {
        var value = RequiredString(name, 36);
        return value is null ? null
            : CanonicalUuid(value) is { } canonical ? canonical
            : Fail(name, "must be a UUID (e.g. 0e17e833-a4db-41d0-83d1-adb539631864)");
    }

    /// <summary>The canonical form of a hyphenated UUID in any letter case; null when <paramref name="value"/> is not one.</summary>
    public static string? CanonicalUuid(string value) => Guid.TryParseExact(value, "D", out var uuid) ? uuid.ToString("D") : null;

    /// <summary>A positive decimal amount, never read through <c>double</c>.</summary>
    public decimal? RequiredAmount(string name)
    {
        switch (Property(name))
        {
            case null:
                Fail(name, "is required");
                return null;
            case { ValueKind: JsonValueKind.Number } number when ExactDecimal.TryParse(JsonMarshal.GetRawUtf8Value(number), out var amount):
                return amount > 0 ? amount : FailNull<decimal>(name, "must be greater than 0");
            case { ValueKind: JsonValueKind.Number }:
                return FailNull<decimal>(name, ExactDecimal.NotExactReason);
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

    /// <summary>An optional object; its raw text is kept (bounded by the body limit), so it must be valid UTF-8.</summary>
    public string? OptionalObject(string name) => Property(name) switch
    {
        null or { ValueKind: JsonValueKind.Null } => null,
        { ValueKind: JsonValueKind.Object } value when Utf8.IsValid(JsonMarshal.GetRawUtf8Value(value)) => value.GetRawText(),
        { ValueKind: JsonValueKind.Object } => Fail(name, "is not valid UTF-8"),
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
                if (!TryGetText(text, out var value))
                {
                    return Fail(name, "is not valid text (invalid UTF-8, or an unpaired surrogate escape such as \\ud800)");
                }

                if (string.IsNullOrWhiteSpace(value))
                {
                    return required ? Fail(name, "must not be empty") : null;
                }

                return value.Length <= maxLength ? value : Fail(name, $"is {value.Length} characters (at most {maxLength})");
            case { } other:
                return Fail(name, $"must be a string, not {Describe(other)}");
        }
    }

    private static bool TryGetText(JsonElement text, out string value)
    {
        try
        {
            value = text.GetString()!;
            return true;
        }
        catch (InvalidOperationException)
        {
            // JsonDocument does not validate string contents: GetString throws on invalid UTF-8 and unpaired surrogates.
            value = string.Empty;
            return false;
        }
    }

    private string? Identifier(string? value, string name) =>
        value is not null && IdentifierRules.HasForbiddenCharacter(value) ? Fail(name, IdentifierRules.ForbiddenCharacterReason) : value;

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

/// <summary>An inbound body: the parsed document, or why there is none.</summary>
public sealed record InboundBody(JsonDocument? Document, string? Error, bool IsTooLarge)
{
    public static InboundBody Invalid(string error) => new(null, error, false);

    public static InboundBody TooLarge(int limit) => new(null, $"the body is larger than {limit} bytes", true);
}
