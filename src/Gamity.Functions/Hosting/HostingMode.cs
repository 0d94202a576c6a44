namespace Gamity.Functions.Hosting;

public enum HostingMode
{
    /// <summary>Run by the Azure Functions host as a custom handler; the host owns every trigger.</summary>
    Functions,

    /// <summary>Local development, containers and tests: the app fires its own timers and polls its own queues.</summary>
    Standalone,
}

/// <summary>The mode this process runs in, as a service.</summary>
public sealed record HostingContext(HostingMode Mode);

public static class HostingModeDetection
{
    /// <summary>The host sets this variable on the handler process (reference §1.2); the legacy name is accepted too.</summary>
    public const string PortVariable = "FUNCTIONS_CUSTOMHANDLER_PORT";

    private const string LegacyPortVariable = "FUNCTIONS_HTTPWORKER_PORT";

    public static (HostingMode Mode, int? Port) Detect(IConfiguration configuration)
    {
        var port = configuration[PortVariable] ?? configuration[LegacyPortVariable];
        if (string.IsNullOrWhiteSpace(port))
        {
            return (HostingMode.Standalone, null);
        }

        return int.TryParse(port, out var value) && value is >= 0 and <= 65535
            ? (HostingMode.Functions, value)
            : throw new InvalidOperationException($"{PortVariable} must be a TCP port number, not '{port}'.");
    }
}
