using System.Text;
using Gamity.Integration.Catalog;
using Microsoft.Extensions.Options;

namespace Gamity.Integration.Tests.Catalog;

public sealed class FileCatalogSourceTests : IDisposable
{
    private readonly string path = Path.Combine(Path.GetTempPath(), $"catalog-{Guid.NewGuid():N}.json");

    private FileCatalogSource Source => new(Options.Create(new CatalogOptions { Source = CatalogSourceKind.File, FilePath = path }));

    [Fact]
    public async Task Reads_both_lists_from_one_file_and_rereads_it_every_time()
    {
        await File.WriteAllTextAsync(path, """
            { "operators": [ { "ref": "op-1", "name": "Operator 1", "brands": [ { "ref": "b1", "name": "Brand 1" } ] } ],
              "games": [ { "gameId": "G1", "displayName": "Game 1", "gameProviderDisplayName": "P", "isEnabled": true, "enabledBrandRefs": ["b1"] } ] }
            """, TestContext.Current.CancellationToken);

        var operators = await Source.GetOperatorsAndBrandsAsync(TestContext.Current.CancellationToken);
        var games = await Source.GetGamesAsync(TestContext.Current.CancellationToken);

        Assert.Equal("b1", Assert.Single(Assert.Single(operators).Brands!).Ref);
        Assert.Equal(["b1"], Assert.Single(games).EnabledBrandRefs!);

        await File.WriteAllTextAsync(path, """{ "operators": [], "games": [] }""", TestContext.Current.CancellationToken);
        Assert.Empty(await Source.GetGamesAsync(TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData(null, "could not be read")]
    [InlineData("{ not json", "could not be read")]
    [InlineData("null", "holds null")]
    [InlineData("""{ "operators": [] }""", "has no \"games\" list")]
    public async Task Unreadable_files_fail_with_the_path_and_the_reason(string? content, string expected)
    {
        if (content is not null)
        {
            await File.WriteAllTextAsync(path, content, TestContext.Current.CancellationToken);
        }

        var error = await Assert.ThrowsAsync<CatalogSourceException>(() => Source.GetGamesAsync(TestContext.Current.CancellationToken));

        Assert.Contains(path, error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Theory]
    [InlineData("\"enabledBrandRefs\": [\"b\\ud800\"]", false)] // through the pooled brand-ref converter
    [InlineData("\"enabledBrandRefs\": [\"b@\"]", true)]
    [InlineData("\"displayName\": \"G\\udc00\"", false)]
    [InlineData("\"displayName\": \"G@\"", true)]
    public async Task Undecodable_text_in_the_catalog_fails_the_read_with_the_reason(string field, bool invalidUtf8)
    {
        var text = Encoding.UTF8.GetBytes($$"""{ "operators": [], "games": [ { "gameId": "G1", "gameProviderDisplayName": "P", "isEnabled": true, {{field}} } ] }""");
        if (invalidUtf8)
        {
            text[Array.IndexOf(text, (byte)'@')] = 0xFF;
        }

        await File.WriteAllBytesAsync(path, text, TestContext.Current.CancellationToken);

        var error = await Assert.ThrowsAsync<CatalogSourceException>(() => Source.GetGamesAsync(TestContext.Current.CancellationToken));

        Assert.Contains("could not be read", error.Message);
    }

    public void Dispose() => File.Delete(path);
}
