using Gamity.Integration.Defaults;
using Gamity.Integration.GamityApi;
using Gamity.Integration.Scheduling;
using Microsoft.Extensions.Options;

namespace Gamity.Integration.Rounds;

public static class RoundsRegistration
{
    /// <summary><c>ForwardQueuedRounds</c>: one Storage-queue message (one round or an array) through the pipeline.</summary>
    public static readonly QueueJob ForwardQueuedRounds = new(
        "ForwardQueuedRounds",
        sp => sp.GetRequiredService<IOptions<RoundsOptions>>().Value.QueueName,
        (sp, message, ct) => sp.GetRequiredService<RoundsPipeline>().ProcessQueueMessageAsync(message, ct));

    public static IServiceCollection AddRounds(this IServiceCollection services)
    {
        services.AddValidatedOptions<RoundsOptions>(RoundsOptions.Section, RoundsOptions.Validate);
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
        services.AddSingleton(ForwardQueuedRounds);
        return services;
    }
}
