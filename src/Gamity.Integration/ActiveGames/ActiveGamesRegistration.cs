using Gamity.Integration.Defaults;
using Gamity.Integration.Scheduling;
using Microsoft.Extensions.Options;

namespace Gamity.Integration.ActiveGames;

/// <summary><c>Schedules__RefreshActiveGames</c>: every 3 minutes by default (assumption A6).</summary>
public sealed class ActiveGamesSchedules
{
    public string RefreshActiveGames { get; set; } = "0 */3 * * * *";

    public static IEnumerable<string> Validate(ActiveGamesSchedules o) => Schedule.Validate(nameof(RefreshActiveGames), o.RefreshActiveGames);
}

public static class ActiveGamesRegistration
{
    public static readonly ScheduledJob RefreshActiveGames = new(
        nameof(ActiveGamesSchedules.RefreshActiveGames),
        sp => sp.GetRequiredService<IOptions<ActiveGamesSchedules>>().Value.RefreshActiveGames,
        (sp, _, ct) => sp.GetRequiredService<ActiveGamesRefresher>().RefreshAsync(ct));

    public static IServiceCollection AddActiveGames(this IServiceCollection services)
    {
        services.AddValidatedOptions<ActiveGamesOptions>(ActiveGamesOptions.Section, ActiveGamesOptions.Validate);
        services.AddValidatedOptions<ActiveGamesSchedules>(Schedule.Section, ActiveGamesSchedules.Validate);
        services.AddSingleton<ActiveGamesStore>();
        services.AddSingleton<ActiveGamesMetrics>();
        services.AddSingleton<ActiveGamesReader>();
        services.AddTransient<ActiveGamesRefresher>();
        services.AddSingleton(RefreshActiveGames);
        return services;
    }
}
