using System.Diagnostics;
using System.Reflection;
using System.Text;

namespace Gamity.Infra.Tests;

internal sealed record BicepResult(int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>
    /// Diagnostic lines ("file(line,col) : Warning|Error code: message"). Bicep writes them to stderr;
    /// stdout carries the compiled template with --stdout and is not searched.
    /// </summary>
    public IReadOnlyList<string> DiagnosticLines =>
        StandardError
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => l.Contains("Warning", StringComparison.OrdinalIgnoreCase)
                     || l.Contains("Error", StringComparison.OrdinalIgnoreCase))
            .ToList();
}

/// <summary>
/// Runs the Bicep CLI from the NuGet package Azure.Bicep.CommandLine.linux-x64 (downloaded by this
/// project's restore). Never skips: a missing binary fails the test with instructions.
/// </summary>
internal static class BicepCli
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    private static readonly Lazy<string> LazyPath = new(Locate);

    public static string PathToBinary => LazyPath.Value;

    public static async Task<BicepResult> RunAsync(params string[] args)
    {
        var startInfo = new ProcessStartInfo(PathToBinary)
        {
            WorkingDirectory = RepoPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var arg in args)
        {
            startInfo.ArgumentList.Add(arg);
        }

        // Keep Bicep from trying to reach anything: no telemetry, no update checks.
        startInfo.Environment["BICEP_TELEMETRY_ENABLED"] = "false";
        startInfo.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";

        using var process = Process.Start(startInfo)
            ?? throw new InvalidOperationException($"Could not start {PathToBinary}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"bicep {string.Join(' ', args)} did not finish within {Timeout}.");
        }

        return new BicepResult(process.ExitCode, await stdout, await stderr);
    }

    private static string Locate()
    {
        var candidates = new List<string>();
        var fromEnvironment = Environment.GetEnvironmentVariable("BICEP_PATH");
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            candidates.Add(fromEnvironment);
        }

        var fromBuild = typeof(BicepCli).Assembly
            .GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "BicepPath")?.Value;
        if (!string.IsNullOrWhiteSpace(fromBuild))
        {
            candidates.Add(fromBuild);
        }

        foreach (var candidate in candidates)
        {
            if (File.Exists(candidate))
            {
                EnsureExecutable(candidate);
                return candidate;
            }
        }

        Assert.Fail(
            "The Bicep CLI was not found (looked at: " + string.Join(", ", candidates.DefaultIfEmpty("<nothing>")) + "). "
            + "It comes from the NuGet package Azure.Bicep.CommandLine.linux-x64, downloaded by "
            + "tests/Gamity.Infra.Tests' restore (PackageDownload). Run `dotnet restore tests/Gamity.Infra.Tests` "
            + "or `scripts/bicep.sh --version`, or set BICEP_PATH to a bicep binary.");
        throw new UnreachableException();
    }

    private static void EnsureExecutable(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var mode = File.GetUnixFileMode(path);
        if (!mode.HasFlag(UnixFileMode.UserExecute))
        {
            File.SetUnixFileMode(path, mode | UnixFileMode.UserExecute);
        }
    }
}
