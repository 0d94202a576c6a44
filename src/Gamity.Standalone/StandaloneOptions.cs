namespace Gamity.Standalone;

public sealed class StandaloneOptions
{
    public const string Section = "Standalone";

    /// <summary>Run every timer once at start (through the lease), like the host's <c>runOnStartup</c>. Local use only.</summary>
    public bool RunTimersOnStartup { get; set; }

    /// <summary>Blob lease held while a timer runs; renewed every third of it, so a crashed instance frees it within this time.</summary>
    public TimeSpan TimerLeaseDuration { get; set; } = TimeSpan.FromSeconds(60);
}
