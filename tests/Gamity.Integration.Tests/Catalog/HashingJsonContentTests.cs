using System.Security.Cryptography;
using Gamity.Integration.Catalog;
using Gamity.Integration.Access;
using Gamity.Integration.Defaults;
using Gamity.Integration.GamityApi;
using Gamity.Integration.Input;

namespace Gamity.Integration.Tests.Catalog;

public class HashingJsonContentTests
{
    [Fact]
    public async Task The_hash_is_the_sha256_of_exactly_the_bytes_sent_and_stable_across_resends()
    {
        var games = Enumerable.Range(0, 2_000).Select(i => new CatalogGame
        {
            GameId = $"G{i}", DisplayName = $"Game {i} — é", GameProviderDisplayName = "P", IsEnabled = i % 3 != 0, EnabledBrandRefs = ["b1", "b2"],
        }).ToList();
        using var content = HashingJsonContent<List<CatalogGame>>.Create(games, CatalogJsonContext.Default.ListCatalogGame);

        using var first = new MemoryStream();
        await content.CopyToAsync(first, TestContext.Current.CancellationToken);
        var firstHash = content.Sha256;
        using var second = new MemoryStream();
        await content.CopyToAsync(second, TestContext.Current.CancellationToken);

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(first.ToArray())), firstHash);
        Assert.Equal(firstHash, content.Sha256);
        Assert.Equal(first.ToArray(), second.ToArray());
        Assert.Equal(first.Length, content.BytesWritten);
        Assert.Equal("application/json", content.Headers.ContentType!.MediaType);
        Assert.DoesNotContain("isFreeroundSupported", System.Text.Encoding.UTF8.GetString(first.ToArray())); // nulls are omitted
    }
}
