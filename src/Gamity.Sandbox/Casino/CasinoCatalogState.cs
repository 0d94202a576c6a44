using Gamity.Sandbox.Shared;
using Microsoft.Extensions.Options;

namespace Gamity.Sandbox.Casino;

/// <summary>
/// The fake casino's catalog, which the product reads and syncs to Gamity. It is stored as given, without
/// validation, so tests can hand the product a broken catalog and watch it refuse to sync.
/// </summary>
public sealed class CasinoCatalogState : IResettableState
{
    private readonly Lock sync = new();
    private readonly bool seedDemoData;
    private IReadOnlyList<SyncOperator> operators = [];
    private IReadOnlyList<SyncGame> games = [];

    public CasinoCatalogState(IOptions<SandboxOptions> options)
    {
        seedDemoData = options.Value.SeedDemoData;
        Reset();
    }

    public IReadOnlyList<SyncOperator> Operators
    {
        get
        {
            lock (sync)
            {
                return operators;
            }
        }
    }

    public IReadOnlyList<SyncGame> Games
    {
        get
        {
            lock (sync)
            {
                return games;
            }
        }
    }

    // The lists are swapped whole and never changed afterwards, so readers can serialize them outside the lock.
    public void ReplaceOperators(IReadOnlyList<SyncOperator> newOperators)
    {
        lock (sync)
        {
            operators = newOperators;
        }
    }

    public void ReplaceGames(IReadOnlyList<SyncGame> newGames)
    {
        lock (sync)
        {
            games = newGames;
        }
    }

    public void Reset()
    {
        lock (sync)
        {
            operators = seedDemoData ? DemoCatalog.Operators : [];
            games = seedDemoData ? DemoCatalog.Games : [];
        }
    }
}
