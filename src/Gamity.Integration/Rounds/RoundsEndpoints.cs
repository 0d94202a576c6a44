using Gamity.Integration.Access;
using Gamity.Integration.ApiDocument;
using Gamity.Integration.Input;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Gamity.Integration.Rounds;

public static class RoundsEndpoints
{
    public const string Route = "rounds";

    public static IEndpointRouteBuilder MapRoundsEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapPost(Route, ReceiveAsync).WithName("ReceiveRounds").RequiresApiKey(ApiKeyRequirement.Rounds).ProducesProblems(401, 403, 413, 503);
        return api;
    }

    /// <summary><c>POST /api/rounds</c>: one round or an array, for casinos that prefer HTTP to a queue.</summary>
    public static async Task<Results<Ok<RoundsOutcome>, ValidationProblem, ProblemHttpResult>> ReceiveAsync(
        HttpContext http, RoundsPipeline pipeline, IOptions<RoundsOptions> options, CancellationToken cancellationToken)
    {
        var request = http.Request;
        if (ApiKeyGate.Refuse(request, options.Value.ApiKeys, "set Rounds__ApiKeys__0") is { } refused)
        {
            return refused;
        }

        var limits = options.Value.Limits;
        var (body, tooLarge) = await BoundedBody.ReadAsync(request, limits.MaxMessageBytes, cancellationToken);
        if (tooLarge)
        {
            return BoundedBody.TooLargeProblem(limits.MaxMessageBytes, "Rounds__MaxMessageBytes");
        }

        var messageId = request.Headers["X-Message-Id"].FirstOrDefault();
        if (messageId is not null && (string.IsNullOrWhiteSpace(messageId) || messageId.Length > RoundRules.MaxIdLength || IdentifierRules.HasForbiddenCharacter(messageId)))
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["X-Message-Id"] = [$"X-Message-Id must be 1–{RoundRules.MaxIdLength} characters without control or bidirectional characters"] },
                title: "The request is invalid; nothing was stored");
        }

        try
        {
            var (outcome, parse) = await pipeline.ProcessBodyAsync(new RoundMessage(body, messageId ?? "http-" + Guid.NewGuid().ToString("N")), cancellationToken);
            return parse.Refusal switch
            {
                MessageRefusal.None => TypedResults.Ok(outcome!),
                MessageRefusal.TooLarge => TypedResults.Problem(parse.Reason, statusCode: StatusCodes.Status413PayloadTooLarge, title: "The request holds too many rounds; nothing was stored"),
                _ => TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["body"] = [parse.Reason!] }, title: "The body is not a round or an array of rounds; nothing was stored"),
            };
        }
        catch (RoundsForwardingException exception)
        {
            // Nothing is lost by answering "try again": the resend is safe because Gamity de-duplicates on roundId.
            http.Response.Headers.RetryAfter = "30";
            return TypedResults.Problem(exception.Message, statusCode: StatusCodes.Status503ServiceUnavailable, title: "Gamity did not accept every round; send the request again");
        }
    }
}
