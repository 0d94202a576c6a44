using System.Diagnostics;
using Gamity.Sandbox.Shared;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Gamity.Sandbox.Gamity;

/// <summary>Gamity's management API as documented (gamity-contract.md §3–§5), under <c>/external/{integrationId}/</c>.</summary>
public static class GamityEndpoints
{
    /// <summary>The group every fake Gamity endpoint lives in, so each gets the gate (faults, key, integration id).</summary>
    public static RouteGroupBuilder MapGamityExternalGroup(this IEndpointRouteBuilder app) =>
        app.MapGroup("/external/{integrationId}").AddEndpointFilter<GamityGateFilter>();

    public static RouteGroupBuilder MapGamityManagementApi(this RouteGroupBuilder external)
    {
        external.MapPost("sync-operators-and-brands", SyncOperatorsAndBrandsAsync);
        external.MapPost("sync-games", SyncGamesAsync);
        external.MapGet("active-games", (ActiveGamesState activeGames) =>
            TypedResults.Json(activeGames.Current, SandboxJsonContext.Default.IReadOnlyListActiveGame));
        return external;
    }

    private static async Task<Results<Ok<OperatorsSyncOutcome>, ProblemHttpResult>> SyncOperatorsAndBrandsAsync(
        HttpRequest request, GamityOperatorsState state, SandboxConsole console)
    {
        var started = Stopwatch.GetTimestamp();
        var read = await JsonBody.ReadAsync(request, SandboxJsonContext.Default.ListSyncOperator);
        if (read.Failed)
        {
            return read.Problem;
        }

        var errors = OperatorsSyncValidator.Validate(read.Value);
        if (errors.Any)
        {
            return Problems.Validation(errors);
        }

        var outcome = state.Merge(read.Value);
        var brandCount = read.Value.Sum(@operator => @operator.Brands!.Count);
        console.WriteLine(
            $"sync-operators-and-brands {read.Value.Count} operators, {brandCount} brands " +
            $"(operators added {outcome.Added}, updated {outcome.Updated}, disabled {outcome.Disabled}; " +
            $"brands added {outcome.Brands.Added}, updated {outcome.Brands.Updated}, disabled {outcome.Brands.Disabled}) " +
            $"in {Stopwatch.GetElapsedTime(started).TotalMilliseconds:F0} ms");
        return TypedResults.Ok(outcome);
    }

    private static async Task<Results<Ok<SyncOutcome>, ProblemHttpResult>> SyncGamesAsync(
        HttpRequest request, GamityGamesState state, SandboxConsole console)
    {
        var started = Stopwatch.GetTimestamp();
        var read = await JsonBody.ReadAsync(request, SandboxJsonContext.Default.ListSyncGame);
        if (read.Failed)
        {
            return read.Problem;
        }

        var errors = GamesSyncValidator.Validate(read.Value);
        if (errors.Any)
        {
            return Problems.Validation(errors);
        }

        var outcome = state.Merge(read.Value);
        console.WriteLine(
            $"sync-games {read.Value.Count} games " +
            $"(added {outcome.Added}, updated {outcome.Updated}, disabled {outcome.Disabled}) " +
            $"in {Stopwatch.GetElapsedTime(started).TotalMilliseconds:F0} ms");
        return TypedResults.Ok(outcome);
    }
}
