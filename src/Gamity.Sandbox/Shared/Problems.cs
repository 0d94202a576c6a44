using Microsoft.AspNetCore.Http.HttpResults;

namespace Gamity.Sandbox.Shared;

/// <summary>The problem+json answers the sandbox gives.</summary>
public static class Problems
{
    public static ProblemHttpResult Validation(ValidationErrors errors) =>
        TypedResults.Problem(
            title: "The request body is invalid; nothing was changed.",
            statusCode: StatusCodes.Status400BadRequest,
            extensions: new Dictionary<string, object?> { ["errors"] = errors.ToArray() });

    public static ProblemHttpResult InvalidBody(string detail) =>
        TypedResults.Problem(
            title: "The request body could not be read.",
            detail: detail,
            statusCode: StatusCodes.Status400BadRequest);

    public static ProblemHttpResult BadRequest(string detail) =>
        TypedResults.Problem(title: "Bad request.", detail: detail, statusCode: StatusCodes.Status400BadRequest);

    public static ProblemHttpResult Unauthorized() =>
        TypedResults.Problem(
            title: "API key missing or invalid.",
            detail: "Send the integration's key in the X-API-Key header.",
            statusCode: StatusCodes.Status401Unauthorized);

    public static ProblemHttpResult UnknownIntegration(string? integrationId) =>
        TypedResults.Problem(
            title: "Unknown integration.",
            detail: $"No integration '{integrationId}' exists.",
            statusCode: StatusCodes.Status404NotFound);

    public static ProblemHttpResult InjectedFault(int statusCode) =>
        TypedResults.Problem(
            title: "Fault injected by the sandbox.",
            detail: "PUT /sandbox/gamity/faults asked for this answer; nothing was changed.",
            statusCode: statusCode);

    public static ProblemHttpResult TooManyRounds(int max) =>
        TypedResults.Problem(
            title: $"Too many game rounds: max {max} per batch.",
            detail: $"A /batch call takes 1 to {max} rounds; nothing was stored.",
            statusCode: StatusCodes.Status400BadRequest);

    public static ProblemHttpResult BodyTooLarge(long maxBytes) =>
        TypedResults.Problem(
            title: "The request body is too large.",
            detail: $"The sandbox reads at most {maxBytes} bytes per game-round call; nothing was stored.",
            statusCode: StatusCodes.Status413PayloadTooLarge);

    public static ProblemHttpResult InjectedRoundError(int statusCode) =>
        TypedResults.Problem(
            title: "Fault injected by the sandbox.",
            detail: "PUT /sandbox/gamity/rounds/faults (errorRate) asked for this answer; nothing was stored.",
            statusCode: statusCode);

    public static ProblemHttpResult InjectedThrottle(int retryAfterSeconds) =>
        TypedResults.Problem(
            title: "Too many requests (throttled by the sandbox).",
            detail: $"PUT /sandbox/gamity/rounds/faults (throttleRate) asked for this answer; nothing was stored. Retry after {retryAfterSeconds} s.",
            statusCode: StatusCodes.Status429TooManyRequests);

    public static ProblemHttpResult RoundNotFound(string roundId) =>
        TypedResults.Problem(
            title: "Unknown game round.",
            detail: $"No round with roundId '{roundId}' is stored.",
            statusCode: StatusCodes.Status404NotFound);
}
