using Gamity.Integration.Defaults;
using Microsoft.Extensions.Options;

namespace Gamity.Integration.GamityApi;

public static class GamityApiRegistration
{
    /// <summary>Gamity's management API (catalog syncs, active games): full snapshots and a GET, so every transient failure is retried.</summary>
    public static IServiceCollection AddGamityApi(this IServiceCollection services)
    {
        services.AddValidatedOptions<GamityOptions>(GamityOptions.Section, GamityOptions.Validate);
        services.AddOutboundClient<GamityClient>(Endpoint, sp =>
        {
            var options = sp.GetRequiredService<IOptions<GamityOptions>>().Value;
            return new OutboundPolicy(options.AttemptTimeout, options.TotalTimeout, options.MaxRetries);
        });
        return services;
    }

    /// <summary>Gamity's host and this integration's key: shared by the management and the Game Round API clients.</summary>
    public static OutboundEndpoint Endpoint(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<GamityOptions>>().Value;
        return new OutboundEndpoint(options.BaseUrl, options.ApiKey);
    }
}
