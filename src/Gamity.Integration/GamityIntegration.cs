using Gamity.Integration.Access;
using Gamity.Integration.ActiveGames;
using Gamity.Integration.ApiDocument;
using Gamity.Integration.Catalog;
using Gamity.Integration.Debits;
using Gamity.Integration.GamityApi;
using Gamity.Integration.Health;
using Gamity.Integration.Payouts;
using Gamity.Integration.PlayerTokens;
using Gamity.Integration.Rounds;
using Gamity.Integration.Storage;
using Gamity.Integration.WalletOperations;
using Gamity.Integration.Widget;

namespace Gamity.Integration;

/// <summary>The whole product, for a host to run: its services, and its HTTP routes under <c>/api</c>.</summary>
public static class GamityIntegration
{
    /// <summary>The prefix of every HTTP route (the Functions host's default <c>routePrefix</c>).</summary>
    public const string RoutePrefix = "api";

    public static IServiceCollection AddGamityIntegration(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(StorageClients.Create(configuration));
        OperatorGate.Register(services);
        services.AddGamityApi();
        services.AddCatalogSync();
        services.AddActiveGames();
        services.AddRounds();
        services.AddWalletOperations();
        services.AddPlayerTokens();
        services.AddWidget();
        services.AddApiDocument();
        return services;
    }

    public static RouteGroupBuilder MapGamityApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/" + RoutePrefix);
        api.MapHealthEndpoints();
        api.MapCatalogEndpoints();
        api.MapRoundsEndpoints();
        api.MapPayoutEndpoints();
        api.MapDebitEndpoints();
        api.MapReconciliationEndpoints();
        api.MapPlayerTokenEndpoints();
        api.MapWidgetEndpoints();
        api.MapApiDocumentEndpoints();
        return api;
    }
}
