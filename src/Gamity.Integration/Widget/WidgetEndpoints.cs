using Gamity.Integration.ActiveGames;
using Gamity.Integration.Defaults;
using Gamity.Integration.Input;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Gamity.Integration.Widget;

public static class WidgetEndpoints
{
    public const string AvailabilityRoute = "widget/availability";

    /// <summary>The CORS policy of the availability endpoint (origins from <c>Widget__AllowedOrigins</c>).</summary>
    public const string CorsPolicy = "widget";

    public static IEndpointRouteBuilder MapWidgetEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapGet(AvailabilityRoute, GetAvailabilityAsync).WithName("GetWidgetAvailability").RequireCors(CorsPolicy);
        return api;
    }

    /// <summary>
    /// Should this game load the widget? From the active-games snapshot (only games that have, or will soon have, a
    /// tournament: docs/gamity-contract.md, widget); a stale snapshot answers <c>load: true</c> (fail open,
    /// assumption A7). Public: called from casino pages and game iframes, it reveals only what the widget would show.
    /// </summary>
    public static async Task<Results<Ok<WidgetAvailability>, ValidationProblem>> GetAvailabilityAsync(
        HttpContext http, ActiveGamesReader activeGames, IOptions<WidgetOptions> options, WidgetMetrics metrics, CancellationToken cancellationToken)
    {
        var brandId = http.Request.Query["brandId"].ToString();
        var gameId = http.Request.Query["gameId"].ToString();
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        RequireId(errors, "brandId", brandId);
        RequireId(errors, "gameId", gameId);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var view = await activeGames.GetCurrentAsync(cancellationToken);
        http.Response.Headers.CacheControl = $"public, max-age={options.Value.CacheSeconds}";
        // The answer is cacheable and its CORS headers depend on the caller's origin: a shared cache must key on it,
        // for refused origins too (CORS adds Vary only when it allows the origin).
        if (!http.Response.Headers.Vary.Any(v => v?.Contains("Origin", StringComparison.OrdinalIgnoreCase) == true))
        {
            http.Response.Headers.Append("Vary", "Origin");
        }
        var load = view.IsStale || view.IsActive(brandId, gameId);
        metrics.Answered(load, view.IsStale);
        return TypedResults.Ok(new WidgetAvailability(load, SnapshotAge: view.Age is { } age ? (long)Math.Max(0, age.TotalSeconds) : null, view.IsStale));
    }

    public static IServiceCollection AddWidget(this IServiceCollection services)
    {
        services.AddValidatedOptions<WidgetOptions>(WidgetOptions.Section, WidgetOptions.Validate);
        services.AddSingleton<WidgetMetrics>();
        services.AddCors();
        services.AddOptions<Microsoft.AspNetCore.Cors.Infrastructure.CorsOptions>().Configure<IOptions<WidgetOptions>>((cors, widget) =>
            cors.AddPolicy(CorsPolicy, policy =>
            {
                // A simple GET from a casino page: no credentials, no preflight needed.
                var origins = widget.Value.AllowedOrigins;
                if (origins.Contains("*"))
                {
                    policy.AllowAnyOrigin();
                }
                else
                {
                    policy.WithOrigins([.. origins]);
                }

                policy.WithMethods(HttpMethods.Get);
            }));
        return services;
    }

    private static void RequireId(Dictionary<string, string[]> errors, string name, string value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors[name] = [$"{name} is required (query string)"];
        }
        else if (value.Length > InboundRequestReader.MaxIdLength)
        {
            errors[name] = [$"{name} is {value.Length} characters (at most {InboundRequestReader.MaxIdLength})"];
        }
        else if (IdentifierRules.HasForbiddenCharacter(value))
        {
            errors[name] = [$"{name} {IdentifierRules.ForbiddenCharacterReason}"];
        }
    }
}

/// <param name="Load">Mount the widget in this game.</param>
/// <param name="SnapshotAge">Seconds since the snapshot was fetched from Gamity; null when there is none yet.</param>
/// <param name="Stale">The snapshot is older than <c>ActiveGames__StaleAfter</c> (or missing): <paramref name="Load"/> fails open.</param>
public sealed record WidgetAvailability(bool Load, long? SnapshotAge, bool Stale);
