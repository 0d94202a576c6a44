using Gamity.Sandbox.Shared;

namespace Gamity.Sandbox.Casino;

/// <summary>A small, realistic catalog for local runs: 2 operators, 4 brands, 12 games, 3 of them active.</summary>
public static class DemoCatalog
{
    public static IReadOnlyList<SyncOperator> Operators { get; } =
    [
        new("nordic-gaming", "Nordic Gaming Group", [new("aurora-casino", "Aurora Casino"), new("fjord-spins", "Fjord Spins")]),
        new("sunset-entertainment", "Sunset Entertainment", [new("sunset-slots", "Sunset Slots"), new("golden-palms", "Golden Palms Casino")]),
    ];

    public static IReadOnlyList<SyncGame> Games { get; } =
    [
        Game("PNG_GUNSLINGER_RELOADED", "Gunslinger Reloaded", "Play'n GO", "aurora-casino", "fjord-spins", "sunset-slots", "golden-palms"),
        Game("PNG_BOOK_OF_DEAD", "Book of Dead", "Play'n GO", "aurora-casino", "fjord-spins", "sunset-slots", "golden-palms"),
        Game("PNG_REACTOONZ", "Reactoonz", "Play'n GO", "aurora-casino", "fjord-spins"),
        Game("EVO_ANDAR_BAHAR_1", "Andar Bahar", "Evolution", "sunset-slots", "golden-palms") with { IsFreeroundSupported = false },
        Game("EVO_LIGHTNING_ROULETTE", "Lightning Roulette", "Evolution", "aurora-casino", "sunset-slots") with { IsFreeroundSupported = false },
        Game("EVO_CRAZY_TIME", "Crazy Time", "Evolution", "aurora-casino", "fjord-spins", "sunset-slots") with { IsFreeroundSupported = false },
        Game("NE_STARBURST", "Starburst", "NetEnt", "aurora-casino", "fjord-spins", "sunset-slots", "golden-palms"),
        Game("NE_GONZOS_QUEST", "Gonzo's Quest", "NetEnt", "fjord-spins", "golden-palms") with { IsEnabled = false },
        Game("PP_SWEET_BONANZA", "Sweet Bonanza", "Pragmatic Play", "aurora-casino", "golden-palms"),
        Game("PP_GATES_OF_OLYMPUS", "Gates of Olympus", "Pragmatic Play", "aurora-casino", "fjord-spins", "golden-palms"),
        Game("RLX_MONEY_TRAIN_3", "Money Train 3", "Relax Gaming", "fjord-spins", "sunset-slots"),
        Game("HACK_WANTED_DEAD_OR_A_WILD", "Wanted Dead or a Wild", "Hacksaw Gaming", "aurora-casino", "sunset-slots"),
    ];

    public static IReadOnlyList<ActiveGame> ActiveGames { get; } =
    [
        new("PNG_GUNSLINGER_RELOADED", ["aurora-casino", "fjord-spins"]),
        new("EVO_ANDAR_BAHAR_1", ["sunset-slots"]),
        new("PP_SWEET_BONANZA", ["aurora-casino", "golden-palms"]),
    ];

    private static SyncGame Game(string gameId, string displayName, string provider, params string[] brandRefs) =>
        new(gameId, displayName, provider, IsEnabled: true, IsFreeroundSupported: true,
            $"https://cdn.example.com/icons/{gameId.ToLowerInvariant()}.png", brandRefs);
}
