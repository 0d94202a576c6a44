using Gamity.Integration.Access;
using Gamity.Integration.ApiDocument;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Gamity.Integration.Catalog;

/// <summary>The catalog's operator routes: run a sync now, read the run history.</summary>
public static class CatalogEndpoints
{
    public const string RunSyncRoute = "admin/catalog/sync/{kind}";
    public const string GetRunsRoute = "admin/catalog/runs/{kind}";
    public const string PreviewRoute = "admin/catalog/preview/{kind}";

    public static IEndpointRouteBuilder MapCatalogEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapPost(RunSyncRoute, RunSyncAsync).WithName("RunCatalogSync").RequiresApiKey(ApiKeyRequirement.Admin).ProducesProblems(401, 403, 502);
        api.MapGet(GetRunsRoute, GetRunsAsync).WithName("GetCatalogSyncRuns").RequiresApiKey(ApiKeyRequirement.Admin).ProducesProblems(401, 403);
        api.MapGet(PreviewRoute, PreviewAsync).WithName("PreviewCatalogSync").RequiresApiKey(ApiKeyRequirement.Admin).ProducesProblems(401, 403, 502);
        return api;
    }

    /// <summary><c>POST /api/admin/catalog/sync/{kind}?force=true</c>: run a sync now; <c>force</c> overrides the mass-disable guard once.</summary>
    public static async Task<Results<Ok<SyncRun>, UnprocessableEntity<SyncRun>, Conflict<SyncRun>, JsonHttpResult<SyncRun>, ValidationProblem, ProblemHttpResult>> RunSyncAsync(
        HttpRequest request, string kind, OperatorGate gate, CatalogSyncService sync, CancellationToken cancellationToken)
    {
        if (gate.Refuse(request) is { } refused)
        {
            return refused;
        }

        if (ParseKind(kind) is not { } catalogKind)
        {
            return KindProblem(kind);
        }

        if (!TryGetFlag(request, "force", out var force))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["force"] = ["force must be true or false"] });
        }

        var run = await sync.RunAsync(catalogKind, "admin", force, cancellationToken);
        return run.Outcome switch
        {
            SyncOutcome.Succeeded => TypedResults.Ok(run),
            SyncOutcome.Invalid => TypedResults.UnprocessableEntity(run),
            SyncOutcome.Refused => TypedResults.Conflict(run),
            _ => TypedResults.Json(run, CatalogJsonContext.Default.SyncRun, statusCode: StatusCodes.Status502BadGateway),
        };
    }

    /// <summary><c>GET /api/admin/catalog/runs/{kind}?take=20</c>: the newest run records.</summary>
    public static async Task<Results<Ok<List<SyncRun>>, ValidationProblem, ProblemHttpResult>> GetRunsAsync(
        HttpRequest request, string kind, OperatorGate gate, SyncRunStore runs, CancellationToken cancellationToken)
    {
        if (gate.Refuse(request) is { } refused)
        {
            return refused;
        }

        if (ParseKind(kind) is not { } catalogKind)
        {
            return KindProblem(kind);
        }

        var take = request.Query["take"].ToString();
        if (take.Length > 0 && !int.TryParse(take, out _))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["take"] = ["take must be a whole number (1–200)"] });
        }

        return TypedResults.Ok(await runs.GetRecentAsync(catalogKind, Math.Clamp(take.Length > 0 ? int.Parse(take) : 20, 1, 200), cancellationToken));
    }

    /// <summary>
    /// <c>GET /api/admin/catalog/preview/{kind}</c>: what a sync would do at Gamity right now — the refs it would add,
    /// update and disable, and whether the mass-disable guard would refuse it — without sending anything.
    /// </summary>
    public static async Task<Results<Ok<SyncPreview>, ValidationProblem, ProblemHttpResult>> PreviewAsync(
        HttpRequest request, string kind, OperatorGate gate, CatalogSyncService sync, CancellationToken cancellationToken)
    {
        if (gate.Refuse(request) is { } refused)
        {
            return refused;
        }

        if (ParseKind(kind) is not { } catalogKind)
        {
            return KindProblem(kind);
        }

        try
        {
            return TypedResults.Ok(await sync.PreviewAsync(catalogKind, cancellationToken));
        }
        catch (Exception exception) when (CatalogSyncService.IsSourceOrGamityFailure(exception, cancellationToken))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status502BadGateway, title: "The catalog source could not be read", detail: exception.Message);
        }
    }

    private static bool TryGetFlag(HttpRequest request, string name, out bool value)
    {
        value = false;
        var text = request.Query[name].ToString();
        return text.Length == 0 || bool.TryParse(text, out value);
    }

    private static CatalogKind? ParseKind(string kind) => kind switch
    {
        "operators-and-brands" => CatalogKind.OperatorsAndBrands,
        "games" => CatalogKind.Games,
        _ => null,
    };

    private static ValidationProblem KindProblem(string kind) => TypedResults.ValidationProblem(
        new Dictionary<string, string[]> { ["kind"] = [$"'{kind}' is not a catalog kind: use 'operators-and-brands' or 'games'."] });
}
