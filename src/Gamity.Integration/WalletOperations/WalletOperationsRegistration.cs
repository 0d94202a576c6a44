using Gamity.Integration.Defaults;
using Gamity.Integration.GamityCalls;
using Gamity.Integration.Scheduling;
using Gamity.Integration.Wallet;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;

namespace Gamity.Integration.WalletOperations;

public static class WalletOperationsRegistration
{
    /// <summary>
    /// The standalone host's job; the Function App's timer passes its <c>[DurableClient]</c> to the same
    /// <see cref="WalletHistoryPurge.PurgeAsync"/>, since that client is a binding there, not a service.
    /// </summary>
    public static readonly ScheduledJob PurgeWalletHistory = new(
        nameof(WalletOperationsSchedules.PurgeWalletHistory),
        sp => sp.GetRequiredService<IOptions<WalletOperationsSchedules>>().Value.PurgeWalletHistory,
        (sp, _, ct) => sp.GetRequiredService<WalletHistoryPurge>().PurgeAsync(sp.GetRequiredService<DurableTaskClient>(), ct));

    /// <summary>The same for <see cref="StalledWalletOperationsSweep.SweepAsync"/>.</summary>
    public static readonly ScheduledJob SweepStalledWalletOperations = new(
        nameof(WalletOperationsSchedules.SweepStalledWalletOperations),
        sp => sp.GetRequiredService<IOptions<WalletOperationsSchedules>>().Value.SweepStalledWalletOperations,
        (sp, _, ct) => sp.GetRequiredService<StalledWalletOperationsSweep>().SweepAsync(sp.GetRequiredService<DurableTaskClient>(), ct));

    public static IServiceCollection AddWalletOperations(this IServiceCollection services)
    {
        services.AddValidatedOptions<WalletOptions>(WalletOptions.Section, WalletOptions.Validate);
        services.AddValidatedOptions<RetentionOptions>(RetentionOptions.Section, RetentionOptions.Validate);
        services.AddValidatedOptions<WalletOperationsSchedules>(Schedule.Section, WalletOperationsSchedules.Validate);
        services.AddTransient<WalletHistoryPurge>();
        services.AddSingleton(PurgeWalletHistory);
        services.AddTransient<StalledWalletOperationsSweep>();
        services.AddSingleton(SweepStalledWalletOperations);
        services.AddValidatedOptions<ReconciliationSchedules>(Schedule.Section, ReconciliationSchedules.Validate);
        services.AddTransient<WalletReconciliation>();
        services.AddSingleton(WalletReconciliation.WriteReconciliationReport);
        services.AddGamityCalls();
        services.AddSingleton<WalletOperationStore>();
        services.AddSingleton<WalletMetrics>();
        services.AddSingleton<CrashHook>();
        services.AddTransient<WalletOperationEngine>();
        services.AddTransient<AttemptWalletOperation>();
        services.AddTransient<LookUpUnknownDebit>();
        services.AddTransient<RollBackDebit>();
        services.AddTransient<GiveUpWalletOperation>();

        // The wallet: no automatic retries, every call has its own deadline (the orchestrations decide when to try again).
        services.AddOutboundClient<WalletClient>(
            sp => new OutboundEndpoint(sp.GetRequiredService<IOptions<WalletOptions>>().Value.BaseUrl, sp.GetRequiredService<IOptions<WalletOptions>>().Value.ApiKey),
            _ => OutboundPolicy.CallerOwned,
            maxConnectionsPerServer: 256);
        return services;
    }
}
