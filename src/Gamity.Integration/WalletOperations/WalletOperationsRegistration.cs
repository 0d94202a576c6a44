using System.Text.Json;
using Gamity.Integration.Defaults;
using Gamity.Integration.GamityCalls;
using Gamity.Integration.Scheduling;
using Gamity.Integration.Wallet;
using Microsoft.Extensions.Options;

namespace Gamity.Integration.WalletOperations;

/// <summary><c>Schedules__SweepWalletOperations</c>: the workflow's safety net, every minute by default.</summary>
public sealed class WalletOperationsSchedules
{
    public string SweepWalletOperations { get; set; } = "0 * * * * *";

    public static IEnumerable<string> Validate(WalletOperationsSchedules o) => Schedule.Validate(nameof(SweepWalletOperations), o.SweepWalletOperations);
}

public static class WalletOperationsRegistration
{
    /// <summary>One workflow step per message on <c>wallet-operations</c>; the message's visibility delay is the step's timer.</summary>
    public static readonly QueueJob RunWalletOperation = new(
        "RunWalletOperation",
        _ => WalletOperationStore.QueueName,
        async (sp, message, ct) =>
        {
            var step = JsonSerializer.Deserialize(message.Body, WalletOperationsJsonContext.Default.OperationMessage)
                ?? throw new JsonException("The wallet-operations message is not {\"ref\":…,\"kind\":…}.");
            await sp.GetRequiredService<WalletOperationEngine>().RunStepAsync(step.Ref, step.Kind, ct);
        });

    /// <summary>Every minute: re-drives any open operation whose next step is overdue (a lost message, a crash between writes).</summary>
    public static readonly ScheduledJob SweepWalletOperations = new(
        nameof(WalletOperationsSchedules.SweepWalletOperations),
        sp => sp.GetRequiredService<IOptions<WalletOperationsSchedules>>().Value.SweepWalletOperations,
        async (sp, _, ct) =>
        {
            var store = sp.GetRequiredService<WalletOperationStore>();
            var overdue = await store.GetOverdueAsync(sp.GetRequiredService<TimeProvider>().GetUtcNow(), 1_000, ct);
            foreach (var step in overdue)
            {
                await store.EnqueueAsync(step.Ref, step.Kind, TimeSpan.Zero, ct);
            }

            if (overdue.Count > 0)
            {
                sp.GetRequiredService<ILoggerFactory>().CreateLogger(nameof(SweepWalletOperations)).LogInformation("{Count} overdue operation(s) re-driven", overdue.Count);
            }
        });

    public static IServiceCollection AddWalletOperations(this IServiceCollection services)
    {
        services.AddValidatedOptions<WalletOptions>(WalletOptions.Section, WalletOptions.Validate);
        services.AddValidatedOptions<WalletOperationsSchedules>(Schedule.Section, WalletOperationsSchedules.Validate);
        services.AddGamityCalls();
        services.AddSingleton<WalletOperationStore>();
        services.AddSingleton<WalletMetrics>();
        services.AddSingleton<CrashHook>();
        services.AddTransient<WalletOperationEngine>();

        // The wallet: no automatic retries, every call has its own deadline (the workflow decides when to try again).
        services.AddOutboundClient<WalletClient>(
            sp => new OutboundEndpoint(sp.GetRequiredService<IOptions<WalletOptions>>().Value.BaseUrl, sp.GetRequiredService<IOptions<WalletOptions>>().Value.ApiKey),
            _ => OutboundPolicy.CallerOwned,
            maxConnectionsPerServer: 256);
        services.AddSingleton(RunWalletOperation);
        services.AddSingleton(SweepWalletOperations);
        return services;
    }
}
