using System.Diagnostics;
using System.Text;

namespace Gamity.Testing;

/// <summary>A built host (<c>Gamity.Standalone.dll</c>, <c>Gamity.Functions.dll</c>) as a real child process, with its output captured.</summary>
public sealed class AppProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();

    private AppProcess(Process process)
    {
        this.process = process;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    public bool HasExited => process.HasExited;

    public int ExitCode => process.ExitCode;

    public const string Standalone = "Gamity.Standalone.dll";

    /// <summary>The Function App's worker, started bare (there is no Functions host on our machines).</summary>
    public const string FunctionApp = "Gamity.Functions.dll";

    public static AppProcess Start(IReadOnlyDictionary<string, string?> environment, params string[] args) => Start(Standalone, environment, args);

    public static AppProcess Start(string assembly, IReadOnlyDictionary<string, string?> environment, params string[] args) =>
        StartIn(AppContext.BaseDirectory, assembly, environment, args);

    /// <summary>Runs <paramref name="assembly"/> from <paramref name="directory"/> (e.g. the Function App's own build output).</summary>
    public static AppProcess StartIn(string directory, string assembly, IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = directory,
        };
        start.ArgumentList.Add(Path.Combine(directory, assembly));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // Only what the test gives: no inherited app settings leak in.
        foreach (var key in start.Environment.Keys.Where(k => k.Contains("__", StringComparison.Ordinal) || k.StartsWith("FUNCTIONS_", StringComparison.Ordinal) || k == "AzureWebJobsStorage").ToList())
        {
            start.Environment.Remove(key);
        }

        start.Environment["Logging__Console__FormatterName"] = "simple";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        return new AppProcess(Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet"));
    }

    /// <summary>Completes when the process ends.</summary>
    public Task ExitedAsync(CancellationToken cancellationToken) => process.WaitForExitAsync(cancellationToken);

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await process.WaitForExitAsync(cts.Token);
        return process.ExitCode;
    }

    /// <summary>Waits until the app answers HTTP on <paramref name="baseAddress"/> (the host's readiness probe does the same).</summary>
    public async Task WaitUntilReadyAsync(Uri baseAddress, TimeSpan timeout)
    {
        using var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The app exited with {process.ExitCode}:\n{Output}");
            }

            try
            {
                using var _ = await http.GetAsync("/");
                return;
            }
            catch (HttpRequestException)
            {
                await Task.Delay(100);
            }
            catch (TaskCanceledException)
            {
            }
        }

        throw new TimeoutException($"The app did not answer on {baseAddress} within {timeout}:\n{Output}");
    }

    public void Kill()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
        }
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        process.Dispose();
        return ValueTask.CompletedTask;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }
}
