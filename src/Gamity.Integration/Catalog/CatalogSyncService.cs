using System.Diagnostics;
using Gamity.Integration.GamityApi;
using Gamity.Integration.Defaults;
using Gamity.Integration.Catalog;
using Microsoft.Extensions.Options;

namespace Gamity.Integration.Catalog;

/// <summary>
/// SyncOperatorsAndBrands / SyncGames: catalog source → validate everything → mass-disable guard → Gamity,
/// and every run recorded, whatever its outcome. Expected failures (bad catalog, guard, source or Gamity
/// errors) are outcomes, not exceptions.
/// </summary>
public sealed class CatalogSyncService(
    ICatalogSource source,
    GamityClient gamity,
    SyncStateStore state,
    SyncRunStore runs,
    IOptions<SyncOptions> options,
    CatalogMetrics metrics,
    TimeProvider time,
    ILogger<CatalogSyncService> logger)
{
    /// <summary>
    /// The timers' run. A run that did not succeed fails the invocation, so it shows as a failed execution in
    /// Azure monitoring (the run record holds the reasons either way).
    /// </summary>
    public async Task RunOnScheduleAsync(CatalogKind kind, bool isPastDue, CancellationToken cancellationToken)
    {
        var run = await RunAsync(kind, isPastDue ? "timer (past due)" : "timer", force: false, cancellationToken);
        if (run.Outcome != SyncOutcome.Succeeded)
        {
            throw new CatalogSyncFailedException($"Sync {kind} {run.Outcome} (run {run.RunId}): {string.Join(" | ", run.Errors.Take(3))}");
        }
    }

    public async Task<SyncRun> RunAsync(CatalogKind kind, string trigger, bool force, CancellationToken cancellationToken)
    {
        var started = time.GetUtcNow();
        var stopwatch = Stopwatch.StartNew();
        var run = new SyncRun { RunId = Guid.NewGuid().ToString("N"), Kind = kind, Trigger = trigger, StartedAt = started, Forced = force };
        try
        {
            run = kind == CatalogKind.OperatorsAndBrands
                ? await SyncOperatorsAndBrandsAsync(run, cancellationToken)
                : await SyncGamesAsync(run, cancellationToken);
        }
        catch (Exception exception) when (exception is CatalogSourceException or GamityApiException or HttpRequestException or TimeoutException
                                          or Polly.Timeout.TimeoutRejectedException
                                          || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            run = run with
            {
                Outcome = SyncOutcome.Failed,
                Errors = [exception.Message],
                ErrorCount = 1,
                GamityStatus = exception is GamityApiException gamityError ? (int)gamityError.Status : run.GamityStatus,
                GamityResponse = exception is GamityApiException answered ? answered.BodyExcerpt : run.GamityResponse,
            };
        }

        run = run with { DurationMs = stopwatch.Elapsed.TotalMilliseconds };
        await runs.SaveAsync(run, cancellationToken);
        metrics.RecordCatalogSync(run);
        Log(run);
        return run;
    }

    private async Task<SyncRun> SyncOperatorsAndBrandsAsync(SyncRun run, CancellationToken cancellationToken)
    {
        var operators = await source.GetOperatorsAndBrandsAsync(cancellationToken);
        run = run with { Operators = operators.Count, Brands = operators.Sum(o => o?.Brands?.Count ?? 0) };
        var errors = CatalogValidator.ValidateOperators(operators);
        if (errors.Count > 0)
        {
            return Invalid(run, errors);
        }

        var enabled = new HashSet<string>(StringComparer.Ordinal);
        foreach (var op in operators)
        {
            enabled.Add("operator:" + op.Ref);
            enabled.UnionWith(op.Brands!.Select(b => "brand:" + b.Ref));
        }

        return await GuardAndPushAsync(run, enabled, ct => gamity.SyncOperatorsAndBrandsAsync(operators, ct), cancellationToken);
    }

    private async Task<SyncRun> SyncGamesAsync(SyncRun run, CancellationToken cancellationToken)
    {
        IReadOnlySet<string>? knownBrands = null;
        if (options.Value.RequireKnownBrandRefs)
        {
            var operators = await source.GetOperatorsAndBrandsAsync(cancellationToken);
            knownBrands = operators.SelectMany(o => o?.Brands ?? []).Select(b => b?.Ref).OfType<string>().ToHashSet(StringComparer.Ordinal);
        }

        var games = await source.GetGamesAsync(cancellationToken);
        run = run with { Games = games.Count };
        var errors = CatalogValidator.ValidateGames(games, knownBrands);
        if (errors.Count > 0)
        {
            return Invalid(run, errors);
        }

        var enabled = games.Where(g => g.IsEnabled == true).Select(g => g.GameId!).ToHashSet(StringComparer.Ordinal);
        return await GuardAndPushAsync(run, enabled, ct => gamity.SyncGamesAsync(games, ct), cancellationToken);
    }

    private async Task<SyncRun> GuardAndPushAsync(SyncRun run, HashSet<string> enabled, Func<CancellationToken, Task<ResponseFromGamity>> push, CancellationToken cancellationToken)
    {
        var maxFraction = options.Value.MaxDisableFraction;
        var previous = await state.GetLastSuccessAsync(run.Kind, cancellationToken);
        var check = MassDisableGuard.Evaluate(previous?.EnabledRefs, enabled, maxFraction);
        run = run with { WouldDisable = check.WouldDisable };
        if (!check.Allowed && !run.Forced)
        {
            var reason = $"Refused by the mass-disable guard: this sync {check.Describe(maxFraction)}. Nothing was sent. " +
                         "If the catalog is right, force one run: POST /api/admin/catalog/sync/{kind}?force=true.";
            return run with { Outcome = SyncOutcome.Refused, Errors = [reason], ErrorCount = 1 };
        }

        var answer = await push(cancellationToken);
        await state.SaveLastSuccessAsync(run.Kind, new SyncState(time.GetUtcNow(), run.RunId, [.. enabled]), cancellationToken);
        return run with { Outcome = SyncOutcome.Succeeded, ContentHash = answer.ContentHash, GamityStatus = answer.Status, GamityResponse = answer.BodyExcerpt };
    }

    private static SyncRun Invalid(SyncRun run, List<string> errors) =>
        run with { Outcome = SyncOutcome.Invalid, Errors = errors, ErrorCount = errors.Count };

    private void Log(SyncRun run)
    {
        var counts = run.Kind == CatalogKind.Games ? $"{run.Games} games" : $"{run.Operators} operators, {run.Brands} brands";
        if (run.Outcome == SyncOutcome.Succeeded)
        {
            logger.LogInformation(
                "Sync {Kind} succeeded: {Counts} sent to Gamity in {Duration:F0} ms ({WouldDisable} now disabled; Gamity answered {Status} {Response}; sha256 {Hash})",
                run.Kind, counts, run.DurationMs, run.WouldDisable, run.GamityStatus, run.GamityResponse, run.ContentHash);
            return;
        }

        logger.LogError(
            "Sync {Kind} {Outcome}: {Counts}, nothing changed in Gamity. {ErrorCount} reason(s): {Reasons}",
            run.Kind, run.Outcome, counts, run.ErrorCount, string.Join(" | ", run.Errors.Take(10)) + (run.ErrorCount > 10 ? " | …" : string.Empty));
    }
}

public sealed class CatalogSyncFailedException(string message) : Exception(message);
