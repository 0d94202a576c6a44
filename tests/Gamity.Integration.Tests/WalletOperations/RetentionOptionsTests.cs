using Gamity.Integration.WalletOperations;

namespace Gamity.Integration.Tests.WalletOperations;

public class RetentionOptionsTests
{
    [Fact]
    public void The_defaults_keep_histories_30_days_and_records_90()
    {
        var defaults = new RetentionOptions();

        Assert.Empty(RetentionOptions.Validate(defaults));
        Assert.Equal((TimeSpan.FromDays(30), TimeSpan.FromDays(90)), (defaults.OrchestrationHistory, defaults.ClaimRecords));
    }

    [Theory]
    [InlineData("12:00:00", "90.00:00:00", "Retention__OrchestrationHistory must be at least 1.00:00:00")]
    [InlineData("7.00:00:00", "29.00:00:00", "Retention__ClaimRecords must be at least 30.00:00:00")]
    [InlineData("120.00:00:00", "90.00:00:00", "Retention__OrchestrationHistory must not be longer than Retention__ClaimRecords")]
    public void Retention_too_short_for_its_purpose_is_refused_naming_the_setting(string history, string records, string message)
    {
        var errors = RetentionOptions.Validate(new RetentionOptions { OrchestrationHistory = TimeSpan.Parse(history), ClaimRecords = TimeSpan.Parse(records) });

        Assert.Contains(message, Assert.Single(errors));
    }
}
