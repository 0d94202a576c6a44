using Gamity.Integration.PlayerTokens;
using Microsoft.Extensions.Options;

namespace Gamity.Functions.PlayerTokens;

public sealed class PlayerTokenFunctions(PlayerTokenIssuer issuer, IOptions<PlayerTokenOptions> options, PlayerTokenMetrics metrics)
{
    [Function("IssuePlayerToken")]
    public Task<IResult> IssueAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = PlayerTokenEndpoints.Route)] HttpRequest request, CancellationToken cancellationToken) =>
        Http.Result(PlayerTokenEndpoints.IssueAsync(request.HttpContext, issuer, options, metrics, cancellationToken));
}
