using Gamity.Integration.ActiveGames;

namespace Gamity.Functions.ActiveGames;

public static class ActiveGamesFunctions
{
    [Function(nameof(RefreshActiveGames))]
    public static Task RefreshActiveGames([TimerTrigger("%Schedules:RefreshActiveGames%")] TimerInfo timer, FunctionContext context, CancellationToken cancellationToken) =>
        ActiveGamesRegistration.RefreshActiveGames.RunAsync(context.InstanceServices, timer.IsPastDue, cancellationToken);
}
