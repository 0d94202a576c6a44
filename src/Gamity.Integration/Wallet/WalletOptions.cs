using Gamity.Integration.Defaults;

namespace Gamity.Integration.Wallet;

public sealed class WalletOptions
{
    public const string Section = "Wallet";

    /// <summary>The casino wallet implementing docs/wallet-api.openapi.yaml (<c>POST {BaseUrl}/credit</c>, …).</summary>
    public string BaseUrl { get; set; } = string.Empty;

    /// <summary>Sent as <c>X-API-Key</c> on every wallet call.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Timeout of one wallet call made by the workflow (payout attempts, look-ups, rollbacks).</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The buy-in's inline attempt: the player is waiting to join, so it is short (ADR 0006).</summary>
    public TimeSpan DebitDeadline { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a payout (or a debit rollback) keeps being retried before it is <c>Failed</c>.</summary>
    public TimeSpan RetryBudget { get; set; } = TimeSpan.FromHours(24);

    /// <summary>First retry delay; doubled per attempt with jitter, capped at <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>A repeat of a ref still in flight waits this long for the first to finish, then answers "retry later".</summary>
    public TimeSpan InflightWait { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>A debit that happened while Gamity was told to retry, with no repeat within this window, is rolled back.</summary>
    public TimeSpan DebitRollbackAfter { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// The largest amount one payout or one debit may move, in any currency without its own entry in
    /// <see cref="MaxAmountPerCurrency"/>. Above it the call is refused (422 <c>AMOUNT_ABOVE_MAXIMUM</c>) and nothing is stored.
    /// </summary>
    public decimal MaxAmount { get; set; } = 1_000_000m;

    /// <summary>Per ISO 4217 code (<c>Wallet__MaxAmountPerCurrency__IDR=20000000000</c>): currencies whose units are small.</summary>
    public Dictionary<string, decimal> MaxAmountPerCurrency { get; set; } = new(StringComparer.Ordinal);

    public decimal MaxAmountFor(string currency) => MaxAmountPerCurrency.TryGetValue(currency, out var max) ? max : MaxAmount;

    public static IEnumerable<string> Validate(WalletOptions o)
    {
        string Setting(string key) => ValidatedOptions.Setting(Section, key);
        if (o.MaxAmount <= 0 || o.MaxAmountPerCurrency.Any(c => c.Value <= 0 || c.Key.Length != 3 || !c.Key.All(char.IsAsciiLetterUpper)))
        {
            yield return $"{Setting(nameof(MaxAmount))} and every {Setting(nameof(MaxAmountPerCurrency))}__{{ISO 4217 code}} must be positive amounts (codes in upper case, e.g. __IDR).";
        }

        if (!ValidatedOptions.IsHttpUrl(o.BaseUrl))
        {
            yield return $"{Setting(nameof(BaseUrl))} must be an absolute http(s) URL: the casino wallet (got '{o.BaseUrl}').";
        }

        if (o.AttemptTimeout <= TimeSpan.Zero || o.DebitDeadline <= TimeSpan.Zero)
        {
            yield return $"{Setting(nameof(AttemptTimeout))} and {Setting(nameof(DebitDeadline))} must be positive.";
        }

        if (o.RetryBudget < TimeSpan.FromSeconds(1))
        {
            yield return $"{Setting(nameof(RetryBudget))} must be at least 00:00:01 (hours in production: Gamity retries for 25 minutes only).";
        }

        if (o.RetryBaseDelay <= TimeSpan.Zero || o.MaxRetryDelay < o.RetryBaseDelay || o.MaxRetryDelay > TimeSpan.FromDays(6))
        {
            yield return $"{Setting(nameof(RetryBaseDelay))} must be positive and not above {Setting(nameof(MaxRetryDelay))} (at most 6 days).";
        }

        if (o.InflightWait < TimeSpan.Zero || o.InflightWait > TimeSpan.FromSeconds(30))
        {
            yield return $"{Setting(nameof(InflightWait))} must be between 0 and 30 seconds.";
        }

        if (o.DebitRollbackAfter <= TimeSpan.Zero || o.DebitRollbackAfter > TimeSpan.FromDays(6))
        {
            yield return $"{Setting(nameof(DebitRollbackAfter))} must be positive and at most 6 days.";
        }
    }
}
