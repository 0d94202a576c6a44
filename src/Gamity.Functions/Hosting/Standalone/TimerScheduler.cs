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
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(functions.OfType<TimerFunction>().Select(timer => Task.Run(() => RunLoopAsync(timer, stoppingToken), stoppingToken)));

    private async Task RunLoopAsync(TimerFunction timer, CancellationToken stoppingToken)
    {
        var schedule = SchedulesOptions.Parse(timer.Schedule(schedules.Value));
        DateTimeOffset? last = null;
        try
        {
            if (standalone.Value.RunTimersOnStartup)
            {
                await FireAsync(timer, occurrence: null, last, next: Next(), stoppingToken);
            }

            while (!stoppingToken.IsCancellationRequested)
            {
                var due = Next();
                var delay = due - time.GetUtcNow();
                if (delay > TimeSpan.Zero)
                {
                    await Task.Delay(delay, time, stoppingToken);
                }

                await FireAsync(timer, due, last, Next(due), stoppingToken);
                last = due;
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        DateTimeOffset Next(DateTimeOffset? after = null) =>
            new(schedule.GetNextOccurrence((after ?? time.GetUtcNow()).UtcDateTime), TimeSpan.Zero);
    }

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
