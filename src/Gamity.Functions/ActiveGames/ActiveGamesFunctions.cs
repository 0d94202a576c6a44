using Gamity.Functions.Configuration;
using Gamity.Functions.Hosting;
using Gamity.Functions.Hosting.Invocation;

namespace Gamity.Functions.ActiveGames;

public static class ActiveGamesFunctions
{
    public static readonly TimerFunction RefreshActiveGames = new(
        "RefreshActiveGames",
        nameof(SchedulesOptions.RefreshActiveGames),
        s => s.RefreshActiveGames,
        async (services, _, cancellationToken) =>
        {
            var document = await services.GetRequiredService<ActiveGamesRefresher>().RefreshAsync(cancellationToken);
            return InvocationResult.WithLog($"Active games refreshed: {document.Games.Count} games");
        });

    public static IEnumerable<FunctionDefinition> All => [RefreshActiveGames];

    public static IServiceCollection AddActiveGames(this IServiceCollection services)
    {
        services.AddValidatedOptions<ActiveGamesOptions>(ActiveGamesOptions.Section, ActiveGamesOptions.Validate);
        services.AddSingleton<ActiveGamesStore>();
        services.AddSingleton<ActiveGamesReader>();
        services.AddTransient<ActiveGamesRefresher>();
        return services;
    }
}
