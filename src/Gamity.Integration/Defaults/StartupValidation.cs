using Microsoft.Extensions.Options;

namespace Gamity.Integration.Defaults;

/// <summary>
/// Both hosts validate every option before they start, so a wrong or missing setting stops the process with exit
/// code 2 and a message naming each setting — once, without a host's stack trace.
/// </summary>
public static class StartupValidation
{
    public const int InvalidConfigurationExitCode = 2;

    /// <summary>Builds the host, validates its options, runs it; 2 and the reasons on stderr when a setting is invalid.</summary>
    public static async Task<int> RunAsync(string product, Func<IHost> build)
    {
        try
        {
            using var host = build(); // building fails too on a storage setting that names no account
            host.Services.GetService<IStartupValidator>()?.Validate();
            await host.RunAsync();
            return 0;
        }
        catch (Exception exception) when (Failures(exception) is { Count: > 0 } failures)
        {
            await Console.Error.WriteLineAsync($"{product} refused to start, the configuration is invalid:\n  - " + string.Join("\n  - ", failures));
            return InvalidConfigurationExitCode;
        }
    }

    /// <summary>Every options-validation failure inside <paramref name="exception"/> (several option types fail as one AggregateException).</summary>
    private static List<string> Failures(Exception exception) => exception switch
    {
        OptionsValidationException validation => [.. validation.Failures],
        AggregateException aggregate => aggregate.InnerExceptions.SelectMany(Failures).ToList(),
        _ => [],
    };
}
