using Gamity.Functions.Admin;
using Gamity.Functions.Configuration;
using Gamity.Functions.Hosting;
using Gamity.Functions.Hosting.Invocation;
using Microsoft.Extensions.Options;

namespace Gamity.Functions.Catalog;

/// <summary>Trigger adapters of the catalog sync: two daily timers and the operator commands.</summary>
public static class CatalogFunctions
{
    public static readonly TimerFunction SyncOperatorsAndBrands = Timer("SyncOperatorsAndBrands", nameof(SchedulesOptions.SyncOperatorsAndBrands), s => s.SyncOperatorsAndBrands, CatalogKind.OperatorsAndBrands);

    public static readonly TimerFunction SyncGames = Timer("SyncGames", nameof(SchedulesOptions.SyncGames), s => s.SyncGames, CatalogKind.Games);

    /// <summary><c>POST /api/admin/catalog/sync/{kind}?force=true</c>: run a sync now; <c>force</c> overrides the mass-disable guard once.</summary>
    public static readonly HttpFunction RunCatalogSync = new(
        "RunCatalogSync",
        "POST",
        "admin/catalog/sync/{kind}",
        async Task<IResult> (string kind, bool? force, CatalogSyncService sync, CancellationToken cancellationToken) =>
        {
            if (ParseKind(kind) is not { } catalogKind)
            {
                return KindProblem(kind);
            }

            var run = await sync.RunAsync(catalogKind, "admin", force ?? false, cancellationToken);
            return run.Outcome switch
            {
                SyncOutcome.Succeeded => TypedResults.Ok(run),
                SyncOutcome.Invalid => TypedResults.UnprocessableEntity(run),
                SyncOutcome.Refused => TypedResults.Conflict(run),
                _ => TypedResults.Json(run, CatalogJsonContext.Default.SyncRun, statusCode: StatusCodes.Status502BadGateway),
            };
        },
        HttpAccess.AdminKey);

    /// <summary><c>GET /api/admin/catalog/runs/{kind}?take=20</c>: the newest run records.</summary>
    public static readonly HttpFunction GetCatalogSyncRuns = new(
        "GetCatalogSyncRuns",
        "GET",
        "admin/catalog/runs/{kind}",
        async Task<IResult> (string kind, int? take, SyncRunStore runs, CancellationToken cancellationToken) =>
            ParseKind(kind) is { } catalogKind
                ? TypedResults.Ok(await runs.GetRecentAsync(catalogKind, Math.Clamp(take ?? 20, 1, 200), cancellationToken))
                : KindProblem(kind),
        HttpAccess.AdminKey);

    public static IEnumerable<FunctionDefinition> All => [SyncOperatorsAndBrands, SyncGames, RunCatalogSync, GetCatalogSyncRuns];

    public static IServiceCollection AddCatalogSync(this IServiceCollection services)
    {
        services.AddValidatedOptions<CatalogOptions>(CatalogOptions.Section, CatalogOptions.Validate);
        services.AddValidatedOptions<SyncOptions>(SyncOptions.Section, SyncOptions.Validate);
        services.AddHttpClient<HttpCatalogSource>((sp, http) =>
        {
            var options = sp.GetRequiredService<IOptions<CatalogOptions>>().Value;
            if (options.BaseUrl is { } baseUrl)
            {
                http.BaseAddress = new Uri(baseUrl.TrimEnd('/') + "/");
            }

            if (!string.IsNullOrEmpty(options.ApiKey))
            {
                http.DefaultRequestHeaders.Add("X-API-Key", options.ApiKey);
            }

            http.Timeout = options.Timeout;
        }).AddStandardResilienceHandler(resilience =>
        {
            // GETs of a possibly large catalog: generous per-attempt time, retries on transient errors.
            resilience.AttemptTimeout.Timeout = TimeSpan.FromSeconds(60);
            resilience.CircuitBreaker.SamplingDuration = TimeSpan.FromMinutes(2);
            resilience.TotalRequestTimeout.Timeout = TimeSpan.FromMinutes(3);
        });
        services.AddTransient<FileCatalogSource>();
        services.AddTransient<ICatalogSource>(sp => sp.GetRequiredService<IOptions<CatalogOptions>>().Value.Source == CatalogSourceKind.File
            ? sp.GetRequiredService<FileCatalogSource>()
            : sp.GetRequiredService<HttpCatalogSource>());
        services.AddSingleton<SyncRunStore>();
        services.AddSingleton<SyncStateStore>();
        services.AddTransient<CatalogSyncService>();
        return services;
    }

    private static TimerFunction Timer(string name, string setting, Func<SchedulesOptions, string> schedule, CatalogKind kind) => new(
        name,
        setting,
        schedule,
        async (services, timer, cancellationToken) =>
        {
            var run = await services.GetRequiredService<CatalogSyncService>().RunAsync(kind, timer.IsPastDue ? "timer (past due)" : "timer", force: false, cancellationToken);
            return run.Outcome == SyncOutcome.Succeeded
                ? InvocationResult.WithLog($"{name} succeeded: run {run.RunId}")
                // Failing the invocation makes the run visible as a failed execution in Azure monitoring.
                : throw new CatalogSyncFailedException($"{name} {run.Outcome} (run {run.RunId}): {string.Join(" | ", run.Errors.Take(3))}");
        });

    private static CatalogKind? ParseKind(string kind) => kind switch
    {
        "operators-and-brands" => CatalogKind.OperatorsAndBrands,
        "games" => CatalogKind.Games,
        _ => null,
    };

    private static IResult KindProblem(string kind) => TypedResults.ValidationProblem(
        new Dictionary<string, string[]> { ["kind"] = [$"'{kind}' is not a catalog kind: use 'operators-and-brands' or 'games'."] });
}

public sealed class CatalogSyncFailedException(string message) : Exception(message);
