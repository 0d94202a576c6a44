namespace Gamity.Sandbox.Tests;

/// <summary>A game round as Gamity documents it (contract §2.2), with short builders.</summary>
public sealed record GameRound(
    string Timestamp,
    string? RoundId,
    string BrandId,
    string PlayerId,
    string GameId,
    string RoundType,
    string Currency,
    decimal BetAmount,
    decimal WinAmount)
{
    public static GameRound Make(string? roundId, string playerId = "Player-4") =>
        new("2022-04-30T04:03:10.200Z", roundId, "superkingz", playerId, "EVO_ANDAR_BAHAR_1", "REGULAR", "EUR", 2.5m, 1m);

    /// <summary><paramref name="count"/> rounds with ids <c>{prefix}-{from}</c>, <c>{prefix}-{from + 1}</c>, …</summary>
    public static List<GameRound> Many(string prefix, int count, int from = 0) =>
        Enumerable.Range(from, count).Select(i => Make($"{prefix}-{i}")).ToList();
}
