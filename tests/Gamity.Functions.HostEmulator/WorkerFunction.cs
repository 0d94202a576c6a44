using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Gamity.Functions.HostEmulator.Rpc;

namespace Gamity.Functions.HostEmulator;

/// <summary>A function the worker reported and loaded: its id, its bindings (as the worker indexed them) and its trigger.</summary>
public sealed class WorkerFunction
{
    private readonly Regex? route;

    public WorkerFunction(RpcFunctionMetadata metadata, string routePrefix)
    {
        Metadata = metadata;
        Id = string.IsNullOrEmpty(metadata.FunctionId) ? Guid.NewGuid().ToString() : metadata.FunctionId;
        Bindings = [.. metadata.RawBindings.Select(raw => JsonNode.Parse(raw)!.AsObject())];
        Trigger = Bindings.Single(b => ((string?)b["type"])?.EndsWith("Trigger", StringComparison.OrdinalIgnoreCase) == true);
        if (TriggerType == "httpTrigger")
        {
            Methods = [.. (Trigger["methods"]?.AsArray() ?? []).Select(m => ((string)m!).ToUpperInvariant())];
            route = RouteTemplate($"{routePrefix}/{(string?)Trigger["route"] ?? Name}");
        }
    }

    public RpcFunctionMetadata Metadata { get; }

    public string Name => Metadata.Name;

    public string Id { get; }

    public IReadOnlyList<JsonObject> Bindings { get; }

    public JsonObject Trigger { get; }

    public string TriggerType => (string)Trigger["type"]!;

    public string TriggerName => (string)Trigger["name"]!;

    /// <summary>HTTP functions: the methods they take (none listed = any).</summary>
    public IReadOnlyList<string> Methods { get; } = [];

    /// <summary>Input bindings other than the trigger (e.g. <c>durableClient</c>).</summary>
    public IEnumerable<JsonObject> OtherInputs => Bindings.Where(b => b != Trigger && string.Equals((string?)b["direction"], "In", StringComparison.OrdinalIgnoreCase));

    /// <summary>Does this HTTP function serve <paramref name="method"/> <paramref name="path"/> (no leading slash)?</summary>
    public bool Serves(string method, string path) =>
        route is not null && (Methods.Count == 0 || Methods.Contains(method.ToUpperInvariant())) && route.IsMatch(path);

    /// <summary>The route's parameters in <paramref name="path"/>: the host sends each one as trigger metadata (how <c>string @ref</c> is bound).</summary>
    public IReadOnlyDictionary<string, string> RouteValues(string path)
    {
        var match = route?.Match(path);
        return match is not { Success: true } ? new Dictionary<string, string>()
            : route!.GetGroupNames().Where(name => !int.TryParse(name, out _) && match.Groups[name].Success)
                .ToDictionary(name => name, name => Uri.UnescapeDataString(match.Groups[name].Value));
    }

    private static string Parameter(string inner) => inner.Split(':')[0].TrimEnd('}');

    /// <summary>
    /// The route template as a pattern: <c>{name}</c> is one segment, <c>{name?}</c> an optional one, <c>{*name}</c> the rest,
    /// and <c>{name:constraint}</c> a segment (constraints are the worker's to check).
    /// </summary>
    private static Regex RouteTemplate(string template)
    {
        var pattern = string.Join("/", template.Trim('/').Split('/').Select(segment => segment switch
        {
            ['{', '*', .. var rest] => $"(?<{Parameter(rest)}>.*)",
            ['{', .. var inner, '?', '}'] => $"?(?<{Parameter(inner)}>[^/]*)",
            ['{', .. var inner, '}'] => $"(?<{Parameter(inner)}>[^/]+)",
            _ => Regex.Escape(segment),
        }));
        return new Regex($"^{pattern}/?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
    }
}
