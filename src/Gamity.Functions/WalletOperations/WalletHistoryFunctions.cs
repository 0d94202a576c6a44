using Gamity.Integration.WalletOperations;
using Microsoft.DurableTask.Client;

namespace Gamity.Functions.WalletOperations;

public static class WalletHistoryFunctions
{
    [Function(nameof(PurgeWalletHistory))]
    public static Task PurgeWalletHistory(
        [TimerTrigger("%Schedules:PurgeWalletHistory%")] TimerInfo timer,
        [DurableClient] DurableTaskClient orchestrations,
        FunctionContext context,
        CancellationToken cancellationToken) =>
        context.InstanceServices.GetRequiredService<WalletHistoryPurge>().PurgeAsync(orchestrations, cancellationToken);

    [Function(nameof(SweepStalledWalletOperations))]
    public static Task SweepStalledWalletOperations(
        [TimerTrigger("%Schedules:SweepStalledWalletOperations%")] TimerInfo timer,
        [DurableClient] DurableTaskClient orchestrations,
        FunctionContext context,
        CancellationToken cancellationToken) =>
        context.InstanceServices.GetRequiredService<StalledWalletOperationsSweep>().SweepAsync(orchestrations, cancellationToken);
}
