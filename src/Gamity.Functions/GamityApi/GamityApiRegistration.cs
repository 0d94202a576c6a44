using Gamity.Functions.Configuration;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace Gamity.Functions.GamityApi;

public static class GamityApiRegistration
{
    public const string ApiKeyHeader = "X-API-Key";

    public static IServiceCollection AddGamityApi(this IServiceCollection services)
    {
        services.AddValidatedOptions<GamityOptions>(GamityOptions.Section, GamityOptions.Validate);
        services.AddHttpClient<GamityClient>((sp, http) =>
            {
                var options = sp.GetRequiredService<IOptions<GamityOptions>>().Value;
                http.BaseAddress = new Uri(options.BaseUrl.TrimEnd('/') + "/");
                http.DefaultRequestHeaders.Add(ApiKeyHeader, options.ApiKey);
                http.Timeout = Timeout.InfiniteTimeSpan; // the resilience pipeline owns timeouts
            })
            .AddResilienceHandler("gamity-management", (pipeline, context) =>
            {
                var options = context.ServiceProvider.GetRequiredService<IOptions<GamityOptions>>().Value;
                pipeline.AddTimeout(options.TotalTimeout);
                if (options.MaxRetries > 0)
                {
                    // The management calls are full snapshots (or a GET): resending one is safe, so every
                    // transient failure (408, 429 with Retry-After, 5xx, timeouts, connection errors) is retried.
                    pipeline.AddRetry(new HttpRetryStrategyOptions
                    {
                        MaxRetryAttempts = options.MaxRetries,
                        BackoffType = Polly.DelayBackoffType.Exponential,
                        UseJitter = true,
                        Delay = TimeSpan.FromSeconds(1),
                    });
                }

                pipeline.AddTimeout(options.AttemptTimeout);
            });
        return services;
    }
}
