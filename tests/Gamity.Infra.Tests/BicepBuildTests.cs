namespace Gamity.Infra.Tests;

/// <summary>infra/ compiles and lints offline with zero errors and zero warnings.</summary>
public sealed class BicepBuildTests
{
    public static TheoryData<string> BicepFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(RepoPaths.Infra, "*.bicep", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(RepoPaths.Root, file));
        }

        return data;
    }

    [Fact]
    public async Task Bicep_cli_is_the_pinned_nuget_version()
    {
        var result = await BicepCli.RunAsync("--version");

        Assert.Equal(0, result.ExitCode);
        var expected = typeof(BicepCli).Assembly
            .GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
            .Cast<System.Reflection.AssemblyMetadataAttribute>()
            .Single(a => a.Key == "BicepVersion").Value;
        Assert.Contains($"Bicep CLI version {expected} ", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Main_template_builds_without_errors_or_warnings()
    {
        var (result, json) = await CompiledTemplate.BuildResultAsync();

        Assert.True(result.ExitCode == 0, $"bicep build exited {result.ExitCode}:\n{result.StandardError}");
        Assert.True(result.DiagnosticLines.Count == 0,
            "bicep build reported diagnostics:\n" + string.Join('\n', result.DiagnosticLines));
        Assert.True(string.IsNullOrWhiteSpace(result.StandardError), "bicep build wrote to stderr:\n" + result.StandardError);
        Assert.NotNull(json);
    }

    [Theory]
    [MemberData(nameof(BicepFiles))]
    public async Task Every_bicep_file_lints_clean(string relativePath)
    {
        var result = await BicepCli.RunAsync("lint", Path.Combine(RepoPaths.Root, relativePath));

        Assert.True(result.ExitCode == 0, $"bicep lint {relativePath} exited {result.ExitCode}:\n{result.StandardError}{result.StandardOutput}");
        Assert.True(result.DiagnosticLines.Count == 0,
            $"bicep lint {relativePath} reported:\n" + string.Join('\n', result.DiagnosticLines));
        Assert.True(string.IsNullOrWhiteSpace(result.StandardError + result.StandardOutput),
            $"bicep lint {relativePath} printed:\n{result.StandardError}{result.StandardOutput}");
    }

    [Fact]
    public void Linter_is_enabled_and_needs_no_network()
    {
        var config = File.ReadAllText(Path.Combine(RepoPaths.Infra, "bicepconfig.json"));

        Assert.Contains("\"enabled\": true", config, StringComparison.Ordinal);
        Assert.DoesNotContain("moduleAliases", config, StringComparison.Ordinal);
        Assert.Matches("\"use-recent-module-versions\": \\{ \"level\": \"off\" \\}", config);
        foreach (var file in Directory.EnumerateFiles(RepoPaths.Infra, "*.bicep", SearchOption.AllDirectories))
        {
            var text = File.ReadAllText(file);
            Assert.False(text.Contains("'br:", StringComparison.Ordinal) || text.Contains("'br/", StringComparison.Ordinal)
                || text.Contains("'ts:", StringComparison.Ordinal) || text.Contains("'ts/", StringComparison.Ordinal),
                $"{file} references a registry module; infra/ must build offline.");
        }
    }
}
