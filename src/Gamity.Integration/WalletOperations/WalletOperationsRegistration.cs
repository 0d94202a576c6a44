using Gamity.Integration.Defaults;
using Gamity.Integration.GamityCalls;
using Gamity.Integration.Wallet;
using Microsoft.Extensions.Options;

namespace Gamity.Integration.WalletOperations;

public static class WalletOperationsRegistration
{
    public static IServiceCollection AddWalletOperations(this IServiceCollection services)
    {
        services.AddValidatedOptions<WalletOptions>(WalletOptions.Section, WalletOptions.Validate);
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
