using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using Gamity.Sandbox.Shared;

namespace Gamity.Sandbox.Control;

/// <summary>
/// Sends one of Gamity's callbacks (a payout, gamity-contract.md §6, or a debit, §7) to a casino's endpoint the way
/// Gamity's "Auto payout" does (§10.2): the same body every time, repeated after a temporary error (a 5xx,
/// a timeout, a connection failure), never after a 2xx or another status, up to a given number of retries.
/// </summary>
/// <remarks>
/// 408 and 429 count as final like every other non-5xx status, because the manual names only timeouts and
/// server errors as temporary. Redirects are not followed (a 3xx is final).
/// </remarks>
public sealed class GamityCallbackSender(SandboxConsole console) : IDisposable
{
    /// <summary>Of each answer body only this much is kept in the report.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    private readonly HttpClient client = new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
    })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    public async Task<CallbackReport> SendAsync(CallbackPlan plan, CancellationToken token)
    {
        var attempts = new List<CallbackAttempt>();
        for (var attempt = 0; ; attempt++)
        {
            if (attempt > 0)
            {
                await SandboxDelay.AtLeastAsync(plan.RetryInterval, token);
            }

            var result = await AttemptAsync(plan, token);
            attempts.Add(result);
            console.WriteLine(
                $"{plan.Name} attempt {attempt + 1}/{plan.Retries + 1} to {plan.Target}: " +
                $"{(result.Status is int status ? status.ToString(System.Globalization.CultureInfo.InvariantCulture) : result.Error)} in {result.ElapsedMs} ms");
            if (!IsTemporary(result))
            {
                var outcome = result.Status is >= 200 and < 300 ? CallbackReport.Succeeded : CallbackReport.Refused;
                return new CallbackReport(attempts, result.Status, result.Body, outcome);
            }

            if (attempt >= plan.Retries)
            {
                return new CallbackReport(attempts, result.Status, result.Body, CallbackReport.RetriesExhausted);
            }
        }
    }

    /// <summary>A 5xx, a timeout or a connection failure (no status at all).</summary>
    public static bool IsTemporary(CallbackAttempt attempt) => attempt.Status is null or >= 500;

    private async Task<CallbackAttempt> AttemptAsync(CallbackPlan plan, CancellationToken token)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(token);
        timeout.CancelAfter(plan.AttemptTimeout);
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, plan.Target) { Content = new ByteArrayContent(plan.Body) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            if (plan.ApiKey is not null)
            {
                request.Headers.TryAddWithoutValidation("X-API-Key", plan.ApiKey);
            }

            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var body = await ReadBodyAsync(response.Content, timeout.Token);
            return new CallbackAttempt((int)response.StatusCode, body, Elapsed(started), null);
        }
        catch (OperationCanceledException) when (!token.IsCancellationRequested)
        {
            return new CallbackAttempt(null, null, Elapsed(started), $"timeout: no complete answer within {plan.AttemptTimeout.TotalMilliseconds:F0} ms");
        }
        catch (Exception exception) when (exception is HttpRequestException or IOException)
        {
            return new CallbackAttempt(null, null, Elapsed(started), $"connection error: {exception.Message}");
        }
    }

    private static async Task<string> ReadBodyAsync(HttpContent content, CancellationToken token)
    {
        await using var stream = await content.ReadAsStreamAsync(token);
        var buffer = new byte[MaxBodyBytes];
        var filled = 0;
        int read;
        while (filled < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(filled), token)) > 0)
        {
            filled += read;
        }

        var text = Encoding.UTF8.GetString(buffer, 0, filled);
        return filled == buffer.Length && await stream.ReadAsync(new byte[1], token) > 0 ? text + " …(cut)" : text;
    }

    private static long Elapsed(long started) => (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;

    public void Dispose() => client.Dispose();
}

/// <summary>One callback to send: where, with which key and body, and how often to try.</summary>
public sealed record CallbackPlan(
    string Name, Uri Target, string? ApiKey, byte[] Body, int Retries, TimeSpan RetryInterval, TimeSpan AttemptTimeout);

/// <summary>One attempt: the answer's status and body, or (timeout, connection failure) no status and an error.</summary>
public sealed record CallbackAttempt(int? Status, string? Body, long ElapsedMs, string? Error);

/// <summary>Answer of <c>POST /sandbox/gamity/send-payout</c> and <c>send-debit</c>.</summary>
public sealed record CallbackReport(IReadOnlyList<CallbackAttempt> Attempts, int? FinalStatus, string? FinalBody, string Outcome)
{
    /// <summary>The last attempt was answered 2xx.</summary>
    public const string Succeeded = "succeeded";

    /// <summary>The last attempt was answered with a final non-2xx status (4xx, 3xx, …); not retried.</summary>
    public const string Refused = "refused";

    /// <summary>Every attempt ended in a temporary error.</summary>
    public const string RetriesExhausted = "retriesExhausted";
}
