using System.Text.Json.Nodes;

namespace Gamity.Infra.Tests;

/// <summary>infra/main.bicep compiled once per test run, plus helpers to walk nested module templates.</summary>
internal static class CompiledTemplate
{
    private static readonly Lazy<Task<(BicepResult Result, JsonObject? Json)>> LazyBuild = new(BuildAsync);

    public static Task<(BicepResult Result, JsonObject? Json)> BuildResultAsync() => LazyBuild.Value;

    public static async Task<JsonObject> JsonAsync()
    {
        var (result, json) = await LazyBuild.Value;
        Assert.True(
            result.ExitCode == 0 && json is not null,
            $"bicep build infra/main.bicep failed (exit {result.ExitCode}):\n{result.StandardError}");
        return json!;
    }

    private static async Task<(BicepResult, JsonObject?)> BuildAsync()
    {
        var result = await BicepCli.RunAsync("build", RepoPaths.MainBicep, "--stdout");
        JsonObject? json = null;
        if (result.ExitCode == 0)
        {
            json = JsonNode.Parse(result.StandardOutput)?.AsObject();
        }

        return (result, json);
    }

    /// <summary>The resources of a template, whether it uses the array form or (languageVersion 2.0) the symbolic-name form.</summary>
    public static IEnumerable<JsonObject> Resources(JsonObject template) =>
        template["resources"] switch
        {
            JsonArray array => array.OfType<JsonObject>(),
            JsonObject symbolic => symbolic.Select(p => p.Value).OfType<JsonObject>(),
            _ => [],
        };

    /// <summary>A module: the deployment resource that declares it and its nested template.</summary>
    internal sealed record Module(string Path, JsonObject Deployment, JsonObject Template);

    /// <summary>The root template and every nested module template, depth first.</summary>
    public static IEnumerable<Module> Modules(JsonObject root)
    {
        var stack = new Stack<Module>();
        stack.Push(new Module("main", root, root));
        while (stack.Count > 0)
        {
            var current = stack.Pop();
            yield return current;
            foreach (var resource in Resources(current.Template))
            {
                if (Type(resource) == "Microsoft.Resources/deployments"
                    && resource["properties"]?["template"] is JsonObject nested)
                {
                    var name = resource["name"]?.ToString() ?? "?";
                    stack.Push(new Module($"{current.Path}/{name}", resource, nested));
                }
            }
        }
    }

    public static IEnumerable<(Module Module, JsonObject Resource)> AllResources(JsonObject root) =>
        Modules(root).SelectMany(m => Resources(m.Template).Select(r => (m, r)));

    public static string? Type(JsonObject resource) => resource["type"]?.GetValue<string>();

    public static bool IsExisting(JsonObject resource) =>
        resource["existing"] is JsonValue v && v.TryGetValue<bool>(out var existing) && existing;

    /// <summary>Every object property (at any depth) with this name.</summary>
    public static IEnumerable<JsonNode?> FindProperties(JsonNode? node, string name)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj)
                {
                    if (key == name)
                    {
                        yield return value;
                    }

                    foreach (var found in FindProperties(value, name))
                    {
                        yield return found;
                    }
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    foreach (var found in FindProperties(item, name))
                    {
                        yield return found;
                    }
                }

                break;
        }
    }

    /// <summary>
    /// The value a module parameter gets: the literal the parent passes, or the module's default,
    /// following a parent's "[parameters('x')]" up to the root's default value.
    /// </summary>
    public static JsonNode? ParameterValue(JsonObject root, Module module, string parameter)
    {
        var chain = ChainTo(root, module);
        return Resolve(chain, chain.Count - 1, parameter);
    }

    private static JsonNode? Resolve(List<Module> chain, int index, string parameter)
    {
        var module = chain[index];
        if (index > 0)
        {
            var passed = module.Deployment["properties"]?["parameters"]?[parameter]?["value"];
            if (passed is not null)
            {
                if (passed is JsonValue v && v.TryGetValue<string>(out var text)
                    && TryParameterReference(text, out var parentParameter))
                {
                    return Resolve(chain, index - 1, parentParameter);
                }

                return passed;
            }
        }

        return module.Template["parameters"]?[parameter]?["defaultValue"];
    }

    private static List<Module> ChainTo(JsonObject root, Module target)
    {
        var all = Modules(root).ToList();
        var chain = new List<Module>();
        var path = target.Path;
        foreach (var module in all.Where(m => path == m.Path || path.StartsWith(m.Path + "/", StringComparison.Ordinal)))
        {
            chain.Add(module);
        }

        return [.. chain.OrderBy(m => m.Path.Length)];
    }

    private static bool TryParameterReference(string expression, out string parameter)
    {
        const string Prefix = "[parameters('";
        const string Suffix = "')]";
        if (expression.StartsWith(Prefix, StringComparison.Ordinal) && expression.EndsWith(Suffix, StringComparison.Ordinal))
        {
            parameter = expression[Prefix.Length..^Suffix.Length];
            return !parameter.Contains('\'', StringComparison.Ordinal);
        }

        parameter = string.Empty;
        return false;
    }
}
