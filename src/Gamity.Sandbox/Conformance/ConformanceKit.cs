using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gamity.Sandbox.Conformance.Checks;
using Gamity.Sandbox.Control;
using Gamity.Sandbox.Shared;

namespace Gamity.Sandbox.Conformance;

/// <summary>
/// Plays Gamity (and the casino's backend) against a deployment of the product and says, check by check, whether it
/// keeps the contract (docs/conformance.md). Checks run one after another: the fault checks change the sandbox
/// wallet for everyone, and a deployment is judged on its own behaviour, not on a race between checks.
/// </summary>
public static class ConformanceKit
{
    public static IReadOnlyList<ConformanceCheck> Checks { get; } =
    [
        .. ServiceChecks.All(),
        .. MoneyChecks.For(MoneyKind.Payouts),
        .. MoneyChecks.For(MoneyKind.Debits),
        .. RefusalChecks.All(),
        .. PlayerFacingChecks.All(),
        .. RoundsChecks.All(),
        .. WalletFaultChecks.All(),
    ];

    /// <summary>Names in <c>--only</c> that are neither a check nor a group.</summary>
    public static IEnumerable<string> UnknownSelections(ConformanceSettings settings) =>
        settings.Only.Where(name => !Checks.Any(c => Selects(name, c)));

    public static async Task<IReadOnlyList<CheckResult>> RunAsync(ConformanceSettings settings, TextWriter output, CancellationToken cancellationToken)
    {
        var runId = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray().AsSpan(0, 4));
        output.WriteLine($"conformance run {runId} against {settings.Target}");
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { Timeout = Timeout.InfiniteTimeSpan };
        using var gamity = new GamityCallbackSender(new SandboxConsole(TextWriter.Null));
        var results = new List<CheckResult>();
        foreach (var check in Checks.Where(c => settings.Only.Count == 0 || settings.Only.Any(name => Selects(name, c))))
        {
            var result = await RunOneAsync(check, settings, http, gamity, runId, cancellationToken);
            results.Add(result);
            Print(result, output);
        }

        var notRun = results.Where(r => r.Outcome == CheckOutcome.NotRun).ToList();
        if (notRun.Count > 0)
        {
            output.WriteLine($"{notRun.Count} not run (give the options they name to run them): {string.Join(", ", notRun.Select(r => r.Name))}");
        }

        if (settings.ReportPath is { } path)
        {
            await File.WriteAllTextAsync(path, Report(settings, runId, results).ToJsonString(new JsonSerializerOptions { WriteIndented = true }), cancellationToken);
        }

        output.WriteLine($"{results.Count(r => r.Outcome == CheckOutcome.Passed)} passed, {results.Count(r => r.Outcome == CheckOutcome.Failed)} failed");
        return results;
    }

    private static bool Selects(string name, ConformanceCheck check) =>
        string.Equals(name, check.Name, StringComparison.OrdinalIgnoreCase) || string.Equals(name, check.Group, StringComparison.OrdinalIgnoreCase);

    private static async Task<CheckResult> RunOneAsync(
        ConformanceCheck check, ConformanceSettings settings, HttpClient http, GamityCallbackSender gamity, string runId, CancellationToken cancellationToken)
    {
        var missing = check.Missing(settings).ToList();
        if (missing.Count > 0)
        {
            // Asked for by name, a check that cannot run is a failure; otherwise it is listed as not run.
            var named = settings.Only.Any(name => Selects(name, check));
            return new CheckResult(check.Name, check.Proves, named ? CheckOutcome.Failed : CheckOutcome.NotRun, 0, $"needs {string.Join(", ", missing)}", []);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(check.Timeout);
        var context = new CheckContext(settings, http, gamity, runId, timeout.Token);
        var started = Stopwatch.GetTimestamp();
        string? failure = null;
        try
        {
            await check.RunAsync(context);
        }
        catch (CheckFailedException exception)
        {
            failure = exception.Message;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            failure = $"did not finish within {check.Timeout}";
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            failure = $"{exception.GetType().Name}: {exception.Message}";
        }

        var elapsed = (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        return new CheckResult(check.Name, check.Proves, failure is null ? CheckOutcome.Passed : CheckOutcome.Failed, elapsed, failure, context.Exchanges);
    }

    private static void Print(CheckResult result, TextWriter output)
    {
        switch (result.Outcome)
        {
            case CheckOutcome.Passed:
                output.WriteLine($"PASS {result.Name} ({result.ElapsedMs.ToString(CultureInfo.InvariantCulture)} ms): {result.Proves}");
                break;
            case CheckOutcome.NotRun:
                output.WriteLine($"---- {result.Name}: not run, {result.Message}");
                break;
            default:
                output.WriteLine($"FAIL {result.Name}: {result.Message}");
                foreach (var exchange in result.Exchanges.TakeLast(3))
                {
                    output.WriteLine($"       {exchange}");
                }

                break;
        }
    }

    private static JsonObject Report(ConformanceSettings settings, string runId, IReadOnlyList<CheckResult> results) => new()
    {
        ["run"] = runId,
        ["target"] = settings.Target.ToString(),
        ["finishedAt"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
        ["passed"] = results.Count(r => r.Outcome == CheckOutcome.Passed),
        ["failed"] = results.Count(r => r.Outcome == CheckOutcome.Failed),
        ["notRun"] = results.Count(r => r.Outcome == CheckOutcome.NotRun),
        ["checks"] = new JsonArray([.. results.Select(r => (JsonNode)new JsonObject
        {
            ["name"] = r.Name,
            ["proves"] = r.Proves,
            ["outcome"] = r.Outcome.ToString(),
            ["elapsedMs"] = r.ElapsedMs,
            ["message"] = r.Message,
            ["exchanges"] = new JsonArray([.. r.Exchanges.Select(e => (JsonNode)new JsonObject
            {
                ["method"] = e.Method,
                ["url"] = e.Url,
                ["sent"] = e.Sent,
                ["status"] = e.Status,
                ["seen"] = e.Seen,
            })]),
        })]),
    };
}

/// <summary><c>dotnet run --project src/Gamity.Sandbox -- conformance …</c>: exit 0 when every check run passed, 1 when one failed, 2 for a bad command line.</summary>
public static class ConformanceCommand
{
    public const string Verb = "conformance";

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var settings = ConformanceSettings.Parse(args, out var errors);
        if (settings is not null)
        {
            errors.AddRange(ConformanceKit.UnknownSelections(settings).Select(name =>
                $"--only: '{name}' is not a check or a group ({string.Join(", ", ConformanceKit.Checks.Select(c => c.Group).Distinct())})."));
        }

        if (settings is null || errors.Count > 0)
        {
            foreach (var problem in errors)
            {
                error.WriteLine($"conformance: {problem}");
            }

            error.WriteLine(ConformanceSettings.Usage);
            return 2;
        }

        var results = await ConformanceKit.RunAsync(settings, output, cancellationToken);
        return results.Any(r => r.Outcome == CheckOutcome.Failed) ? 1 : 0;
    }
}
