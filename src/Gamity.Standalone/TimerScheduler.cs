using Gamity.Integration.Scheduling;
using Microsoft.Extensions.Options;

namespace Gamity.Standalone;

/// <summary>Fires every <see cref="ScheduledJob"/> from its NCRONTAB schedule, one instance at a time (a blob lease per occurrence).</summary>
internal sealed class TimerScheduler(
    IEnumerable<ScheduledJob> jobs,
    IServiceProvider services,
    IServiceScopeFactory scopes,
    IOptions<StandaloneOptions> standalone,
    TimerLeaseStore leases,
    TimeProvider time,
    ILogger<TimerScheduler> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var timers = jobs.Where(job => job.IsConfigured?.Invoke(services) ?? true)
            .Select(job => (Job: job, Schedule: Schedule.Parse(job.Schedule(services)))).ToList();
        if (standalone.Value.RunTimersOnStartup)
        {
            // One after the other, in registration order: operators and brands reach Gamity before the games that name them.
            foreach (var (job, _) in timers)
            {
                await FireAsync(job, occurrence: null, stoppingToken);
            }
        }

        await Task.WhenAll(timers.Select(t => Task.Run(() => RunLoopAsync(t.Job, t.Schedule, stoppingToken), stoppingToken)));
    }

    private async Task RunLoopAsync(ScheduledJob job, NCrontab.CrontabSchedule schedule, CancellationToken stoppingToken)
    {
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

                await FireAsync(job, due, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private static DateTimeOffset Next(NCrontab.CrontabSchedule schedule, DateTimeOffset after) =>
        new(schedule.GetNextOccurrence(after.UtcDateTime), TimeSpan.Zero);

    private async Task FireAsync(ScheduledJob job, DateTimeOffset? occurrence, CancellationToken stoppingToken)
    {
        try
        {
            await using var lease = await leases.TryAcquireAsync(job.Name, occurrence, standalone.Value.TimerLeaseDuration, stoppingToken);
            if (lease is null)
            {
                logger.LogDebug("{Timer}: another instance holds or already ran this occurrence", job.Name);
                return;
            }

            var isPastDue = occurrence is { } due && time.GetUtcNow() - due > TimeSpan.FromSeconds(30);
            await using var scope = scopes.CreateAsyncScope();
            await job.RunAsync(scope.ServiceProvider, isPastDue, stoppingToken);
            if (occurrence is { } fired)
            {
                await lease.CompleteAsync(fired, stoppingToken);
            }
        }
        catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
        {
            // As in Functions: a failed timer run is not retried until its next occurrence.
            logger.LogError(exception, "{Timer} failed", job.Name);
        }
    }
}
