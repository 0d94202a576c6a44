using Gamity.Integration.ActiveGames;
using Gamity.Integration.Widget;
using Microsoft.Extensions.Options;

namespace Gamity.Functions.Widget;

/// <summary>CORS for the browser is the platform's in Azure (the Function App's allowed origins, set from <c>Widget__AllowedOrigins</c> by infra/).</summary>
public sealed class WidgetFunctions(ActiveGamesReader activeGames, IOptions<WidgetOptions> options, WidgetMetrics metrics)
{
    [Function("GetWidgetAvailability")]
    public Task<IResult> GetAvailabilityAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = WidgetEndpoints.AvailabilityRoute)] HttpRequest request, CancellationToken cancellationToken) =>
        Http.Result(WidgetEndpoints.GetAvailabilityAsync(request.HttpContext, activeGames, options, metrics, cancellationToken));
}
