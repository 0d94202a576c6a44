using System.Text.Json;
using System.Text.Json.Serialization;

namespace Gamity.Integration.Catalog;

// The casino's catalog uses Gamity's own sync shapes (gamity-contract.md §4 and §5), so what the source returns is
// exactly what is pushed. Every property is nullable: a missing field is a validation error, not a crash.

/// <summary>An operator with its brands, as Gamity's Sync Operators and Brands API takes it (gamity-contract.md §5).</summary>
public sealed class CatalogOperator
{
    public string? Ref { get; set; }

    public string? Name { get; set; }

    public List<CatalogBrand>? Brands { get; set; }
}

public sealed class CatalogBrand
{
    public string? Ref { get; set; }

    public string? Name { get; set; }
}

/// <summary>A game as Gamity's Sync Games API takes it (gamity-contract.md §4).</summary>
public sealed class CatalogGame
{
    public string? GameId { get; set; }

    public string? DisplayName { get; set; }

    public string? GameProviderDisplayName { get; set; }

    public bool? IsEnabled { get; set; }

    public bool? IsFreeroundSupported { get; set; }

    public string? IconUrl { get; set; }

    [JsonConverter(typeof(PooledStringListConverter))]
    public List<string>? EnabledBrandRefs { get; set; }
}

/// <summary>The file adapter's document: both lists in one file.</summary>
public sealed class CatalogFile
{
    public List<CatalogOperator>? Operators { get; set; }

    public List<CatalogGame>? Games { get; set; }
}

public enum CatalogKind
{
    OperatorsAndBrands,
    Games,
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, UseStringEnumConverter = true)]
[JsonSerializable(typeof(List<CatalogOperator>))]
[JsonSerializable(typeof(List<CatalogGame>))]
[JsonSerializable(typeof(CatalogFile))]
[JsonSerializable(typeof(SyncRun))]
[JsonSerializable(typeof(List<SyncRun>))]
[JsonSerializable(typeof(SyncState))]
[JsonSerializable(typeof(SyncPreview))]
[JsonSerializable(typeof(List<string>))]
internal sealed partial class CatalogJsonContext : JsonSerializerContext;
