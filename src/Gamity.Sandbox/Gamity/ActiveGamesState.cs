using Gamity.Sandbox.Casino;
using Gamity.Sandbox.Shared;
using Microsoft.Extensions.Options;

namespace Gamity.Sandbox.Gamity;

/// <summary>The list Gamity's active-games endpoint answers with; set through the control API.</summary>
public sealed class ActiveGamesState : IResettableState
{
    private readonly Lock sync = new();
    private readonly bool seedDemoData;
    private IReadOnlyList<ActiveGame> activeGames = [];

    public ActiveGamesState(IOptions<SandboxOptions> options)
    {
        seedDemoData = options.Value.SeedDemoData;
        Reset();
    }

    public IReadOnlyList<ActiveGame> Current
    {
        get
        {
            lock (sync)
            {
                return activeGames;
            }
        }
    }

    public void Replace(IReadOnlyList<ActiveGame> games)
    {
        lock (sync)
        {
            activeGames = games;
        }
    }

    public void Reset() => Replace(seedDemoData ? DemoCatalog.ActiveGames : []);
}
