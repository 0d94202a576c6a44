using Gamity.Functions.Hosting.Invocation;
using Microsoft.Extensions.Options;

namespace Gamity.Functions.Hosting.Standalone;

/// <summary>Standalone mode: fires every <see cref="TimerFunction"/> from its NCRONTAB schedule, one instance at a time.</summary>
internal sealed class TimerScheduler(
    IEnumerable<FunctionDefinition> functions,
    IServiceScopeFactory scopes,
    IOptions<SchedulesOptions> schedules,
    IOptions<StandaloneOptions> standalone,
    TimerLeaseStore leases,
    TimeProvider time,
    ILogger<TimerScheduler> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var timers = functions.OfType<TimerFunction>().Select(t => (Function: t, Schedule: SchedulesOptions.Parse(t.Schedule(schedules.Value)))).ToList();
        if (standalone.Value.RunTimersOnStartup)
        {
            // One after the other, in declaration order: operators and brands reach Gamity before the games that name them.
            foreach (var (function, schedule) in timers)
            {
                await FireAsync(function, occurrence: null, last: null, Next(schedule, time.GetUtcNow()), stoppingToken);
            }
        }

        await Task.WhenAll(timers.Select(t => Task.Run(() => RunLoopAsync(t.Function, t.Schedule, stoppingToken), stoppingToken)));
    }

    private async Task RunLoopAsync(TimerFunction timer, NCrontab.CrontabSchedule schedule, CancellationToken stoppingToken)
    {
        DateTimeOffset? last = null;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var due = Next(schedule, time.GetUtcNow());
                var delay = due - time.GetUtcNow();
                if (delay > TimeSpan.Zero)
                {
                    await Task.Delay(delay, time, stoppingToken);
                }

                await FireAsync(timer, due, last, Next(schedule, due), stoppingToken);
                last = due;
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private static DateTimeOffset Next(NCrontab.CrontabSchedule schedule, DateTimeOffset after) =>
        new(schedule.GetNextOccurrence(after.UtcDateTime), TimeSpan.Zero);

    private async Task FireAsync(TimerFunction timer, DateTimeOffset? occurrence, DateTimeOffset? last, DateTimeOffset next, CancellationToken stoppingToken)
    {
        try
        {
            await using var lease = await leases.TryAcquireAsync(timer.Name, occurrence, standalone.Value.TimerLeaseDuration, stoppingToken);
            if (lease is null)
            {
                logger.LogDebug("{Timer}: another instance holds or already ran this occurrence", timer.Name);
                return;
            }

            var isPastDue = occurrence is { } due && time.GetUtcNow() - due > TimeSpan.FromSeconds(30);
            await using var scope = scopes.CreateAsyncScope();
            await timer.Handler(scope.ServiceProvider, new TimerInfo(isPastDue, last, next), stoppingToken);
            if (occurrence is { } fired)
            {
                await lease.CompleteAsync(fired, stoppingToken);
            }
        }
        catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
        {
            // As in Functions: a failed timer run is not retried until its next occurrence.
            logger.LogError(exception, "{Timer} failed", timer.Name);
        }
    }
}
