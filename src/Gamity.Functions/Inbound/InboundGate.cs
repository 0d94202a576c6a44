using Gamity.Functions.Http;
using Microsoft.Extensions.Options;

namespace Gamity.Functions.Inbound;

/// <summary>Gamity's calls: source address allow-listed first (403), then the key, in constant time (401). Nothing is read or stored before both pass.</summary>
public static class InboundGate
{
    public static TBuilder RequireGamity<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var services = http.RequestServices;
            var responses = services.GetRequiredService<IOptions<GamityResponses>>().Value;
            var policy = services.GetRequiredService<ClientAddressPolicy>();
            var client = policy.ClientAddress(http.Connection.RemoteIpAddress, http.Request.Headers["X-Forwarded-For"].ToString());
            if (!policy.IsAllowed(client))
            {
                return TypedResults.Problem($"Calls from {client?.ToString() ?? "an unknown address"} are not allowed.", statusCode: responses.Forbidden, title: "Forbidden");
            }

            var keys = services.GetRequiredService<IOptions<InboundOptions>>().Value.ApiKeys;
            return ApiKeyFilter.Matches(http.Request.Headers[ApiKeyFilter.Header].ToString(), keys)
                ? await next(context)
                : TypedResults.Problem($"Missing or wrong {ApiKeyFilter.Header}.", statusCode: responses.Unauthorized, title: "Unauthorized");
        });
}
