using Gamity.Integration.Defaults;

namespace Gamity.Integration.Rounds;

public sealed class RoundsOptions
{
    public const string Section = "Rounds";

    /// <summary>Gamity's documented limit for the batch endpoint (gamity-contract.md §2.2).</summary>
    public const int MaxBatchSize = 100;

    /// <summary>The Service Bus queue (Functions mode) or Storage queue (standalone) the casino drops rounds on.</summary>
    public string QueueName { get; set; } = "rounds";

    /// <summary>Sent when a round has no <c>roundType</c>. Gamity's own default is undocumented (gamity-contract.md §2.2, Q8).</summary>
    public string DefaultRoundType { get; set; } = "REGULAR";

    /// <summary>Forward only rounds of (brand, game) pairs in a tournament; stale snapshot = forward everything.</summary>
    public bool FilterByActiveGames { get; set; } = true;

    public int MaxParallelBatches { get; set; } = 4;

    /// <summary>Timeout of one POST to Gamity.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Time one message or batch may spend retrying Gamity. A Storage-queue message stays invisible 5 minutes while it
    /// is processed (and the Service Bus drain renews its locks), so this stays well below that.
    /// </summary>
    public TimeSpan InvocationBudget { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>First retry delay; doubled per attempt (with jitter), capped at <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Keys a casino system presents (<c>X-API-Key</c>) to <c>POST /api/rounds</c>; none = that endpoint answers 403.</summary>
    public List<string> ApiKeys { get; set; } = [];

    /// <summary>Largest message (queue message or <c>POST /api/rounds</c> body) read; larger = refused whole (HTTP 413).</summary>
    public int MaxMessageBytes { get; set; } = RoundLimits.Default.MaxMessageBytes;

    /// <summary>Most rounds one message may hold; more = refused whole (HTTP 413). Gamity's own batch call takes 100.</summary>
    public int MaxRoundsPerMessage { get; set; } = RoundLimits.Default.MaxRoundsPerMessage;

    /// <summary>Invalid rounds of one message recorded one by one in <c>InvalidRounds</c>; the rest are summarised in one row.</summary>
    public int MaxInvalidRecordsPerMessage { get; set; } = RoundLimits.Default.MaxInvalidRecordsPerMessage;

    public RoundLimits Limits => new(MaxMessageBytes, MaxRoundsPerMessage, MaxInvalidRecordsPerMessage);

    public static IEnumerable<string> Validate(RoundsOptions o)
    {
        string Setting(string key) => ValidatedOptions.Setting(Section, key);
        if (o.MaxMessageBytes is < 1024 or > 100 * 1024 * 1024 || o.MaxRoundsPerMessage is < 1 or > 1_000_000 || o.MaxInvalidRecordsPerMessage is < 1 or > 10_000)
        {
            yield return $"{Setting(nameof(MaxMessageBytes))} must be 1 KiB–100 MiB, {Setting(nameof(MaxRoundsPerMessage))} 1–1,000,000 and {Setting(nameof(MaxInvalidRecordsPerMessage))} 1–10,000.";
        }

        if (string.IsNullOrWhiteSpace(o.QueueName) || o.QueueName.Length > 63)
        {
            yield return $"{Setting(nameof(QueueName))} is required (a queue name, at most 63 characters).";
        }

        if (string.IsNullOrWhiteSpace(o.DefaultRoundType) || o.DefaultRoundType.Length > RoundRules.MaxIdLength)
        {
            yield return $"{Setting(nameof(DefaultRoundType))} is required (at most {RoundRules.MaxIdLength} characters).";
        }

        if (o.MaxParallelBatches is < 1 or > 64)
        {
            yield return $"{Setting(nameof(MaxParallelBatches))} must be between 1 and 64.";
        }

        if (o.AttemptTimeout <= TimeSpan.Zero || o.InvocationBudget < o.AttemptTimeout)
        {
            yield return $"{Setting(nameof(AttemptTimeout))} must be positive and not above {Setting(nameof(InvocationBudget))}.";
        }

        if (o.RetryBaseDelay < TimeSpan.Zero || o.MaxRetryDelay < o.RetryBaseDelay)
        {
            yield return $"{Setting(nameof(RetryBaseDelay))} must be ≥ 0 and not above {Setting(nameof(MaxRetryDelay))}.";
        }

        if (o.ApiKeys.Any(string.IsNullOrWhiteSpace))
        {
            yield return $"{Setting(nameof(ApiKeys))} entries must not be empty.";
        }
    }
}
