using Gamity.Integration.Defaults;
using Gamity.Integration.Scheduling;
using Microsoft.Extensions.Options;

namespace Gamity.Integration.Catalog;

public static class CatalogRegistration
{
    /// <summary>The two daily syncs, in the order they run at start: operators and brands before the games that name them.</summary>
    public static readonly ScheduledJob SyncOperatorsAndBrands = Job(nameof(CatalogSchedules.SyncOperatorsAndBrands), s => s.SyncOperatorsAndBrands, CatalogKind.OperatorsAndBrands);

    public static readonly ScheduledJob SyncGames = Job(nameof(CatalogSchedules.SyncGames), s => s.SyncGames, CatalogKind.Games);

    public static IServiceCollection AddCatalogSync(this IServiceCollection services)
    {
        services.AddValidatedOptions<CatalogOptions>(CatalogOptions.Section, CatalogOptions.Validate);
        services.AddValidatedOptions<SyncOptions>(SyncOptions.Section, SyncOptions.Validate);
        services.AddValidatedOptions<CatalogSchedules>(Schedule.Section, CatalogSchedules.Validate);
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, CatalogJsonContext.Default));
        // GETs of a possibly large catalog: reading it again is safe, so transient failures are retried.
        services.AddOutboundClient<HttpCatalogSource>(
            sp => new OutboundEndpoint(Options(sp).BaseUrl ?? "http://catalog-source-not-configured.invalid", Options(sp).ApiKey),
            sp => new OutboundPolicy(Options(sp).Timeout, Options(sp).TotalTimeout, Options(sp).MaxRetries));
        services.AddTransient<FileCatalogSource>();
        services.AddTransient<ICatalogSource>(sp => sp.GetRequiredService<IOptions<CatalogOptions>>().Value.Source == CatalogSourceKind.File
            ? sp.GetRequiredService<FileCatalogSource>()
            : sp.GetRequiredService<HttpCatalogSource>());
        services.AddSingleton<CatalogMetrics>();
        services.AddSingleton<SyncRunStore>();
        services.AddSingleton<SyncStateStore>();
        services.AddTransient<CatalogSyncService>();
        services.AddSingleton(SyncOperatorsAndBrands);
        services.AddSingleton(SyncGames);
        return services;
    }

    private static CatalogOptions Options(IServiceProvider services) => services.GetRequiredService<IOptions<CatalogOptions>>().Value;

    private static ScheduledJob Job(string name, Func<CatalogSchedules, string> schedule, CatalogKind kind) => new(
        name,
        sp => schedule(sp.GetRequiredService<IOptions<CatalogSchedules>>().Value),
        (sp, isPastDue, ct) => sp.GetRequiredService<CatalogSyncService>().RunOnScheduleAsync(kind, isPastDue, ct));
}
