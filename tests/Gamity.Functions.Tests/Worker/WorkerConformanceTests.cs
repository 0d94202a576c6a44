using Gamity.Functions.HostEmulator;
using Gamity.Sandbox.Conformance;
using Gamity.Testing;

namespace Gamity.Functions.Tests.Worker;

/// <summary>The conformance kit, as Gamity, against the real worker behind the host emulator's front door.</summary>
[Collection(WorkerUnderTest.Collection)]
public class WorkerConformanceTests(Azurite azurite)
{
    [Fact]
    public async Task The_function_app_passes_the_conformance_kit_under_the_host_emulator()
    {
        await using var worker = await WorkerUnderTest.StartAsync(azurite, s =>
        {
            s["Wallet__AttemptTimeout"] = "00:00:03";
            // A debit whose inline attempt timed out is resumed by its orchestration, and none runs under the emulator:
            // on a loaded machine a short deadline would leave a healthy debit unknown.
            s["Wallet__DebitDeadline"] = "00:00:10";
            s["Wallet__RetryBaseDelay"] = "00:00:00.200";
            s["Wallet__MaxRetryDelay"] = "00:00:01";
        });
        await using var frontDoor = await FrontDoor.StartAsync(worker.Host, Ct);
        var output = new StringWriter();

        var results = await ConformanceKit.RunAsync(new ConformanceSettings
        {
            Target = frontDoor.Address,
            ApiKey = TestSettings.GamityInboundKey,
            AdminKey = TestSettings.AdminKey,
            WalletControl = worker.Sandbox.BaseAddress,
            RoundsKey = WorkerUnderTest.RoundsKey,
            TokenCallerKey = TestSettings.PlayerTokenCallerKey,
            TokenKey = TestSettings.PlayerTokenSecret,
            GamityRetryInterval = TimeSpan.FromMilliseconds(500),
            Outage = TimeSpan.FromSeconds(3),
        }, output, Ct);

        // Orchestrations do not run under the emulator (ADR 0016), so the rollback check, which waits for one, is not given its window.
        Assert.Equal(["debits.rollback-after-window"], results.Where(r => r.Outcome == CheckOutcome.NotRun).Select(r => r.Name));
        Assert.True(results.All(r => r.Outcome != CheckOutcome.Failed), output.ToString() + "\n" + worker.Host.Output[^Math.Min(4000, worker.Host.Output.Length)..]);
        worker.AssertNoWorkerErrors();
    }
}
