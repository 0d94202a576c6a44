using Gamity.Integration.Defaults;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Options;

namespace Gamity.Integration.Catalog;

/// <summary>Where the casino's operators, brands and games come from (docs/catalog-source.md: a port with two adapters).</summary>
public interface ICatalogSource
{
    Task<List<CatalogOperator>> GetOperatorsAndBrandsAsync(CancellationToken cancellationToken);

    Task<List<CatalogGame>> GetGamesAsync(CancellationToken cancellationToken);
}

/// <summary>The source could not be read; the run is recorded as failed and nothing is pushed.</summary>
public sealed class CatalogSourceException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Reads <c>GET {Catalog__BaseUrl}/operators</c> and <c>/games</c>, streamed (never buffered whole).</summary>
public sealed class HttpCatalogSource(HttpClient http) : ICatalogSource
{
    public const string ClientName = "CatalogSource";

    public Task<List<CatalogOperator>> GetOperatorsAndBrandsAsync(CancellationToken cancellationToken) =>
        GetAsync("operators", CatalogJsonContext.Default.ListCatalogOperator, cancellationToken);

    public Task<List<CatalogGame>> GetGamesAsync(CancellationToken cancellationToken) =>
        GetAsync("games", CatalogJsonContext.Default.ListCatalogGame, cancellationToken);

    private async Task<List<T>> GetAsync<T>(string path, JsonTypeInfo<List<T>> typeInfo, CancellationToken cancellationToken)
    {
        var url = new Uri(http.BaseAddress!, path);
        try
        {
            using var response = await http.GetAsync(path, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new CatalogSourceException($"Catalog source GET {url} answered {(int)response.StatusCode}: {await BodyExcerpt.ReadAsync(response, cancellationToken)}");
            }

            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            return await JsonSerializer.DeserializeAsync(body, typeInfo, cancellationToken)
                ?? throw new CatalogSourceException($"Catalog source GET {url} returned null instead of a JSON array.");
        }
        catch (Exception exception) when (exception is HttpRequestException or JsonException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new CatalogSourceException($"Catalog source GET {url} failed: {exception.Message}", exception);
        }
    }
}

/// <summary>Reads both lists from one JSON file (<c>Catalog__FilePath</c>), re-read on every run.</summary>
public sealed class FileCatalogSource(IOptions<CatalogOptions> options) : ICatalogSource
{
    public async Task<List<CatalogOperator>> GetOperatorsAndBrandsAsync(CancellationToken cancellationToken) =>
        (await ReadAsync(cancellationToken)).Operators ?? throw Missing("operators");

    public async Task<List<CatalogGame>> GetGamesAsync(CancellationToken cancellationToken) =>
        (await ReadAsync(cancellationToken)).Games ?? throw Missing("games");

    private async Task<CatalogFile> ReadAsync(CancellationToken cancellationToken)
    {
        var path = options.Value.FilePath!;
        try
        {
            await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, useAsync: true);
            return await JsonSerializer.DeserializeAsync(file, CatalogJsonContext.Default.CatalogFile, cancellationToken)
                ?? throw new CatalogSourceException($"Catalog file {path} holds null instead of {{\"operators\": [...], \"games\": [...]}}.");
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or JsonException)
        {
            throw new CatalogSourceException($"Catalog file {path} could not be read: {exception.Message}", exception);
        }
    }

    private CatalogSourceException Missing(string list) =>
        new($"Catalog file {options.Value.FilePath} has no \"{list}\" list.");
}
