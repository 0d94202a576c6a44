using Gamity.Functions.ActiveGames;
using Gamity.Functions.Configuration;
using Gamity.Functions.Hosting;
using Gamity.Functions.Inbound;
using Gamity.Functions.PlayerTokens;
using Gamity.Functions.Validation;
using Microsoft.Extensions.Options;

namespace Gamity.Functions.Widget;

public static class WidgetFunctions
{
    /// <summary>
    /// Should this game load the widget? From the active-games snapshot (contract §8.1: only games that have, or
    /// will soon have, a tournament); a stale snapshot answers <c>load: true</c> (fail open, DESIGN §4). Public:
    /// called from casino pages and game iframes, it reveals only what the widget itself would show.
    /// </summary>
    public static readonly HttpFunction GetWidgetAvailability = new("GetWidgetAvailability", "GET", "widget/availability",
        async Task<IResult> (HttpRequest request, HttpResponse response, ActiveGamesReader activeGames, IOptions<WidgetOptions> options, PlayerTokenMetrics metrics, CancellationToken ct) =>
        {
            var brandId = request.Query["brandId"].ToString();
            var gameId = request.Query["gameId"].ToString();
            var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
            RequireId(errors, "brandId", brandId);
            RequireId(errors, "gameId", gameId);
            AllowOrigin(request, response, options.Value);
            if (errors.Count > 0)
            {
                return TypedResults.ValidationProblem(errors);
            }

            var view = await activeGames.GetCurrentAsync(ct);
            response.Headers.CacheControl = $"public, max-age={options.Value.CacheSeconds}";
            var load = view.IsStale || view.IsActive(brandId, gameId);
            metrics.Answered(load, view.IsStale);
            return TypedResults.Ok(new WidgetAvailability(load, SnapshotAge: view.Age is { } age ? (long)Math.Max(0, age.TotalSeconds) : null, view.IsStale));
        });

    public static IEnumerable<FunctionDefinition> All => [GetWidgetAvailability];

    public static IServiceCollection AddWidget(this IServiceCollection services) =>
        services.AddValidatedOptions<WidgetOptions>(WidgetOptions.Section, WidgetOptions.Validate);

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

    /// <summary>A browser on an allowed origin may read the answer (a simple GET: no preflight needed).</summary>
    private static void AllowOrigin(HttpRequest request, HttpResponse response, WidgetOptions options)
    {
        response.Headers.Vary = "Origin";
        var origin = request.Headers.Origin.ToString();
        if (origin.Length == 0 || options.AllowedOrigins.Count == 0)
        {
            return;
        }

        if (options.AllowedOrigins.Contains("*"))
        {
            response.Headers.AccessControlAllowOrigin = "*";
        }
        else if (options.AllowedOrigins.Contains(origin, StringComparer.OrdinalIgnoreCase))
        {
            response.Headers.AccessControlAllowOrigin = origin;
        }
    }
}

/// <param name="Load">Mount the widget in this game.</param>
/// <param name="SnapshotAge">Seconds since the snapshot was fetched from Gamity; null when there is none yet.</param>
/// <param name="Stale">The snapshot is older than <c>ActiveGames__StaleAfter</c> (or missing): <paramref name="Load"/> fails open.</param>
public sealed record WidgetAvailability(bool Load, long? SnapshotAge, bool Stale);
