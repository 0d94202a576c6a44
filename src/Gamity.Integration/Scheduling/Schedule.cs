using NCrontab;

namespace Gamity.Integration.Scheduling;

/// <summary>
/// NCRONTAB schedules (6 fields, seconds first; 5 accepted), read from <c>Schedules__{job name}</c> in both hosts:
/// the Function App's timer triggers name the same setting (<c>%Schedules:{job name}%</c>).
/// </summary>
public static class Schedule
{
    public const string Section = "Schedules";

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

    /// <summary>The validation message of one schedule setting, or nothing.</summary>
    public static IEnumerable<string> Validate(string jobName, string? expression)
    {
        if (!TryParse(expression, out _))
        {
            yield return $"{Section}__{jobName} must be an NCRONTAB expression with 6 fields ('{{second}} {{minute}} {{hour}} {{day}} {{month}} {{day-of-week}}', e.g. '0 0 3 * * *'), got '{expression}'.";
        }
    }
}

/// <summary>
/// A job that runs on a schedule: a <c>[TimerTrigger("%Schedules:{Name}%")]</c> function in the Function App, the
/// standalone scheduler elsewhere (one instance at a time). Each capability registers its own.
/// </summary>
/// <param name="Name">The function name, which is also the schedule's setting name.</param>
/// <param name="Schedule">The expression, from the capability's own options.</param>
/// <param name="RunAsync">Runs once; <c>isPastDue</c> says the run is late (the host's <c>TimerInfo.IsPastDue</c>).</param>
/// <param name="IsConfigured">False when the job has nothing to do in this deployment (the standalone scheduler then never fires it).</param>
public sealed record ScheduledJob(string Name, Func<IServiceProvider, string> Schedule, Func<IServiceProvider, bool, CancellationToken, Task> RunAsync, Func<IServiceProvider, bool>? IsConfigured = null);

/// <summary>
/// A job per Storage-queue message: a <c>[QueueTrigger]</c> function in the Function App, the standalone poller
/// elsewhere. Both decode the message from base64 and move it to <c>{queue}-poison</c> after the same number of
/// failed deliveries, or at once when it cannot be decoded.
/// </summary>
public sealed record QueueJob(string Name, Func<IServiceProvider, string> QueueName, Func<IServiceProvider, QueueMessageText, CancellationToken, Task> RunAsync);

/// <summary>One decoded queue message, as either host hands it over.</summary>
public sealed record QueueMessageText(string Body, string? MessageId, long DequeueCount, DateTimeOffset? InsertedAt);
