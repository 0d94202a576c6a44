using Gamity.Integration.Access;
using Gamity.Integration.ApiDocument;
using Gamity.Integration.Defaults;
using Gamity.Integration.Input;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Gamity.Integration.PlayerTokens;

public static class PlayerTokenEndpoints
{
    public const string Route = "player-token";

    public static IEndpointRouteBuilder MapPlayerTokenEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapPost(Route, IssueAsync).WithName("IssuePlayerToken").Accepts<PlayerTokenRequest>("application/json").RequiresApiKey(ApiKeyRequirement.PlayerTokenCaller).ProducesProblems(401, 403, 413);
        return api;
    }

    /// <summary>
    /// <c>POST /api/player-token</c>, server to server: the casino's game-launch backend asks (with one of
    /// <c>PlayerTokens__CallerApiKeys</c>), the browser gets only the token.
    /// </summary>
    public static async Task<Results<Ok<PlayerTokenResponse>, Ok<PlayerTokenTestModeResponse>, ValidationProblem, ProblemHttpResult>> IssueAsync(
        HttpContext http, PlayerTokenIssuer issuer, IOptions<PlayerTokenOptions> options, PlayerTokenMetrics metrics, CancellationToken cancellationToken)
    {
        http.Response.Headers.CacheControl = "no-store"; // a token is per player and short-lived: never cached on the way
        if (ApiKeyGate.Refuse(http.Request, options.Value.CallerApiKeys, "set PlayerTokens__CallerApiKeys__0") is { } refused)
        {
            return refused;
        }

        var (document, error, tooLarge) = await InboundRequestReader.ReadBodyAsync(http.Request, cancellationToken);
        if (document is null)
        {
            if (tooLarge)
            {
                return BoundedBody.TooLargeProblem(InboundRequestReader.MaxBodyBytes, "the inbound body limit");
            }

            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["body"] = [error!] });
        }

        using (document)
        {
            var body = InboundRequestReader.For(document);
            if (PlayerTokenRequest.Read(body) is not { } parsed)
            {
                return TypedResults.ValidationProblem(body.Errors);
            }

            metrics.Issued(parsed.Purpose, options.Value.TestMode);
            if (options.Value.TestMode)
            {
                return TypedResults.Ok(new PlayerTokenTestModeResponse(IsTestMode: true));
            }

            return TypedResults.Ok(issuer.Issue(parsed));
        }
    }

    public static IServiceCollection AddPlayerTokens(this IServiceCollection services)
    {
        services.AddValidatedOptions<PlayerTokenOptions>(PlayerTokenOptions.Section, PlayerTokenOptions.Validate);
        services.AddSingleton<PlayerTokenIssuer>();
        services.AddSingleton<PlayerTokenMetrics>();
        return services;
    }
}
