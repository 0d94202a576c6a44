using Gamity.Integration.Access;
using Gamity.Integration.GamityCalls;
using Gamity.Integration.Payouts;
using Gamity.Integration.WalletOperations;
using Microsoft.DurableTask.Client;

namespace Gamity.Functions.Payouts;

public sealed class PayoutFunctions(ReceiveFromGamity receive, OperatorGate gate, WalletOperationStore store, WalletOperationEngine engine)
{
    [Function("ReceivePayout")]
    public Task<IResult> ReceiveAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = PayoutEndpoints.ReceiveRoute)] HttpRequest request,
        [DurableClient] DurableTaskClient orchestrations, CancellationToken cancellationToken) =>
        Http.Result(PayoutEndpoints.ReceiveAsync(request.HttpContext, receive, orchestrations, cancellationToken));

    [Function("GetPayout")]
    public Task<IResult> GetAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = PayoutEndpoints.ViewRoute)] HttpRequest request, string @ref,
        [DurableClient] DurableTaskClient orchestrations, CancellationToken cancellationToken) =>
        Http.Result(PayoutEndpoints.GetAsync(request, @ref, gate, store, orchestrations, cancellationToken));

    [Function("RedrivePayout")]
    public Task<IResult> RedriveAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = PayoutEndpoints.RedriveRoute)] HttpRequest request, string @ref,
        [DurableClient] DurableTaskClient orchestrations, CancellationToken cancellationToken) =>
        Http.Result(PayoutEndpoints.RedriveAsync(request, @ref, gate, engine, orchestrations, cancellationToken));
}
