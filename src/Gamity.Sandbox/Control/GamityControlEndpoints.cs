using Gamity.Sandbox.Gamity;
using Gamity.Sandbox.Shared;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Gamity.Sandbox.Control;

/// <summary>Inspection of what the fake Gamity holds and received, and the knobs tests turn (no auth).</summary>
public static class GamityControlEndpoints
{
    public static IEndpointRouteBuilder MapGamityControl(this IEndpointRouteBuilder app)
    {
        var gamity = app.MapGroup("/sandbox/gamity");
        gamity.MapGet("operators", (GamityOperatorsState state) => TypedResults.Ok(state.Snapshot()));
        gamity.MapGet("games", GetGames);
        gamity.MapGet("calls", (GamityCallLog calls) => TypedResults.Ok(calls.Snapshot()));
        gamity.MapPut("active-games", ReplaceActiveGamesAsync);
        gamity.MapGet("faults", GetFault);
        gamity.MapPut("faults", SetFaultAsync);
        gamity.MapDelete("faults", (GamityFaults faults) =>
        {
            faults.Reset();
            return TypedResults.NoContent();
        });
        return app;
    }

    private static IResult GetGames(GamityGamesState state, bool summary = false) =>
        summary ? TypedResults.Ok(state.Summary()) : TypedResults.Ok(state.Snapshot());

    private static async Task<Results<NoContent, ProblemHttpResult>> ReplaceActiveGamesAsync(
        HttpRequest request, ActiveGamesState state)
    {
        var read = await JsonBody.ReadAsync(request, SandboxJsonContext.Default.ListActiveGame);
        if (read.Failed)
        {
            return read.Problem;
        }

        var errors = new ValidationErrors();
        for (var i = 0; i < read.Value.Count; i++)
        {
            errors.CheckPresent(read.Value[i]?.GameId, $"[{i}].gameId");
        }

        if (errors.Any)
        {
            return Problems.Validation(errors);
        }

        state.Replace(read.Value.Select(game => game with { BrandIds = game.BrandIds ?? [] }).ToList());
        return TypedResults.NoContent();
    }

    private static Results<Ok<FaultSetting>, NoContent> GetFault(GamityFaults faults) =>
        faults.Current is { } fault ? TypedResults.Ok(fault) : TypedResults.NoContent();

    private static async Task<Results<Ok<FaultSetting>, ProblemHttpResult>> SetFaultAsync(
        HttpRequest request, GamityFaults faults)
    {
        var read = await JsonBody.ReadAsync(request, SandboxJsonContext.Default.FaultSetting);
        if (read.Failed)
        {
            return read.Problem;
        }

        var (statusCode, remaining) = read.Value;
        if (statusCode is < 400 or > 599)
        {
            return Problems.BadRequest("statusCode must be an error status between 400 and 599.");
        }

        if (remaining is < 1)
        {
            return Problems.BadRequest("remaining must be at least 1, or absent to keep the fault until it is cleared.");
        }

        faults.Set(statusCode, remaining);
        return TypedResults.Ok(read.Value);
    }
}
