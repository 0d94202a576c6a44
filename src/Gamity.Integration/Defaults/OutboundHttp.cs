using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace Gamity.Integration.Defaults;

/// <summary>Where an outbound client calls: the base address and the <c>X-API-Key</c> it presents, if any.</summary>
public sealed record OutboundEndpoint(string BaseUrl, string? ApiKey);

/// <summary>
/// How an outbound client behaves on failure: a deadline per attempt, one for all attempts, and how many resends.
/// Only calls that are safe to send again get retries (a full snapshot, a GET); the wallet and the rounds pipeline
/// own their deadlines and retries, which <see cref="CallerOwned"/> leaves to them.
/// </summary>
public sealed record OutboundPolicy(TimeSpan AttemptTimeout, TimeSpan TotalTimeout, int MaxRetries)
{
    public static readonly OutboundPolicy CallerOwned = new(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan, 0);
}

/// <summary>The one way this product registers a typed HTTP client (base address, key header, connection pool, policy).</summary>
public static class OutboundHttp
{
    public const string ApiKeyHeader = "X-API-Key";

    public static IHttpClientBuilder AddOutboundClient<TClient>(
        this IServiceCollection services, Func<IServiceProvider, OutboundEndpoint> endpoint, Func<IServiceProvider, OutboundPolicy> policy, int maxConnectionsPerServer = 64)
        where TClient : class
    {
        var client = services.AddHttpClient<TClient>((sp, http) =>
            {
                var (baseUrl, apiKey) = endpoint(sp);
                http.BaseAddress = new Uri(baseUrl.TrimEnd('/') + "/");
                if (!string.IsNullOrEmpty(apiKey))
                {
                    http.DefaultRequestHeaders.Add(ApiKeyHeader, apiKey);
                }

                http.Timeout = Timeout.InfiniteTimeSpan; // the policy (or the caller) owns every deadline
            })
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                PooledConnectionLifetime = TimeSpan.FromMinutes(5), // DNS changes are picked up
                MaxConnectionsPerServer = maxConnectionsPerServer,
            });
        client.AddResilienceHandler(typeof(TClient).Name, (pipeline, context) =>
        {
            var (attempt, total, retries) = policy(context.ServiceProvider);
            if (total != Timeout.InfiniteTimeSpan)
            {
                pipeline.AddTimeout(total);
            }

            if (retries > 0)
            {
                // 408, 429 (honouring Retry-After), 5xx, timeouts and connection failures.
                pipeline.AddRetry(new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = retries,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    Delay = TimeSpan.FromSeconds(1),
                });
            }

            if (attempt != Timeout.InfiniteTimeSpan)
            {
                pipeline.AddTimeout(attempt);
            }
        });
        return client;
    }
}
