using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace Gamity.Testing;

/// <summary>Plays Gamity against the app's payout and debit endpoints.</summary>
public static class GamityCalls
{
    public static JsonObject Payout(Guid reference, decimal amount = 10.25m, string player = "player-1", string brand = "brand-1", string currency = "EUR") => new()
    {
        ["payoutId"] = "100200",
        ["payoutRef"] = reference.ToString(),
        ["brandId"] = brand,
        ["playerId"] = player,
        ["amount"] = amount,
        ["currency"] = currency,
        ["type"] = "CASH",
        ["promoName"] = "Demo_Tournament",
        ["promoRef"] = "8d308790-55db-11ed-bdc3-0242ac120002",
        ["metadata"] = new JsonObject { ["lastGameId"] = "GAME-ID-123" },
    };

    public static JsonObject Debit(Guid reference, decimal amount = 10.25m, string player = "player-1", string brand = "brand-1", string currency = "EUR") => new()
    {
        ["debitRef"] = reference.ToString(),
        ["brandId"] = brand,
        ["playerId"] = player,
        ["amount"] = amount,
        ["currency"] = currency,
        ["type"] = "BUYIN",
    };

    public static async Task<(HttpStatusCode Status, JsonObject? Body)> SendAsync(HttpClient app, string endpoint, JsonObject body, string? key = TestSettings.GamityInboundKey)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/gamity/{endpoint}") { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };
        if (key is not null)
        {
            request.Headers.Add("X-API-Key", key);
        }

        using var response = await app.SendAsync(request, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return (response.StatusCode, text.Length > 0 && text[0] == '{' ? JsonNode.Parse(text)!.AsObject() : null);
    }

    /// <summary>Gamity's behaviour on a temporary error: try again (compressed time) until a final answer.</summary>
    public static async Task<(HttpStatusCode Status, JsonObject? Body)> SendUntilFinalAsync(HttpClient app, string endpoint, JsonObject body, int maxTries = 200)
    {
        for (var attempt = 1; ; attempt++)
        {
            var answer = await SendAsync(app, endpoint, body);
            if (answer.Status != HttpStatusCode.ServiceUnavailable || attempt == maxTries)
            {
                return answer;
            }

            await Task.Delay(200, TestContext.Current.CancellationToken);
        }
    }

    public static async Task<JsonObject> WalletSummaryAsync(Stack stack) => (await stack.SandboxJsonAsync("/sandbox/wallet/summary")).AsObject();

    public static async Task<JsonObject> PlayerAsync(Stack stack, string brand, string player) =>
        (await stack.SandboxJsonAsync($"/sandbox/wallet/players/{brand}/{player}")).AsObject();

    public static async Task SetPlayerAsync(Stack stack, string brand, string player, decimal balance, string currency = "EUR", string? refuseWith = null, bool blocked = false) =>
        await stack.PutSandboxAsync($"/sandbox/wallet/players/{brand}/{player}", new { balance, currency, blocked, refuseWith });

    public static async Task<JsonObject> OperationAsync(Stack stack, string kind, Guid reference) =>
        JsonNode.Parse(await stack.Client.GetStringAsync($"/api/{kind}/{reference}", TestContext.Current.CancellationToken))!.AsObject();
}
