using Gamity.Sandbox.Shared;

namespace Gamity.Sandbox.Gamity;

/// <summary>The games the fake Gamity holds, merged from sync-games calls.</summary>
public sealed class GamityGamesState : IResettableState
{
    private readonly Lock sync = new();
    private readonly Dictionary<string, HeldGame> games = new(StringComparer.Ordinal);

    /// <summary>
    /// Merges a full snapshot the way Gamity documents it: new games are added, known ones updated,
    /// missing ones disabled. The body must already be valid.
    /// </summary>
    public SyncOutcome Merge(IReadOnlyList<SyncGame> body)
    {
        lock (sync)
        {
            var tally = new SyncTally();
            var seenGameIds = new HashSet<string>(body.Count, StringComparer.Ordinal);
            foreach (var game in body)
            {
                seenGameIds.Add(game.GameId!);
                if (!games.TryGetValue(game.GameId!, out var held))
                {
                    games.Add(game.GameId!, new HeldGame(game));
                    tally.Added++;
                }
                else if (!held.Enabled || !SameContent(held.Game, game))
                {
                    held.Game = game;
                    held.Enabled = true;
                    tally.Updated++;
                }
                else
                {
                    tally.Unchanged++;
                }
            }

            foreach (var held in games.Values.Where(held => held.Enabled && !seenGameIds.Contains(held.Game.GameId!)))
            {
                held.Enabled = false;
                tally.Disabled++;
            }

            return tally.ToOutcome();
        }
    }

    /// <summary>Every game ever synced, disabled ones included.</summary>
    public List<HeldGameView> Snapshot()
    {
        lock (sync)
        {
            return games.Values.Select(held => HeldGameView.From(held.Game, held.Enabled)).ToList();
        }
    }

    public GamesSummary Summary()
    {
        lock (sync)
        {
            var enabled = games.Values.Count(held => held.Enabled);
            return new GamesSummary(games.Count, enabled, games.Count - enabled);
        }
    }

    public void Reset()
    {
        lock (sync)
        {
            games.Clear();
        }
    }

    private static bool SameContent(SyncGame held, SyncGame incoming) =>
        held.DisplayName == incoming.DisplayName
        && held.GameProviderDisplayName == incoming.GameProviderDisplayName
        && held.IsEnabled == incoming.IsEnabled
        && held.IsFreeroundSupported == incoming.IsFreeroundSupported
        && held.IconUrl == incoming.IconUrl
        && SameBrandRefs(held.EnabledBrandRefs ?? [], incoming.EnabledBrandRefs ?? []);

    // A reordered brand list is not a change; the ordered comparison is only a fast path.
    private static bool SameBrandRefs(IReadOnlyList<string> held, IReadOnlyList<string> incoming)
    {
        if (held.Count != incoming.Count)
        {
            return false;
        }

        for (var i = 0; i < held.Count; i++)
        {
            if (held[i] != incoming[i])
            {
                return new HashSet<string>(held, StringComparer.Ordinal).SetEquals(incoming);
            }
        }

        return true;
    }

    private sealed class HeldGame(SyncGame game)
    {
        public SyncGame Game { get; set; } = game;
        public bool Enabled { get; set; } = true;
    }
}

/// <summary>A game as Gamity holds it; <c>enabled</c> is false once a sync left it out.</summary>
public sealed record HeldGameView(
    string GameId,
    string DisplayName,
    string GameProviderDisplayName,
    bool IsEnabled,
    bool IsFreeroundSupported,
    string? IconUrl,
    IReadOnlyList<string> EnabledBrandRefs,
    bool Enabled)
{
    public static HeldGameView From(SyncGame game, bool enabled) => new(
        game.GameId!,
        game.DisplayName!,
        game.GameProviderDisplayName!,
        game.IsEnabled,
        game.IsFreeroundSupported,
        game.IconUrl,
        game.EnabledBrandRefs ?? [],
        enabled);
}

public sealed record GamesSummary(int Total, int Enabled, int Disabled);
