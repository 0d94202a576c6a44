using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Gamity.Integration.Access;
using Gamity.Integration.Defaults;
using Gamity.Integration.GamityApi;
using Gamity.Integration.Input;

namespace Gamity.Integration.Wallet;

/// <summary>
/// The HTTP adapter of the casino wallet port. No automatic retries: the durable workflow decides when to try
/// again, always with the same idempotency key, so a retried call can never move money twice.
/// </summary>
public sealed class WalletClient(HttpClient http)
{
    public Task<WalletOutcome> CreditAsync(WalletMoneyRequest request, TimeSpan timeout, CancellationToken cancellationToken) =>
        PostAsync("credit", request, WalletJsonContext.Default.WalletMoneyRequest, timeout, cancellationToken);

    public Task<WalletOutcome> DebitAsync(WalletMoneyRequest request, TimeSpan timeout, CancellationToken cancellationToken) =>
        PostAsync("debit", request, WalletJsonContext.Default.WalletMoneyRequest, timeout, cancellationToken);

    public Task<WalletOutcome> GrantFreeRoundsAsync(WalletFreeRoundsRequest request, TimeSpan timeout, CancellationToken cancellationToken) =>
        PostAsync("freerounds", request, WalletJsonContext.Default.WalletFreeRoundsRequest, timeout, cancellationToken);

    public Task<WalletOutcome> RollbackAsync(WalletRollbackRequest request, TimeSpan timeout, CancellationToken cancellationToken) =>
        PostAsync("rollback", request, WalletJsonContext.Default.WalletRollbackRequest, timeout, cancellationToken);

    /// <summary>Asks the wallet what became of the call made with <paramref name="idempotencyKey"/>.</summary>
    public Task<WalletOutcome> LookupAsync(string idempotencyKey, TimeSpan timeout, CancellationToken cancellationToken) =>
        SendAsync(() => new HttpRequestMessage(HttpMethod.Get, "transactions/" + Uri.EscapeDataString(idempotencyKey)), timeout, lookup: true, cancellationToken);

    private Task<WalletOutcome> PostAsync<T>(string path, T body, JsonTypeInfo<T> typeInfo, TimeSpan timeout, CancellationToken cancellationToken) =>
        SendAsync(() => new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body, typeInfo) }, timeout, lookup: false, cancellationToken);

    private async Task<WalletOutcome> SendAsync(Func<HttpRequestMessage> create, TimeSpan timeout, bool lookup, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            using var request = create();
            using var response = await http.SendAsync(request, deadline.Token);
            var answer = await ReadAnswerAsync(response, deadline.Token);
            return Classify(response.StatusCode, answer, lookup);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return WalletOutcome.Transient($"no answer within {timeout.TotalSeconds:0.###} s (the call may have been committed)");
        }
        catch (HttpRequestException exception)
        {
            return WalletOutcome.Transient("wallet unreachable: " + exception.Message);
        }
    }

    /// <summary>
    /// 200 with a transaction id = done. A 4xx carrying a <c>code</c> = permanent refusal (404 with
    /// TRANSACTION_NOT_FOUND on a look-up = no such transaction). Everything else may or may not have committed.
    /// </summary>
    public static WalletOutcome Classify(HttpStatusCode status, WalletTransactionAnswer? answer, bool lookup)
    {
        var code = answer?.Code;
        if (status == HttpStatusCode.OK && !string.IsNullOrEmpty(answer?.TransactionId))
        {
            return lookup && answer.Status == "rolledBack"
                ? new WalletOutcome(WalletOutcomeKind.Refused, answer.TransactionId, "ROLLED_BACK", "the transaction was rolled back")
                : new WalletOutcome(WalletOutcomeKind.Succeeded, answer.TransactionId, null, "ok");
        }

        if (status == HttpStatusCode.NotFound && (lookup || code == "TRANSACTION_NOT_FOUND"))
        {
            return new WalletOutcome(WalletOutcomeKind.NotFound, null, code, "no transaction for this key");
        }

        if ((int)status is >= 400 and < 500 && status is not (HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests) && !string.IsNullOrEmpty(code))
        {
            return new WalletOutcome(WalletOutcomeKind.Refused, null, code, answer?.Message ?? code);
        }

        return WalletOutcome.Transient($"wallet answered {(int)status}{(code is null ? string.Empty : " " + code)}");
    }

    /// <summary>
    /// Reads the fields we need and nothing else, tolerating whatever else the body holds (a problem+json
    /// <c>status</c> is a number, a look-up's is a string; a proxy's error page is not JSON at all).
    /// </summary>
    private static async Task<WalletTransactionAnswer?> ReadAnswerAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            using var document = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            string? Text(string name) =>
                document.RootElement.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

            return new WalletTransactionAnswer(Text("transactionId"), Text("code"), Text("message") ?? Text("detail"), Text("status"));
        }
        catch (JsonException)
        {
            return null; // classified by status alone
        }
    }
}
