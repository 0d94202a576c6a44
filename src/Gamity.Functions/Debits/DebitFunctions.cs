using Gamity.Integration.Access;
using Gamity.Integration.GamityCalls;
using Gamity.Integration.Debits;
using Gamity.Integration.WalletOperations;

namespace Gamity.Functions.Debits;

public sealed class DebitFunctions(ReceiveFromGamity receive, OperatorGate gate, WalletOperationStore store, WalletOperationEngine engine)
{
    [Function("ReceiveDebit")]
    public Task<IResult> ReceiveAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = DebitEndpoints.ReceiveRoute)] HttpRequest request, CancellationToken cancellationToken) =>
        Http.Result(DebitEndpoints.ReceiveAsync(request.HttpContext, receive, cancellationToken));

    [Function("GetDebit")]
    public Task<IResult> GetAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = DebitEndpoints.ViewRoute)] HttpRequest request, string @ref, CancellationToken cancellationToken) =>
        Http.Result(DebitEndpoints.GetAsync(request, @ref, gate, store, cancellationToken));

    [Function("RedriveDebit")]
    public Task<IResult> RedriveAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = DebitEndpoints.RedriveRoute)] HttpRequest request, string @ref, CancellationToken cancellationToken) =>
        Http.Result(DebitEndpoints.RedriveAsync(request, @ref, gate, engine, cancellationToken));
}
