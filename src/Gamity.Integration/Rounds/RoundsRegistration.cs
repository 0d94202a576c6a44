using Gamity.Integration.Defaults;
using Gamity.Integration.GamityApi;
using Gamity.Integration.Scheduling;
using Microsoft.Extensions.Options;

namespace Gamity.Integration.Rounds;

/// <summary><c>Schedules__ForwardRounds</c>: how often the Service Bus drain looks at the queue (every 5 s by default).</summary>
public sealed class RoundsSchedules
{
    public string ForwardRounds { get; set; } = "*/5 * * * * *";

    public static IEnumerable<string> Validate(RoundsSchedules o) => Schedule.Validate(nameof(ForwardRounds), o.ForwardRounds);
}

public static class RoundsRegistration
{
    /// <summary><c>ForwardRounds</c>: the timer-driven Service Bus drain (docs/adr/0011).</summary>
    public static readonly ScheduledJob ForwardRounds = new(
        nameof(RoundsSchedules.ForwardRounds),
        sp => sp.GetRequiredService<IOptions<RoundsSchedules>>().Value.ForwardRounds,
        (sp, _, ct) => sp.GetRequiredService<RoundsDrain>().RunAsync(ct),
        IsConfigured: sp => sp.GetRequiredService<RoundsServiceBus>().Client is not null);

    /// <summary><c>ForwardQueuedRounds</c>: one Storage-queue message (one round or an array) through the pipeline.</summary>
    public static readonly QueueJob ForwardQueuedRounds = new(
        "ForwardQueuedRounds",
        sp => sp.GetRequiredService<IOptions<RoundsOptions>>().Value.QueueName,
        (sp, message, ct) => sp.GetRequiredService<RoundsPipeline>().ProcessQueueMessageAsync(message, ct));

    public static IServiceCollection AddRounds(this IServiceCollection services)
    {
        services.AddValidatedOptions<RoundsOptions>(RoundsOptions.Section, RoundsOptions.Validate);
        services.AddValidatedOptions<RoundsDrainOptions>("Rounds:Drain", RoundsDrainOptions.Validate);
        services.AddValidatedOptions<RoundsSchedules>(Schedule.Section, RoundsSchedules.Validate);
        services.AddSingleton(sp => RoundsServiceBus.FromConfiguration(sp.GetRequiredService<IConfiguration>()));
        services.AddTransient<RoundsDrain>();
        services.AddTransient<RoundsDeadLetters>();
        services.AddSingleton(sp =>
        {
            var rounds = sp.GetRequiredService<IOptions<RoundsOptions>>().Value;
            return new RoundParser(rounds.DefaultRoundType, rounds.Limits);
        });
        services.AddSingleton<InvalidRoundStore>();
        services.AddSingleton<RoundsMetrics>();
        services.AddSingleton<FailOpenNotice>();
        services.AddTransient<RoundsPipeline>();

        // Gamity's Game Round API: the pipeline owns deadlines and retries (a resend is safe: Gamity de-duplicates on roundId).
        services.AddOutboundClient<GamityRoundsClient>(GamityApiRegistration.Endpoint, _ => OutboundPolicy.CallerOwned);
        services.AddSingleton(ForwardRounds);
        services.AddSingleton(ForwardQueuedRounds);
        return services;
    }
}
