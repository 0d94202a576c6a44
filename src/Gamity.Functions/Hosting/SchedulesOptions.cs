using NCrontab;

namespace Gamity.Functions.Hosting;

/// <summary>NCRONTAB schedules (6 fields, seconds first; 5 fields accepted), read by both modes.</summary>
public sealed class SchedulesOptions
{
    public const string Section = "Schedules";

    /// <summary>Daily at 03:00 UTC: Gamity asks for one operator/brand sync a day in production.</summary>
    public string SyncOperatorsAndBrands { get; set; } = "0 0 3 * * *";

    /// <summary>Daily at 03:15 UTC, after operators and brands so new brands exist when games reference them.</summary>
    public string SyncGames { get; set; } = "0 15 3 * * *";

    public string RefreshActiveGames { get; set; } = "0 */3 * * * *";

    /// <summary>Every minute: the outbox safety net of the wallet workflow.</summary>
    public string SweepWalletOperations { get; set; } = "0 * * * * *";

    public static CrontabSchedule Parse(string expression)
    {
        var fields = expression.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        return CrontabSchedule.Parse(expression, new CrontabSchedule.ParseOptions { IncludingSeconds = fields == 6 });
    }

    public static bool TryParse(string? expression, out CrontabSchedule? schedule)
    {
        schedule = null;
        if (string.IsNullOrWhiteSpace(expression))
        {
            return false;
        }

        var fields = expression.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        if (fields is not (5 or 6))
        {
            return false;
        }

        schedule = CrontabSchedule.TryParse(expression, new CrontabSchedule.ParseOptions { IncludingSeconds = fields == 6 });
        return schedule is not null;
    }
}
