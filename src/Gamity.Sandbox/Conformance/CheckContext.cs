using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gamity.Sandbox.Control;
using Gamity.Sandbox.Shared;

namespace Gamity.Sandbox.Conformance;

/// <summary>One answer of the target (or of the sandbox wallet's control routes).</summary>
public sealed record Answer(int? Status, string Body, string? ContentType, string? Error)
{
    public JsonNode? Json
    {
        get
        {
            try
            {
                return Body.Length == 0 ? null : JsonNode.Parse(Body);
            }
            catch (JsonException)
            {
                return null;
            }
        }
    }

    public bool IsProblem => ContentType?.StartsWith("application/problem+json", StringComparison.OrdinalIgnoreCase) == true;

    public string? Text(string field) => Json is JsonObject json && json[field] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    public override string ToString() => Status is int status ? $"{status} {Exchange.Excerpt(Body)}" : $"no answer ({Error})";
}

/// <summary>
/// What a check works with: the target over HTTP (every exchange recorded for the report), the sandbox wallet's
/// control routes, fresh refs and test players, and the way to fail with what was sent and seen.
/// </summary>
public sealed class CheckContext(ConformanceSettings settings, HttpClient http, GamityCallbackSender gamity, string runId, CancellationToken cancellationToken)
{
    private const int MaxExchanges = 60;
    private readonly ConcurrentQueue<Exchange> exchanges = new();
    private int players;
    private int rounds;

    public ConformanceSettings Settings => settings;

    public CancellationToken CancellationToken => cancellationToken;

    public string RunId => runId;

    public IReadOnlyList<Exchange> Exchanges => [.. exchanges];

    public static Guid NewRef() => Guid.NewGuid();

    /// <summary>A round id no other run uses.</summary>
    public string NewRoundId() => $"conformance-{runId}-{Interlocked.Increment(ref rounds)}";

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    public static void Fail(string message) => throw new CheckFailedException(message);

    public static void Expect([System.Diagnostics.CodeAnalysis.DoesNotReturnIf(false)] bool condition, string message)
    {
        if (!condition)
        {
            Fail(message);
        }
    }

    public Task<Answer> SendAsync(HttpMethod method, string path, string? body = null, string? apiKey = null, string contentType = "application/json", IReadOnlyDictionary<string, string>? headers = null) =>
        SendAsync(method, new Uri(settings.Target, path.TrimStart('/')), body is null ? null : Encoding.UTF8.GetBytes(body), apiKey, contentType, headers);

    public async Task<Answer> SendAsync(HttpMethod method, Uri url, byte[]? body, string? apiKey, string contentType = "application/json", IReadOnlyDictionary<string, string>? headers = null)
    {
        using var request = new HttpRequestMessage(method, url);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        if (apiKey is not null)
        {
            request.Headers.TryAddWithoutValidation("X-API-Key", apiKey);
        }

        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        Answer answer;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(60));
            using var response = await http.SendAsync(request, timeout.Token);
            answer = new Answer((int)response.StatusCode, await response.Content.ReadAsStringAsync(timeout.Token), response.Content.Headers.ContentType?.ToString(), null);
        }
        catch (Exception exception) when (exception is HttpRequestException or IOException || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            answer = new Answer(null, string.Empty, null, exception.Message);
        }

        Record(new Exchange(method.Method, url.PathAndQuery, body is null ? null : Exchange.Excerpt(Encoding.UTF8.GetString(body)), answer.Status, answer.Status is null ? answer.Error : Exchange.Excerpt(answer.Body)));
        return answer;
    }

    /// <summary>One call of Gamity's: <c>POST /api/gamity/{payouts|debits}</c> with the inbound key (or <paramref name="apiKey"/>).</summary>
    public Task<Answer> CallAsGamityAsync(MoneyKind kind, JsonObject body, string? apiKey = "") =>
        SendAsync(HttpMethod.Post, kind.Route, body.ToJsonString(), apiKey == string.Empty ? settings.ApiKey : apiKey);

    /// <summary>
    /// Gamity's "Auto payout" (gamity-contract.md §10.2): the same body, repeated after a 5xx, a timeout or no answer,
    /// at <see cref="ConformanceSettings.GamityRetryInterval"/>, up to <paramref name="retries"/> times.
    /// </summary>
    public async Task<CallbackReport> SendWithGamityRetriesAsync(MoneyKind kind, JsonObject body, int retries = 5, TimeSpan? attemptTimeout = null)
    {
        var plan = new CallbackPlan(kind.Name, new Uri(settings.Target, kind.Route), settings.ApiKey, Encoding.UTF8.GetBytes(body.ToJsonString()),
            retries, settings.GamityRetryInterval, attemptTimeout ?? TimeSpan.FromSeconds(30));
        var report = await gamity.SendAsync(plan, cancellationToken);
        var sent = Exchange.Excerpt(body.ToJsonString());
        foreach (var attempt in report.Attempts)
        {
            Record(new Exchange("POST", "/" + kind.Route, sent, attempt.Status, attempt.Status is null ? attempt.Error : Exchange.Excerpt(attempt.Body)));
        }

        return report;
    }

    /// <summary>The operator view of a ref (<c>GET /api/{payouts|debits}/{ref}</c>, admin key).</summary>
    public Task<Answer> OperationAsync(MoneyKind kind, string reference) =>
        SendAsync(HttpMethod.Get, $"api/{kind.Name}/{reference}", apiKey: settings.AdminKey);

    public async Task<TestPlayer> NewPlayerAsync(decimal balance = 1000m, bool blocked = false)
    {
        var n = Interlocked.Increment(ref players);
        if (settings.Players.Count > 0 && !blocked && balance > 0)
        {
            return settings.Players[(n - 1) % settings.Players.Count];
        }

        Expect(settings.WalletControl is not null, "this check creates a player in the sandbox wallet and needs --wallet-control");
        var player = new TestPlayer(settings.Brand, $"conformance-{runId}-{n}");
        var answer = await WalletControlAsync(HttpMethod.Put, $"sandbox/wallet/players/{Uri.EscapeDataString(player.BrandId)}/{Uri.EscapeDataString(player.PlayerId)}",
            new JsonObject { ["balance"] = balance, ["currency"] = settings.Currency, ["blocked"] = blocked });
        Expect(answer.Status == 200, $"the sandbox wallet did not create test player {player.PlayerId}: {answer}");
        return player;
    }

    /// <summary>The sandbox wallet's transactions of one player.</summary>
    public async Task<List<WalletTransaction>> WalletTransactionsAsync(TestPlayer player)
    {
        var answer = await WalletControlAsync(HttpMethod.Get,
            $"sandbox/wallet/transactions?brandId={Uri.EscapeDataString(player.BrandId)}&playerId={Uri.EscapeDataString(player.PlayerId)}");
        Expect(answer.Status == 200 && answer.Json is JsonArray, $"the sandbox wallet's transactions did not answer: {answer}");
        return [.. answer.Json!.AsArray().Select(t => new WalletTransaction(
            (string)t!["transactionId"]!, (string)t["idempotencyKey"]!, (string)t["type"]!, (string)t["status"]!,
            t["amount"] is JsonValue amount ? amount.GetValue<decimal>() : null, (string?)t["rollbackTransactionId"]))];
    }

    public async Task<decimal> WalletBalanceAsync(TestPlayer player)
    {
        var answer = await WalletControlAsync(HttpMethod.Get, $"sandbox/wallet/players/{Uri.EscapeDataString(player.BrandId)}/{Uri.EscapeDataString(player.PlayerId)}");
        Expect(answer.Status == 200, $"the sandbox wallet does not know {player.PlayerId}: {answer}");
        return answer.Json!["balance"]!.GetValue<decimal>();
    }

    /// <summary>Sets the sandbox wallet's faults (<c>PUT /sandbox/wallet/faults</c>); <see cref="ClearWalletFaultsAsync"/> undoes it.</summary>
    public async Task SetWalletFaultsAsync(JsonObject faults)
    {
        var answer = await WalletControlAsync(HttpMethod.Put, "sandbox/wallet/faults", faults);
        Expect(answer.Status == 200, $"the sandbox wallet refused the faults: {answer}");
    }

    public async Task ClearWalletFaultsAsync()
    {
        var answer = await WalletControlAsync(HttpMethod.Delete, "sandbox/wallet/faults");
        Expect(answer.Status == 204, $"the sandbox wallet's faults were not cleared: {answer}");
    }

    private Task<Answer> WalletControlAsync(HttpMethod method, string path, JsonObject? body = null) =>
        SendAsync(method, new Uri(settings.WalletControl!, path), body is null ? null : Encoding.UTF8.GetBytes(body.ToJsonString()), apiKey: null);

    private void Record(Exchange exchange)
    {
        exchanges.Enqueue(exchange);
        while (exchanges.Count > MaxExchanges && exchanges.TryDequeue(out _))
        {
        }
    }

    public static string Amount(decimal value) => value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>A transaction of the sandbox wallet, as its control route shows it.</summary>
public sealed record WalletTransaction(string TransactionId, string IdempotencyKey, string Type, string Status, decimal? Amount, string? RollbackTransactionId);
