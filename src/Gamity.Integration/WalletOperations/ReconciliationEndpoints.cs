using System.Globalization;
using Gamity.Integration.Access;
using Gamity.Integration.ApiDocument;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Gamity.Integration.WalletOperations;

public static class ReconciliationEndpoints
{
    public const string Route = "admin/reconciliation";

    /// <summary>The longest window one call may ask for: the claim records are kept 90 days by default.</summary>
    public static readonly TimeSpan MaxWindow = TimeSpan.FromDays(92);

    public static IEndpointRouteBuilder MapReconciliationEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapGet(Route, Get).WithName("GetReconciliation").RequiresApiKey(ApiKeyRequirement.Admin)
            .Produces<ReconciliationRow[]>(StatusCodes.Status200OK, "text/csv", "application/json").ProducesProblems(401, 403);
        return api;
    }

    /// <summary>
    /// <c>GET /api/admin/reconciliation?from=…&amp;to=…&amp;kind=payouts|debits&amp;format=csv|json</c>: every payout and debit
    /// first received in [from, to), streamed.
    /// </summary>
    public static Results<PushStreamHttpResult, ValidationProblem, ProblemHttpResult> Get(HttpRequest request, OperatorGate gate, WalletReconciliation reconciliation)
    {
        if (gate.Refuse(request) is { } refused)
        {
            return refused;
        }

        var errors = new Dictionary<string, string[]>();
        var from = ReadTime(request, "from", errors);
        var to = ReadTime(request, "to", errors);
        if (from is { } start && to is { } end && (end <= start || end - start > MaxWindow))
        {
            errors["to"] = [$"to must be after from, at most {MaxWindow.TotalDays:F0} days later"];
        }

        var kind = request.Query["kind"].ToString() switch
        {
            "" => (OperationKind?)null,
            "payouts" => OperationKind.Payout,
            "debits" => OperationKind.Debit,
            var other => Invalid<OperationKind?>(errors, "kind", $"kind must be payouts or debits (or absent for both), got '{other}'"),
        };
        var format = request.Query["format"].ToString() switch
        {
            "" or "csv" => ReconciliationFormat.Csv,
            "json" => ReconciliationFormat.Json,
            var other => Invalid(errors, "format", $"format must be csv or json, got '{other}'", ReconciliationFormat.Csv),
        };
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var name = $"reconciliation-{from!.Value.UtcDateTime:yyyyMMddTHHmmssZ}-{to!.Value.UtcDateTime:yyyyMMddTHHmmssZ}.{(format == ReconciliationFormat.Csv ? "csv" : "json")}";
        return TypedResults.Stream(
            stream => reconciliation.WriteAsync(stream, kind, from.Value, to.Value, format, request.HttpContext.RequestAborted),
            format == ReconciliationFormat.Csv ? "text/csv" : "application/json",
            name);
    }

    /// <summary>A UTC date, or an instant with <c>Z</c> or an offset: an instant without one is refused rather than guessed.</summary>
    private static readonly string[] InstantFormats = ["yyyy-MM-dd", "yyyy-MM-ddTHH:mm:ss.FFFFFFF'Z'", "yyyy-MM-ddTHH:mm:ss.FFFFFFFzzz"];

    /// <summary>An ISO 8601 instant with an offset (<c>2026-12-01T00:00:00Z</c>) or a UTC date (<c>2026-12-01</c>).</summary>
    private static DateTimeOffset? ReadTime(HttpRequest request, string name, Dictionary<string, string[]> errors)
    {
        var text = request.Query[name].ToString();
        if (DateTimeOffset.TryParseExact(text, InstantFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value))
        {
            return value;
        }

        errors[name] = [$"{name} must be an ISO 8601 UTC date (2026-12-01) or an instant with its offset (2026-12-01T00:00:00Z), got '{text}'"];
        return null;
    }

    private static T Invalid<T>(Dictionary<string, string[]> errors, string name, string message, T fallback = default!)
    {
        errors[name] = [message];
        return fallback;
    }
}
