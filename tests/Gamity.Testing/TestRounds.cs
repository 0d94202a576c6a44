using System.Globalization;
using System.Text.Json.Nodes;

namespace Gamity.Testing;

/// <summary>Synthetic rounds: 30% of them on (brand, game) pairs that the test makes active.</summary>
public static class TestRounds
{
    public static readonly (string Game, string[] Brands)[] ActiveGames =
    [
        ("PNG_GUNSLINGER_RELOADED", ["brand-a", "brand-b"]),
        ("EVO_ANDAR_BAHAR_1", ["brand-a"]),
    ];

    public static object ActiveGamesBody => ActiveGames.Select(g => new { gameId = g.Game, brandIds = g.Brands }).ToArray();

    /// <summary>Round <paramref name="i"/>: active when i % 10 &lt; 3; the others miss on the game, the brand, or both.</summary>
    public static JsonObject Round(int i, string prefix = "r")
    {
        var (brand, game) = (i % 10) switch
        {
            0 => ("brand-a", "PNG_GUNSLINGER_RELOADED"),
            1 => ("brand-b", "PNG_GUNSLINGER_RELOADED"),
            2 => ("brand-a", "EVO_ANDAR_BAHAR_1"),
            3 => ("brand-b", "EVO_ANDAR_BAHAR_1"),   // game active, but not on this brand
            4 => ("brand-c", "PNG_GUNSLINGER_RELOADED"),
            5 => ("brand-a", "OTHER_GAME"),
            _ => ($"brand-{i % 7}", $"GAME_{i % 13}"),
        };
        return new JsonObject
        {
            ["timestamp"] = new DateTimeOffset(2026, 11, 24, 8, 0, 0, TimeSpan.Zero).AddMilliseconds(i).ToString("O", CultureInfo.InvariantCulture),
            ["roundId"] = $"{prefix}-{i:D6}",
            ["brandId"] = brand,
            ["playerId"] = $"player-{i % 500}",
            ["gameId"] = game,
            ["roundType"] = i % 17 == 0 ? null : "REGULAR",
            ["currency"] = "EUR",
            ["betAmount"] = 2.5m,
            ["winAmount"] = i % 3 == 0 ? 0m : 1.25m,
        };
    }

    public static bool IsActive(int i) => i % 10 < 3;

    /// <summary><paramref name="messages"/> message bodies, each an array of <paramref name="perMessage"/> rounds.</summary>
    public static List<string> Messages(int messages, int perMessage, string prefix = "r") =>
        Enumerable.Range(0, messages)
            .Select(m => new JsonArray(Enumerable.Range(m * perMessage, perMessage).Select(i => (JsonNode)Round(i, prefix)).ToArray()).ToJsonString())
            .ToList();

    public static IEnumerable<string> ActiveIds(int count, string prefix = "r") =>
        Enumerable.Range(0, count).Where(IsActive).Select(i => $"{prefix}-{i:D6}");

    public static IEnumerable<string> AllIds(int count, string prefix = "r") =>
        Enumerable.Range(0, count).Select(i => $"{prefix}-{i:D6}");
}
