namespace Gamity.Testing;

/// <summary>What every test needs of the running test (used through a static using in each test project).</summary>
public static class TestRun
{
    /// <summary>Cancelled when the test is cancelled or times out.</summary>
    public static CancellationToken Ct => TestContext.Current.CancellationToken;
}
