using System.Text.RegularExpressions;
using Gamity.Integration.Input;
using Gamity.Integration.GamityCalls;

namespace Gamity.Integration.PlayerTokens;

/// <summary>What the casino's game-launch backend asks a token for (ADR 0008).</summary>
public sealed partial record PlayerTokenRequest(string BrandId, string PlayerId, string Currency, string? GameId, string? Language, string Purpose)
{
    public const string Widget = "widget";
    public const string Lobby = "lobby";

    public static PlayerTokenRequest? Read(InboundRequestReader body)
    {
        var brandId = body.RequiredString("brandId");
        var playerId = body.RequiredString("playerId");
        var currency = body.RequiredCurrency("currency");
        var gameId = body.OptionalString("gameId", InboundRequestReader.MaxIdLength);
        var language = body.OptionalString("language", 16);
        body.Require(language is null || Culture().IsMatch(language), "language", "language must be a culture code such as en, fr, en-GB or pt-BR (gamity-contract.md §8.3)");
        var purpose = body.RequiredEnum("purpose", Widget, Lobby);
        return body.IsValid ? new PlayerTokenRequest(brandId!, playerId!, currency!, gameId, language, purpose!) : null;
    }

    [GeneratedRegex("^[a-z]{2,3}(-[A-Z][A-Za-z]{1,3})?$", RegexOptions.CultureInvariant)]
    private static partial Regex Culture();
}

/// <summary>The answer: the token and when it stops being valid.</summary>
public sealed record PlayerTokenResponse(string Token, DateTimeOffset ExpiresAt);

/// <summary>The answer in test mode (<c>PlayerTokens__TestMode=true</c>): mount the widget with <c>isTestMode: true</c>.</summary>
public sealed record PlayerTokenTestModeResponse(bool IsTestMode);
