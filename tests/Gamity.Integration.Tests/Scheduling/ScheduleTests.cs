using Gamity.Integration.ActiveGames;
using Gamity.Integration.Catalog;
using Gamity.Integration.Scheduling;
using Gamity.Integration.WalletOperations;

namespace Gamity.Integration.Tests.Scheduling;

public class ScheduleTests
{
    [Theory]
    [InlineData("0 */3 * * * *", "2026-11-24T10:01:30Z", "2026-11-24T10:03:00Z")]
    [InlineData("0 0 3 * * *", "2026-11-24T10:00:00Z", "2026-11-25T03:00:00Z")]
    [InlineData("30 15 3 * * *", "2026-11-24T03:15:29Z", "2026-11-24T03:15:30Z")]
    [InlineData("0 30 9 * * 1-5", "2026-11-28T00:00:00Z", "2026-11-30T09:30:00Z")] // Saturday → Monday
    [InlineData("*/5 * * * *", "2026-11-24T10:01:00Z", "2026-11-24T10:05:00Z")] // five fields: no seconds
    public void Next_occurrence_follows_ncrontab(string expression, string after, string expected)
    {
        var schedule = Schedule.Parse(expression);

        Assert.Equal(DateTime.Parse(expected).ToUniversalTime(), schedule.GetNextOccurrence(DateTime.Parse(after).ToUniversalTime()));
    }

    [Theory]
    [InlineData("")]
    [InlineData("daily")]
    [InlineData("0 0 3 * *  * *")]
    [InlineData("61 * * * * *")]
    [InlineData("0 0 25 * * *")]
    [InlineData("* * *")]
    public void Invalid_expressions_are_rejected(string expression) =>
        Assert.False(Schedule.TryParse(expression, out _));

    [Fact]
    public void Every_default_schedule_is_valid_and_active_games_refresh_every_three_minutes()
    {
        Assert.Empty(CatalogSchedules.Validate(new CatalogSchedules()));
        Assert.Empty(ActiveGamesSchedules.Validate(new ActiveGamesSchedules()));
        Assert.Empty(WalletOperationsSchedules.Validate(new WalletOperationsSchedules()));
        Assert.Equal("0 */3 * * * *", new ActiveGamesSchedules().RefreshActiveGames);
    }

    [Fact]
    public void A_bad_schedule_is_reported_with_its_setting_name() =>
        Assert.Contains("Schedules__SyncGames must be an NCRONTAB expression", Assert.Single(CatalogSchedules.Validate(new CatalogSchedules { SyncGames = "daily" })));
}
