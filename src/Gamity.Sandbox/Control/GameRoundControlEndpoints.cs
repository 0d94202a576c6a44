using Gamity.Sandbox.Gamity;
using Gamity.Sandbox.Shared;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Gamity.Sandbox.Control;

/// <summary>Inspection of the game rounds the fake Gamity received, and the round-API faults (no auth).</summary>
public static class GameRoundControlEndpoints
{
    public static IEndpointRouteBuilder MapGameRoundControl(this IEndpointRouteBuilder app)
    {
        var rounds = app.MapGroup("/sandbox/gamity/rounds");
        rounds.MapGet("summary", (GameRoundsState state) => TypedResults.Ok(state.Summary()));
        rounds.MapGet("ids", (GameRoundsState state) => TypedResults.Json(state.Ids(), SandboxJsonContext.Default.StringArray));
        rounds.MapDelete("", (GameRoundsState state) =>
        {
            state.Reset();
            return TypedResults.NoContent();
        });
        rounds.MapGet("faults", (GameRoundFaults faults) => TypedResults.Ok(faults.Current));
        rounds.MapPut("faults", SetFaultsAsync);
        rounds.MapDelete("faults", (GameRoundFaults faults) =>
        {
            faults.Reset();
            return TypedResults.NoContent();
        });

        // Literal segments (summary, ids, faults) win over this parameter in routing.
        rounds.MapGet("{roundId}", GetRound);
        return app;
    }

    private static Results<FileContentHttpResult, ProblemHttpResult> GetRound(string roundId, GameRoundsState state) =>
        state.TryGet(roundId, out var round)
            ? TypedResults.Bytes(round.Json, "application/json")
            : Problems.RoundNotFound(roundId);

    private static async Task<Results<Ok<RoundFaultSettings>, ProblemHttpResult>> SetFaultsAsync(
        HttpRequest request, GameRoundFaults faults)
    {
        var read = await JsonBody.ReadAsync(request, SandboxJsonContext.Default.RoundFaultsRequest);
        if (read.Failed)
        {
            return read.Problem;
        }

        var errors = new ValidationErrors();
        if (RoundFaultSettings.From(read.Value, errors) is not { } settings)
        {
            return Problems.Validation(errors);
        }

        faults.Set(settings);
        return TypedResults.Ok(settings);
    }
}
