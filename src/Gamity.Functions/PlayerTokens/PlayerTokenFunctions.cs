using Gamity.Functions.Configuration;
using Gamity.Functions.Hosting;
using Gamity.Functions.Http;
using Gamity.Functions.Inbound;
using Microsoft.Extensions.Options;

namespace Gamity.Functions.PlayerTokens;

public static class PlayerTokenFunctions
{
    /// <summary>Server to server: the casino's game-launch backend asks, the browser gets only the token.</summary>
    public static readonly HttpFunction IssuePlayerToken = new("IssuePlayerToken", "POST", "player-token",
        async Task<IResult> (HttpRequest request, HttpResponse response, PlayerTokenIssuer issuer, IOptions<PlayerTokenOptions> options, PlayerTokenMetrics metrics, CancellationToken ct) =>
        {
            response.Headers.CacheControl = "no-store"; // a token is per player and short-lived: never cached on the way
            var (document, error, tooLarge) = await InboundRequestReader.ReadBodyAsync(request, ct);
            if (document is null)
            {
                return tooLarge
                    ? BoundedBody.TooLargeProblem(InboundRequestReader.MaxBodyBytes, "the inbound body limit")
                    : TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["body"] = [error!] });
            }

            using (document)
            {
                var body = InboundRequestReader.For(document);
                if (PlayerTokenRequest.Read(body) is not { } parsed)
                {
                    return TypedResults.ValidationProblem(body.Errors);
                }

                var testMode = options.Value.TestMode;
                metrics.Issued(parsed.Purpose, testMode);
                return testMode
                    ? TypedResults.Ok(new PlayerTokenTestModeResponse(IsTestMode: true))
                    : TypedResults.Ok(issuer.Issue(parsed));
            }
        },
        HttpAccess.PlayerTokenCallerKey);

    public static IEnumerable<FunctionDefinition> All => [IssuePlayerToken];

    public static IServiceCollection AddPlayerTokens(this IServiceCollection services)
    {
        services.AddValidatedOptions<PlayerTokenOptions>(PlayerTokenOptions.Section, PlayerTokenOptions.Validate);
        services.AddSingleton<PlayerTokenIssuer>();
        services.AddSingleton<PlayerTokenMetrics>();
        return services;
    }
}
