using System.Text.Json.Nodes;
using Gamity.Integration.Access;
using Gamity.Integration.ApiDocument;
using Gamity.Integration.GamityCalls;
using Gamity.Integration.WalletOperations;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.DurableTask.Client;

namespace Gamity.Integration.Debits;

public static class DebitEndpoints
{
    public const string ReceiveRoute = "gamity/debits";
    public const string ViewRoute = "debits/{ref}";
    public const string RedriveRoute = "debits/{ref}/redrive";

    public static IEndpointRouteBuilder MapDebitEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapPost(ReceiveRoute, ReceiveAsync).WithName("ReceiveDebit").Accepts<DebitRequest>("application/json").Produces<TransactionIdAnswer>().RequiresApiKey(ApiKeyRequirement.GamityInbound).ProducesProblems(400, 401, 403, 413, 422, 503);
        api.MapGet(ViewRoute, GetAsync).WithName("GetDebit").RequiresApiKey(ApiKeyRequirement.Admin).ProducesProblems(401, 403, 404);
        api.MapPost(RedriveRoute, RedriveAsync).WithName("RedriveDebit").RequiresApiKey(ApiKeyRequirement.Admin).ProducesProblems(401, 403, 404, 409);
        return api;
    }

    /// <summary><c>POST /api/gamity/debits</c>: Gamity takes a buy-in (docs/gamity-contract.md, debits). Idempotent on <c>debitRef</c>.</summary>
    public static Task<Results<JsonHttpResult<JsonObject>, ProblemHttpResult>> ReceiveAsync(
        HttpContext http, ReceiveFromGamity receive, DurableTaskClient orchestrations, CancellationToken cancellationToken) =>
        receive.HandleAsync(http, body => DebitRequest.Read(body) is { } debit ? new GamityCall(OperationKind.Debit, debit.DebitRef, debit.Hash(), debit.Work()) : null, orchestrations, cancellationToken);

    /// <summary><c>GET /api/debits/{ref}</c>: state, attempts, transaction ids, last error, history.</summary>
    public static Task<Results<Ok<OperationView>, ValidationProblem, ProblemHttpResult>> GetAsync(
        HttpRequest request, string @ref, OperatorGate gate, WalletOperationStore store, DurableTaskClient orchestrations, CancellationToken cancellationToken) =>
        OperatorViews.GetAsync(request, @ref, OperationKind.Debit, gate, store, orchestrations, cancellationToken);

    /// <summary><c>POST /api/debits/{ref}/redrive</c>: a debit whose rollback failed tries the rollback again.</summary>
    public static Task<Results<Ok<OperationView>, ValidationProblem, ProblemHttpResult>> RedriveAsync(
        HttpRequest request, string @ref, OperatorGate gate, WalletOperationEngine engine, DurableTaskClient orchestrations, CancellationToken cancellationToken) =>
        OperatorViews.RedriveAsync(request, @ref, OperationKind.Debit, gate, engine, orchestrations, cancellationToken);
}
