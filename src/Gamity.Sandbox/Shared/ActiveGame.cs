namespace Gamity.Sandbox.Shared;

/// <summary>One entry of Gamity's active-games answer: a game and the brands it is in a tournament on.</summary>
public sealed record ActiveGame(string? GameId, IReadOnlyList<string>? BrandIds);
