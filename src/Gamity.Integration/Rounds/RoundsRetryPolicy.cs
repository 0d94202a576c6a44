using System.Net;

namespace Gamity.Integration.Rounds;

public enum SendVerdict
{
    Delivered,

    /// <summary>Worth another try: 408, 429, 5xx, a timeout or a connection failure.</summary>
    Retry,

    /// <summary>Gamity refused the chunk for good (another 4xx): recorded with its answer, not retried.</summary>
    Reject,
}

/// <summary>Which answers of the Game Round API are retried, and after how long (ADR 0005).</summary>
public sealed class RoundsRetryPolicy(TimeSpan baseDelay, TimeSpan maxDelay)
{
    public static SendVerdict Classify(HttpStatusCode? status) => status switch
    {
        null => SendVerdict.Retry, // timeout or connection failure: the rounds may or may not have arrived; roundId makes the resend safe
        >= HttpStatusCode.OK and < HttpStatusCode.Ambiguous => SendVerdict.Delivered,
        HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests => SendVerdict.Retry,
        >= HttpStatusCode.InternalServerError => SendVerdict.Retry,
        _ => SendVerdict.Reject,
    };

    /// <summary>
    /// Delay before attempt <paramref name="attempt"/> + 1: Gamity's <c>Retry-After</c> when it gave one, otherwise
    /// exponential backoff with full jitter (a random delay up to base × 2^(attempt-1), capped).
    /// </summary>
    public TimeSpan DelayAfter(int attempt, TimeSpan? retryAfter, Random random)
    {
        if (retryAfter is { } serverDelay && serverDelay >= TimeSpan.Zero)
        {
            return serverDelay <= maxDelay ? serverDelay : maxDelay;
        }

        var ceiling = Math.Min(maxDelay.TotalMilliseconds, baseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 30)));
        return TimeSpan.FromMilliseconds(ceiling * (0.5 + (random.NextDouble() / 2)));
    }
}
