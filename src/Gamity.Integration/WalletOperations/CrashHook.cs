namespace Gamity.Integration.WalletOperations;

public enum CrashPoint
{
    None,

    /// <summary>The claim record is written, the wallet not called yet.</summary>
    AfterClaim,

    /// <summary>The wallet answered, the record is not updated yet.</summary>
    AfterWalletCall,
}

/// <summary>
/// Test hook for the kill tests (issue #4): <c>Testing__CrashAt</c> makes the process die abruptly at that step,
/// so a test can prove the workflow converges after a restart. Unset in every real deployment.
/// </summary>
public sealed class CrashHook(IConfiguration configuration)
{
    private readonly CrashPoint point = Enum.TryParse<CrashPoint>(configuration["Testing:CrashAt"], out var configured) ? configured : CrashPoint.None;

    public void At(CrashPoint here)
    {
        if (point != CrashPoint.None && point == here)
        {
            Environment.FailFast($"Testing__CrashAt={here}: simulated crash");
        }
    }
}
