using System.Text.Json;
using System.Text.Json.Serialization;

namespace Gamity.Integration.ActiveGames;

/// <summary>One entry of Gamity's Get Active Games answer (gamity-contract.md §3).</summary>
public sealed class ActiveGame
{
    public string? GameId { get; set; }

    public List<string>? BrandIds { get; set; }
}

/// <summary>The snapshot every instance reads: Gamity's list and when it was fetched.</summary>
public sealed class ActiveGamesDocument
{
    public DateTimeOffset FetchedAt { get; set; }

    public List<ActiveGame> Games { get; set; } = [];
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(List<ActiveGame>))]
[JsonSerializable(typeof(ActiveGamesDocument))]
internal sealed partial class ActiveGamesJsonContext : JsonSerializerContext;
