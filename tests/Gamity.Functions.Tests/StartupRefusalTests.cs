using Gamity.Testing;

namespace Gamity.Functions.Tests;

/// <summary>A missing or wrong setting stops both hosts before they do anything, with exit code 2 and the setting's name.</summary>
public class StartupRefusalTests(Azurite azurite)
{
    public static TheoryData<string, string, string?, string> Refusals() => new()
    {
        { AppProcess.FunctionApp, "Gamity__BaseUrl", null, "Gamity__BaseUrl must be an absolute http(s) URL" },
        { AppProcess.FunctionApp, "Schedules__SyncGames", "every night", "Schedules__SyncGames must be an NCRONTAB expression" },
        { AppProcess.FunctionApp, "Wallet__MaxAmount", "-1", "Wallet__MaxAmount" },
        { AppProcess.FunctionApp, "AzureWebJobsStorage", null, "AzureWebJobsStorage is not configured" },
        { AppProcess.Standalone, "Gamity__BaseUrl", null, "Gamity__BaseUrl must be an absolute http(s) URL" },
        { AppProcess.Standalone, "Rounds__MaxRoundsPerMessage", "0", "Rounds__MaxRoundsPerMessage" },
        { AppProcess.Standalone, "Retention__ClaimRecords", "7.00:00:00", "Retention__ClaimRecords must be at least 30.00:00:00" },
        { AppProcess.Standalone, "AzureWebJobsStorage", null, "AzureWebJobsStorage is not configured" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task A_bad_setting_stops_the_host_with_exit_code_2_naming_it(string host, string setting, string? value, string message)
    {
        var environment = TestSettings.Environment(azurite.NewAccount());
        environment[setting] = value;

        await using var app = AppProcess.Start(host, environment);
        var exitCode = await app.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.True(exitCode == 2, $"exit code {exitCode}:\n{app.Output}");
        Assert.Contains("refused to start, the configuration is invalid", app.Output);
        Assert.Contains(message, app.Output);
    }

    [Fact]
    public async Task With_good_settings_the_function_app_gets_past_validation_and_only_then_needs_the_host()
    {
        await using var app = AppProcess.Start(AppProcess.FunctionApp, TestSettings.Environment(azurite.NewAccount()));
        var exitCode = await app.WaitForExitAsync(TimeSpan.FromSeconds(60));

        // Without the Functions host there is nothing to connect to: the worker stops, but not for a setting.
        Assert.NotEqual(2, exitCode);
        Assert.DoesNotContain("configuration is invalid", app.Output);
    }
}
