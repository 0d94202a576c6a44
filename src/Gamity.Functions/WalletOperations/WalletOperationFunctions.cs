using Gamity.Integration.Scheduling;
using Gamity.Integration.WalletOperations;

namespace Gamity.Functions.WalletOperations;

public static class WalletOperationFunctions
{
    [Function(nameof(RunWalletOperation))]
    public static Task RunWalletOperation(
        [QueueTrigger(WalletOperationStore.QueueName, Connection = "AzureWebJobsStorage")] string message, string id, long dequeueCount, DateTimeOffset? insertionTime,
        FunctionContext context, CancellationToken cancellationToken) =>
        WalletOperationsRegistration.RunWalletOperation.RunAsync(context.InstanceServices, new QueueMessageText(message, id, dequeueCount, insertionTime), cancellationToken);

    [Function(nameof(SweepWalletOperations))]
    public static Task SweepWalletOperations([TimerTrigger("%Schedules:SweepWalletOperations%")] TimerInfo timer, FunctionContext context, CancellationToken cancellationToken) =>
        WalletOperationsRegistration.SweepWalletOperations.RunAsync(context.InstanceServices, timer.IsPastDue, cancellationToken);
}
