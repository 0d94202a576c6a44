using System.Text.Json;

namespace Gamity.Functions.Hosting.Invocation;

/// <summary>
/// The body the Functions host POSTs to <c>/{FunctionName}</c>: <c>Data</c> (one entry per input binding)
/// and <c>Metadata</c> (trigger metadata plus <c>sys</c>). See custom-handler reference §3.
/// </summary>
public sealed class InvocationRequest
{
    private InvocationRequest(JsonElement data, JsonElement metadata)
    {
        Data = data;
        Metadata = metadata;
    }

    public JsonElement Data { get; }

    public JsonElement Metadata { get; }

    /// <summary>Parses the host's payload; anything that is not an object with a <c>Data</c> object is refused.</summary>
    public static InvocationRequest Parse(JsonDocument document)
    {
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new InvocationFormatException("The invocation body must be a JSON object with 'Data' and 'Metadata'.");
        }

        if (!TryGetPropertyIgnoreCase(root, "Data", out var data) || data.ValueKind != JsonValueKind.Object)
        {
            throw new InvocationFormatException("The invocation body has no 'Data' object.");
        }

        if (!TryGetPropertyIgnoreCase(root, "Metadata", out var metadata) || metadata.ValueKind != JsonValueKind.Object)
        {
            // The host always sends Metadata (at least 'sys'); tolerate its absence for hand-made calls.
            metadata = EmptyObject;
        }

        return new InvocationRequest(data, metadata);
    }

    public JsonElement RequireData(string bindingName) =>
        TryGetPropertyIgnoreCase(Data, bindingName, out var value) && value.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined)
            ? value
            : throw new InvocationFormatException($"The invocation has no 'Data.{bindingName}' (the trigger binding).");

    public JsonElement? Meta(string key) =>
        TryGetPropertyIgnoreCase(Metadata, key, out var value) && value.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined)
            ? value
            : null;

    internal static bool TryGetPropertyIgnoreCase(JsonElement obj, string name, out JsonElement value)
    {
        if (obj.ValueKind == JsonValueKind.Object)
        {
            if (obj.TryGetProperty(name, out value))
            {
                return true;
            }

            foreach (var property in obj.EnumerateObject())
            {
                if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
                {
                    value = property.Value;
                    return true;
                }
            }
        }

        value = default;
        return false;
    }

    private static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement.Clone();
}

/// <summary>The invocation payload does not have the shape the host sends; answered with 400, never 500.</summary>
public sealed class InvocationFormatException(string message) : Exception(message);
