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
            (run, var prepared) = await PrepareAsync(run, cancellationToken);
            if (prepared is not null)
            {
                run = await GuardAndPushAsync(run, prepared, cancellationToken);
            }
        }
        catch (Exception exception) when (IsSourceOrGamityFailure(exception, cancellationToken))
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

    /// <summary>
    /// What a sync would do at Gamity now: the refs it would add, update and disable against what Gamity last accepted
    /// from us, and whether the mass-disable guard would refuse it. Reads the source like a sync; sends nothing and
    /// records no run. Throws what reading the source throws (<see cref="IsSourceOrGamityFailure"/>).
    /// </summary>
    public async Task<SyncPreview> PreviewAsync(CatalogKind kind, CancellationToken cancellationToken)
    {
        var (run, prepared) = await PrepareAsync(new SyncRun { RunId = "preview", Kind = kind, Trigger = "preview", StartedAt = time.GetUtcNow() }, cancellationToken);
        var previous = await state.GetLastSuccessAsync(kind, cancellationToken);
        if (prepared is null)
        {
            return new SyncPreview(kind, SyncPreviewVerdict.Invalid, previous?.SyncedAt, previous?.RunId, [], [], [], false, null, run.Errors);
        }

        var maxFraction = options.Value.MaxDisableFraction;
        var check = MassDisableGuard.Evaluate(previous?.EnabledRefs, prepared.Enabled, maxFraction);
        var known = previous?.Fingerprints;
        var previouslySent = known?.Keys ?? (IEnumerable<string>?)previous?.EnabledRefs ?? [];
        var previousSet = previouslySent.ToHashSet(StringComparer.Ordinal);
        return new SyncPreview(
            kind,
            check.Allowed ? SyncPreviewVerdict.WouldSync : SyncPreviewVerdict.WouldBeRefused,
            previous?.SyncedAt,
            previous?.RunId,
            Add: [.. prepared.Fingerprints.Keys.Where(r => !previousSet.Contains(r)).Order(StringComparer.Ordinal)],
            Update: known is null ? [] : [.. prepared.Fingerprints.Where(f => known.TryGetValue(f.Key, out var before) && before != f.Value).Select(f => f.Key).Order(StringComparer.Ordinal)],
            Disable: [.. (previous?.EnabledRefs ?? []).Where(r => !prepared.Enabled.Contains(r)).Order(StringComparer.Ordinal)],
            UpdatesKnown: known is not null,
            GuardReason: check.Allowed ? null : $"the mass-disable guard would refuse it: this sync {check.Describe(maxFraction)}",
            Errors: []);
    }

    /// <summary>The failures a sync records as its outcome (and a preview answers 502 for), rather than throws.</summary>
    public static bool IsSourceOrGamityFailure(Exception exception, CancellationToken cancellationToken) =>
        exception is CatalogSourceException or GamityApiException or HttpRequestException or TimeoutException or Polly.Timeout.TimeoutRejectedException
        || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested);

    /// <summary>What a sync of the run's kind would send: read from the source and validated, or the invalid run.</summary>
    private sealed record PreparedSync(HashSet<string> Enabled, Dictionary<string, string> Fingerprints, Func<CancellationToken, Task<ResponseFromGamity>> Push);

    private Task<(SyncRun Run, PreparedSync? Prepared)> PrepareAsync(SyncRun run, CancellationToken cancellationToken) =>
        run.Kind == CatalogKind.OperatorsAndBrands ? PrepareOperatorsAndBrandsAsync(run, cancellationToken) : PrepareGamesAsync(run, cancellationToken);

    private async Task<(SyncRun, PreparedSync?)> PrepareOperatorsAndBrandsAsync(SyncRun run, CancellationToken cancellationToken)
    {
        var operators = await source.GetOperatorsAndBrandsAsync(cancellationToken);
        run = run with { Operators = operators.Count, Brands = operators.Sum(o => o?.Brands?.Count ?? 0) };
        var errors = CatalogValidator.ValidateOperators(operators);
        if (errors.Count > 0)
        {
            return (Invalid(run, errors), null);
        }

        var enabled = new HashSet<string>(StringComparer.Ordinal);
        foreach (var op in operators)
        {
            enabled.Add("operator:" + op.Ref);
            enabled.UnionWith(op.Brands!.Select(b => "brand:" + b.Ref));
        }

        return (run, new PreparedSync(enabled, CatalogFingerprints.Of(operators), ct => gamity.SyncOperatorsAndBrandsAsync(operators, ct)));
    }

    private async Task<(SyncRun, PreparedSync?)> PrepareGamesAsync(SyncRun run, CancellationToken cancellationToken)
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
            return (Invalid(run, errors), null);
        }

        var enabled = games.Where(g => g.IsEnabled == true).Select(g => g.GameId!).ToHashSet(StringComparer.Ordinal);
        return (run, new PreparedSync(enabled, CatalogFingerprints.Of(games), ct => gamity.SyncGamesAsync(games, ct)));
    }

    private async Task<SyncRun> GuardAndPushAsync(SyncRun run, PreparedSync prepared, CancellationToken cancellationToken)
    {
        var maxFraction = options.Value.MaxDisableFraction;
        var previous = await state.GetLastSuccessAsync(run.Kind, cancellationToken);
        var check = MassDisableGuard.Evaluate(previous?.EnabledRefs, prepared.Enabled, maxFraction);
        run = run with { WouldDisable = check.WouldDisable };
        if (!check.Allowed && !run.Forced)
        {
            var reason = $"Refused by the mass-disable guard: this sync {check.Describe(maxFraction)}. Nothing was sent. " +
                         "See what it would do with GET /api/admin/catalog/preview/{kind}; if the catalog is right, force one run: POST /api/admin/catalog/sync/{kind}?force=true.";
            return run with { Outcome = SyncOutcome.Refused, Errors = [reason], ErrorCount = 1 };
        }

        var answer = await prepared.Push(cancellationToken);
        await state.SaveLastSuccessAsync(run.Kind, new SyncState(time.GetUtcNow(), run.RunId, [.. prepared.Enabled], prepared.Fingerprints), cancellationToken);
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
