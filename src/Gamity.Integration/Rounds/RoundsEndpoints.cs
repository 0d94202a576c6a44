using Gamity.Integration.Access;
using Gamity.Integration.ApiDocument;
using Gamity.Integration.Input;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Gamity.Integration.Rounds;

public static class RoundsEndpoints
{
    public const string Route = "rounds";
    public const string DeadLettersRoute = "admin/rounds/dead-letters";
    public const string ReplayDeadLettersRoute = "admin/rounds/dead-letters/replay";

    public static IEndpointRouteBuilder MapRoundsEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapPost(Route, ReceiveAsync).WithName("ReceiveRounds").RequiresApiKey(ApiKeyRequirement.Rounds).ProducesProblems(401, 403, 413, 503);
        api.MapGet(DeadLettersRoute, ListDeadLettersAsync).WithName("ListDeadLetteredRounds").RequiresApiKey(ApiKeyRequirement.Admin).ProducesProblems(401, 403, 409);
        api.MapPost(ReplayDeadLettersRoute, ReplayDeadLettersAsync).WithName("ReplayDeadLetteredRounds").RequiresApiKey(ApiKeyRequirement.Admin).ProducesProblems(401, 403, 409);
        return api;
    }

    /// <summary><c>GET /api/admin/rounds/dead-letters?max=100</c>: the dead-lettered round messages with Service Bus's reason, oldest first.</summary>
    public static Task<Results<Ok<IReadOnlyList<DeadLetteredMessage>>, ValidationProblem, ProblemHttpResult>> ListDeadLettersAsync(
        HttpRequest request, OperatorGate gate, RoundsDeadLetters deadLetters, CancellationToken cancellationToken) =>
        DeadLettersAsync(request, gate, deadLetters, max => deadLetters.ListAsync(max, cancellationToken));

    /// <summary><c>POST /api/admin/rounds/dead-letters/replay?max=100</c>: moves up to <c>max</c> of them back to the rounds queue.</summary>
    public static Task<Results<Ok<DeadLetterReplay>, ValidationProblem, ProblemHttpResult>> ReplayDeadLettersAsync(
        HttpRequest request, OperatorGate gate, RoundsDeadLetters deadLetters, CancellationToken cancellationToken) =>
        DeadLettersAsync(request, gate, deadLetters, max => deadLetters.ReplayAsync(max, cancellationToken));

    /// <summary>Both dead-letter routes: the operators' key, then <c>max</c>, then a Service Bus to read.</summary>
    private static async Task<Results<Ok<T>, ValidationProblem, ProblemHttpResult>> DeadLettersAsync<T>(
        HttpRequest request, OperatorGate gate, RoundsDeadLetters deadLetters, Func<int, Task<T>> act)
    {
        if (gate.Refuse(request) is { } refused)
        {
            return refused;
        }

        if (ReadMax(request) is not { } max)
        {
            return MaxProblem();
        }

        if (NoServiceBus(deadLetters) is { } missing)
        {
            return missing;
        }

        return TypedResults.Ok(await act(max));
    }

    private static ProblemHttpResult? NoServiceBus(RoundsDeadLetters deadLetters) =>
        deadLetters.IsConfigured
            ? null
            : TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "No Service Bus connection",
                detail: "There is no dead-letter queue to read: set ServiceBus__fullyQualifiedNamespace (or the ServiceBus connection string).");

    /// <summary><c>max</c>: 1–500, 100 when absent; null when it is anything else.</summary>
    private static int? ReadMax(HttpRequest request)
    {
        var text = request.Query["max"].ToString();
        if (text.Length == 0)
        {
            return 100;
        }

        return int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var max) && max is >= 1 and <= RoundsDeadLetters.MaxPerCall ? max : null;
    }

    private static ValidationProblem MaxProblem() =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["max"] = [$"max must be a whole number from 1 to {RoundsDeadLetters.MaxPerCall}"] });

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
