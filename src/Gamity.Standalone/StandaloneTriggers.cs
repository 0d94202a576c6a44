using Gamity.Integration.Defaults;

namespace Gamity.Standalone;

public static class StandaloneTriggers
{
    /// <summary>What the Functions host would do for the product's timers and Storage queues.</summary>
    public static IServiceCollection AddStandaloneTriggers(this IServiceCollection services)
    {
        services.AddValidatedOptions<StandaloneOptions>(StandaloneOptions.Section, o => o.TimerLeaseDuration >= TimeSpan.FromSeconds(15) && o.TimerLeaseDuration <= TimeSpan.FromSeconds(60)
            ? []
            : ["Standalone__TimerLeaseDuration must be between 00:00:15 and 00:01:00 (blob lease limits)."]);
        services.AddValidatedOptions<QueuePollerOptions>(QueuePollerOptions.Section, o => o.BatchSize is >= 1 and <= 32 && o.MaxDequeueCount >= 1
            ? []
            : ["Standalone__Queues__BatchSize must be 1–32 and Standalone__Queues__MaxDequeueCount at least 1."]);
        services.AddSingleton<TimerLeaseStore>();
        services.AddHostedService<TimerScheduler>();
        services.AddHostedService<QueuePollerService>();
        return services;
    }
}
