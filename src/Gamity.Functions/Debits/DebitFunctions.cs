using Gamity.Integration.Access;
using Gamity.Integration.GamityCalls;
using Gamity.Integration.Debits;
using Gamity.Integration.WalletOperations;
using Microsoft.DurableTask.Client;

namespace Gamity.Functions.Debits;

public sealed class DebitFunctions(ReceiveFromGamity receive, OperatorGate gate, WalletOperationStore store, WalletOperationEngine engine)
{
    [Function("ReceiveDebit")]
    public Task<IResult> ReceiveAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = DebitEndpoints.ReceiveRoute)] HttpRequest request,
        [DurableClient] DurableTaskClient orchestrations, CancellationToken cancellationToken) =>
        Http.Result(DebitEndpoints.ReceiveAsync(request.HttpContext, receive, orchestrations, cancellationToken));

    [Function("GetDebit")]
    public Task<IResult> GetAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = DebitEndpoints.ViewRoute)] HttpRequest request, string @ref,
        [DurableClient] DurableTaskClient orchestrations, CancellationToken cancellationToken) =>
        Http.Result(DebitEndpoints.GetAsync(request, @ref, gate, store, orchestrations, cancellationToken));

    [Function("RedriveDebit")]
    public Task<IResult> RedriveAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = DebitEndpoints.RedriveRoute)] HttpRequest request, string @ref,
        [DurableClient] DurableTaskClient orchestrations, CancellationToken cancellationToken) =>
        Http.Result(DebitEndpoints.RedriveAsync(request, @ref, gate, engine, orchestrations, cancellationToken));
}
