using System.Security.Cryptography;
using System.Text.Json;

namespace Gamity.Integration.Catalog;

/// <summary>
/// One short fingerprint per item a sync sends, keyed by the same refs as the guard's enabled set (<c>operator:{ref}</c>,
/// <c>brand:{ref}</c>, a game's <c>gameId</c>): 72 bits of the SHA-256 of the item as it is pushed. A brand's includes its
/// operator, so moving a brand is an update. 50,000 games cost ~1.5 MB in the state blob.
/// </summary>
public static class CatalogFingerprints
{
    public static Dictionary<string, string> Of(IReadOnlyList<CatalogOperator> operators)
    {
        var fingerprints = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var op in operators)
        {
            fingerprints["operator:" + op.Ref] = Hash(JsonSerializer.SerializeToUtf8Bytes(new CatalogOperator { Ref = op.Ref, Name = op.Name }, CatalogJsonContext.Default.CatalogOperator));
            foreach (var brand in op.Brands ?? [])
            {
                var owned = new CatalogOperator { Ref = op.Ref, Brands = [brand] };
                fingerprints["brand:" + brand.Ref] = Hash(JsonSerializer.SerializeToUtf8Bytes(owned, CatalogJsonContext.Default.CatalogOperator));
            }
        }

        return fingerprints;
    }

    public static Dictionary<string, string> Of(IReadOnlyList<CatalogGame> games)
    {
        var fingerprints = new Dictionary<string, string>(games.Count, StringComparer.Ordinal);
        foreach (var game in games)
        {
            fingerprints[game.GameId!] = Hash(JsonSerializer.SerializeToUtf8Bytes(game, CatalogJsonContext.Default.CatalogGame));
        }

        return fingerprints;
    }

    private static string Hash(byte[] json) => Convert.ToBase64String(SHA256.HashData(json).AsSpan(0, 9));
}
