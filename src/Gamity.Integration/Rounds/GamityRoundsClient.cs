using Gamity.Integration.Defaults;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using Gamity.Integration.GamityApi;
using Microsoft.Extensions.Options;

namespace Gamity.Integration.Rounds;

/// <summary>
/// Gamity's Game Round API (gamity-contract.md §2.2). No generic resilience handler here: retries are bounded by the
/// invocation's deadline, classified by <see cref="RoundsRetryPolicy"/>, and a resend is safe because Gamity
/// de-duplicates on <c>roundId</c>.
/// </summary>
public sealed class GamityRoundsClient(HttpClient http, IOptions<GamityOptions> gamity, IOptions<RoundsOptions> options, TimeProvider time)
{
    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };
    private readonly RoundsRetryPolicy policy = new(options.Value.RetryBaseDelay, options.Value.MaxRetryDelay);

    private string BatchPath => $"gamerounds/{Uri.EscapeDataString(gamity.Value.IntegrationId)}/batch";

    public async Task<ChunkResult> SendBatchAsync(ReadOnlyMemory<byte> body, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        string lastFailure = "no attempt was made within the invocation budget";
        for (var attempt = 1; ; attempt++)
        {
            var remaining = deadline - time.GetUtcNow();
            if (remaining <= TimeSpan.Zero)
            {
                return new ChunkResult(SendVerdict.Retry, null, lastFailure, attempt - 1, stopwatch.Elapsed);
            }

            HttpStatusCode? status = null;
            TimeSpan? retryAfter = null;
            using (var attemptTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                attemptTimeout.CancelAfter(remaining < options.Value.AttemptTimeout ? remaining : options.Value.AttemptTimeout);
                try
                {
                    using var content = new ReadOnlyMemoryContent(body);
                    content.Headers.ContentType = Json;
                    using var response = await http.PostAsync(BatchPath, content, attemptTimeout.Token);
                    status = response.StatusCode;
                    var verdict = RoundsRetryPolicy.Classify(status);
                    if (verdict == SendVerdict.Delivered)
                    {
                        return new ChunkResult(verdict, status, null, attempt, stopwatch.Elapsed);
                    }

                    var answer = await BodyExcerpt.ReadAsync(response, attemptTimeout.Token);
                    lastFailure = $"Gamity answered {(int)response.StatusCode}: {answer}";
                    if (verdict == SendVerdict.Reject)
                    {
                        return new ChunkResult(verdict, status, lastFailure, attempt, stopwatch.Elapsed);
                    }

                    retryAfter = RetryAfter(response);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    lastFailure = $"no answer within {options.Value.AttemptTimeout.TotalSeconds:0.###} s";
                }
                catch (HttpRequestException exception)
                {
                    lastFailure = "connection failed: " + exception.Message;
                }
            }

            var delay = policy.DelayAfter(attempt, retryAfter, Random.Shared);
            if (time.GetUtcNow() + delay >= deadline)
            {
                return new ChunkResult(SendVerdict.Retry, status, lastFailure, attempt, stopwatch.Elapsed);
            }

            await Task.Delay(delay, time, cancellationToken);
        }
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - time.GetUtcNow(),
        _ => null,
    };
}

/// <param name="Verdict">Delivered; Reject (final 4xx); Retry = still failing when the budget ran out.</param>
public sealed record ChunkResult(SendVerdict Verdict, HttpStatusCode? Status, string? Failure, int Attempts, TimeSpan Elapsed);
