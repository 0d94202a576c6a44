using Gamity.Integration.Access;
using Gamity.Integration.WalletOperations;

namespace Gamity.Functions.WalletOperations;

public sealed class ReconciliationFunctions(OperatorGate gate, WalletReconciliation reconciliation)
{
    [Function("GetReconciliation")]
    public IResult Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ReconciliationEndpoints.Route)] HttpRequest request) =>
        ReconciliationEndpoints.Get(request, gate, reconciliation);

    [Function(nameof(WriteReconciliationReport))]
    public Task WriteReconciliationReport([TimerTrigger("%Schedules:WriteReconciliationReport%")] TimerInfo timer, FunctionContext context, CancellationToken cancellationToken) =>
        WalletReconciliation.WriteReconciliationReport.RunAsync(context.InstanceServices, timer.IsPastDue, cancellationToken);
}
