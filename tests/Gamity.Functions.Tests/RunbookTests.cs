using System.Text.RegularExpressions;
using Gamity.Testing;

namespace Gamity.Functions.Tests;

/// <summary>The runbooks name only what exists: the app's routes (the HTTP functions) and the README's settings.</summary>
public partial class RunbookTests
{
    private static readonly string Folder = RepoRoot.Combine("docs", "runbooks");

    public static TheoryData<string> Runbooks() => [.. Directory.GetFiles(Folder, "*.md").Select(Path.GetFileName).OfType<string>()];

    [Theory]
    [MemberData(nameof(Runbooks))]
    public void Every_route_a_runbook_names_is_served_by_the_app(string runbook)
    {
        var text = File.ReadAllText(Path.Combine(Folder, runbook));
        var routes = Route().Matches(text).Select(m => (Method: m.Groups["method"].Value.ToLowerInvariant(), Path: m.Groups["path"].Value)).ToList();

        Assert.All(routes, route => Assert.True(
            DocumentedFunctions.Http.Any(f => f.Method == route.Method && Matches("/api/" + f.Route, route.Path)),
            $"{runbook} names {route.Method.ToUpperInvariant()} {route.Path}, which no HTTP function serves"));
    }

    [Theory]
    [MemberData(nameof(Runbooks))]
    public void Every_setting_a_runbook_names_is_in_the_readme_configuration(string runbook)
    {
        var readme = File.ReadAllText(RepoRoot.Combine("README.md"));
        var settings = Setting().Matches(File.ReadAllText(Path.Combine(Folder, runbook))).Select(m => Indexed().Replace(m.Groups[1].Value, string.Empty)).Distinct();

        Assert.All(settings, setting => Assert.True(readme.Contains("`" + setting, StringComparison.Ordinal), $"{runbook} names {setting}, which the README does not list"));
    }

    [Fact]
    public void The_index_links_every_runbook()
    {
        var index = File.ReadAllText(Path.Combine(Folder, "README.md"));

        Assert.All(Runbooks().Select(r => (string)r.Data).Where(r => r != "README.md"), runbook => Assert.Contains($"]({runbook})", index, StringComparison.Ordinal));
    }

    /// <summary>A documented template (<c>/api/payouts/{ref}</c>) matches a path with any value, or the same placeholder, in that segment.</summary>
    private static bool Matches(string template, string path)
    {
        var expected = template.Split('/');
        var actual = path.Split('/');
        return expected.Length == actual.Length && expected.Zip(actual).All(p => p.First == p.Second || p.First.StartsWith('{'));
    }

    [GeneratedRegex(@"\b(?<method>GET|POST|PUT|DELETE) (?<path>/api/[^\s`?\)]*)")]
    private static partial Regex Route();

    [GeneratedRegex(@"`([A-Z][A-Za-z]+__[A-Za-z0-9_]+)")]
    private static partial Regex Setting();

    [GeneratedRegex(@"__(\d+|N)$")]
    private static partial Regex Indexed();
}
