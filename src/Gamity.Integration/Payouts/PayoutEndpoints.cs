using System.Text.Json.Nodes;
using Gamity.Integration.Access;
using Gamity.Integration.ApiDocument;
using Gamity.Integration.GamityCalls;
using Gamity.Integration.WalletOperations;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.DurableTask.Client;

namespace Gamity.Integration.Payouts;

public static class PayoutEndpoints
{
    public const string ReceiveRoute = "gamity/payouts";
    public const string ViewRoute = "payouts/{ref}";
    public const string RedriveRoute = "payouts/{ref}/redrive";

    public static IEndpointRouteBuilder MapPayoutEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapPost(ReceiveRoute, ReceiveAsync).WithName("ReceivePayout").Accepts<PayoutRequest>("application/json").Produces<TransactionIdAnswer>().RequiresApiKey(ApiKeyRequirement.GamityInbound).ProducesProblems(400, 401, 403, 413, 422, 503);
        api.MapGet(ViewRoute, GetAsync).WithName("GetPayout").RequiresApiKey(ApiKeyRequirement.Admin).ProducesProblems(401, 403, 404);
        api.MapPost(RedriveRoute, RedriveAsync).WithName("RedrivePayout").RequiresApiKey(ApiKeyRequirement.Admin).ProducesProblems(401, 403, 404, 409);
        return api;
    }

    /// <summary><c>POST /api/gamity/payouts</c>: Gamity pays a prize (docs/gamity-contract.md, payouts). Idempotent on <c>payoutRef</c>.</summary>
    public static Task<Results<JsonHttpResult<JsonObject>, ProblemHttpResult>> ReceiveAsync(
        HttpContext http, ReceiveFromGamity receive, DurableTaskClient orchestrations, CancellationToken cancellationToken) =>
        receive.HandleAsync(http, body => PayoutRequest.Read(body) is { } payout ? new GamityCall(OperationKind.Payout, payout.PayoutRef, payout.Hash(), payout.Work(), payout.PayoutId) : null, orchestrations, cancellationToken);

    /// <summary><c>GET /api/payouts/{ref}</c>: state, attempts, transaction ids, last error, history.</summary>
    public static Task<Results<Ok<OperationView>, ValidationProblem, ProblemHttpResult>> GetAsync(
        HttpRequest request, string @ref, OperatorGate gate, WalletOperationStore store, DurableTaskClient orchestrations, CancellationToken cancellationToken) =>
        OperatorViews.GetAsync(request, @ref, OperationKind.Payout, gate, store, orchestrations, cancellationToken);

    /// <summary><c>POST /api/payouts/{ref}/redrive</c>: a <c>Failed</c> payout gets a fresh retry budget.</summary>
    public static Task<Results<Ok<OperationView>, ValidationProblem, ProblemHttpResult>> RedriveAsync(
        HttpRequest request, string @ref, OperatorGate gate, WalletOperationEngine engine, DurableTaskClient orchestrations, CancellationToken cancellationToken) =>
        OperatorViews.RedriveAsync(request, @ref, OperationKind.Payout, gate, engine, orchestrations, cancellationToken);
}
