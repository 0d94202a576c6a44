using System.Net.Http.Json;
using Gamity.Integration.ActiveGames;
using Gamity.Integration.Catalog;
using Gamity.Integration.Access;
using Gamity.Integration.Defaults;
using Gamity.Integration.GamityApi;
using Gamity.Integration.Input;
using Microsoft.Extensions.Options;

namespace Gamity.Integration.GamityApi;

/// <summary>
/// Gamity's management API (gamity-contract.md §3–5). Base address, <c>X-API-Key</c> and resilience are set on the
/// typed client in <see cref="GamityApiRegistration"/>; the integration id is in every path.
/// </summary>
public sealed class GamityClient(HttpClient http, IOptions<GamityOptions> options)
{
    private string Integration => Uri.EscapeDataString(options.Value.IntegrationId);

    public Task<ResponseFromGamity> SyncOperatorsAndBrandsAsync(List<CatalogOperator> operators, CancellationToken cancellationToken) =>
        PostSnapshotAsync("sync-operators-and-brands", HashingJsonContent<List<CatalogOperator>>.Create(operators, CatalogJsonContext.Default.ListCatalogOperator), cancellationToken);

    public Task<ResponseFromGamity> SyncGamesAsync(List<CatalogGame> games, CancellationToken cancellationToken) =>
        PostSnapshotAsync("sync-games", HashingJsonContent<List<CatalogGame>>.Create(games, CatalogJsonContext.Default.ListCatalogGame), cancellationToken);

    public async Task<List<ActiveGame>> GetActiveGamesAsync(CancellationToken cancellationToken)
    {
        const string operation = "GET active-games";
        using var response = await http.GetAsync($"external/{Integration}/active-games", HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw await GamityApiException.FromResponseAsync(operation, response, cancellationToken);
        }

        return await response.Content.ReadFromJsonAsync(ActiveGamesJsonContext.Default.ListActiveGame, cancellationToken)
            ?? throw new GamityApiException(operation, response.StatusCode, "the body is null instead of a JSON array");
    }

    private async Task<ResponseFromGamity> PostSnapshotAsync<T>(string endpoint, HashingJsonContent<T> content, CancellationToken cancellationToken)
    {
        using (content)
        {
            using var response = await http.PostAsync($"external/{Integration}/{endpoint}", content, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw await GamityApiException.FromResponseAsync("POST " + endpoint, response, cancellationToken);
            }

            return new ResponseFromGamity((int)response.StatusCode, await BodyExcerpt.ReadAsync(response, cancellationToken), content.Sha256!, content.BytesWritten);
        }
    }
}

/// <summary>Gamity's answer to a sync push, with the hash and size of exactly what was sent.</summary>
public sealed record ResponseFromGamity(int Status, string BodyExcerpt, string ContentHash, long BytesSent);
