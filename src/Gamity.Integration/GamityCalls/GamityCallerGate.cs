using Gamity.Integration.Access;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Gamity.Integration.GamityCalls;

/// <summary>
/// Gamity's calls (payouts, debits): the source address is allow-listed first (403), then the key is checked in
/// constant time (401), with the statuses of <see cref="RepliesToGamityOptions"/>. Nothing is read or stored
/// before both pass.
/// </summary>
public sealed class GamityCallerGate(ClientAddressPolicy addresses, IOptions<InboundOptions> inbound, IOptions<RepliesToGamityOptions> replies)
{
    public ProblemHttpResult? Refuse(HttpContext http)
    {
        var client = addresses.ClientAddress(http.Connection.RemoteIpAddress, http.Request.Headers["X-Forwarded-For"].ToString());
        if (!addresses.IsAllowed(client))
        {
            return TypedResults.Problem($"Calls from {client?.ToString() ?? "an unknown address"} are not allowed.", statusCode: replies.Value.Forbidden, title: "Forbidden");
        }

        return ApiKeyGate.Matches(http.Request.Headers[ApiKeyGate.Header].ToString(), inbound.Value.ApiKeys) ? null : ApiKeyGate.Unauthorized(replies.Value.Unauthorized);
    }
}
