using System.Text.Json.Serialization;

namespace Gamity.Functions.Hosting.Invocation;

/// <summary>
/// The answer to the host (reference §4.1). Always at least <c>{}</c>: an empty 2xx body makes the host
/// wait until the function timeout. No output binding is used, so no value can be mistaken for base64 (§4.2).
/// </summary>
public sealed class InvocationResult
{
    [JsonPropertyName("Outputs")]
    public Dictionary<string, string> Outputs { get; init; } = [];

    [JsonPropertyName("Logs")]
    public List<string> Logs { get; init; } = [];

    [JsonPropertyName("ReturnValue")]
    public string? ReturnValue { get; init; }

    public static InvocationResult WithLog(string line) => new() { Logs = [line] };
}

[JsonSerializable(typeof(InvocationResult))]
[JsonSerializable(typeof(string))]
internal sealed partial class InvocationJsonContext : JsonSerializerContext;
