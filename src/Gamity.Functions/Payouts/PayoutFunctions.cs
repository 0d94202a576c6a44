using Gamity.Integration.Access;
using Gamity.Integration.GamityCalls;
using Gamity.Integration.Payouts;
using Gamity.Integration.WalletOperations;

namespace Gamity.Functions.Payouts;

public sealed class PayoutFunctions(ReceiveFromGamity receive, OperatorGate gate, WalletOperationStore store, WalletOperationEngine engine)
{
    [Function("ReceivePayout")]
    public Task<IResult> ReceiveAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = PayoutEndpoints.ReceiveRoute)] HttpRequest request, CancellationToken cancellationToken) =>
        Http.Result(PayoutEndpoints.ReceiveAsync(request.HttpContext, receive, cancellationToken));

    [Function("GetPayout")]
    public Task<IResult> GetAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = PayoutEndpoints.ViewRoute)] HttpRequest request, string @ref, CancellationToken cancellationToken) =>
        Http.Result(PayoutEndpoints.GetAsync(request, @ref, gate, store, cancellationToken));

    [Function("RedrivePayout")]
    public Task<IResult> RedriveAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = PayoutEndpoints.RedriveRoute)] HttpRequest request, string @ref, CancellationToken cancellationToken) =>
        Http.Result(PayoutEndpoints.RedriveAsync(request, @ref, gate, engine, cancellationToken));
}
