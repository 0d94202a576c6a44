using Gamity.Integration.Defaults;

namespace Gamity.Integration.ActiveGames;

public sealed class ActiveGamesOptions
{
    public const string Section = "ActiveGames";

    /// <summary>Older than this, the snapshot is stale and readers fail open (assumption A7): five missed 3-minute refreshes.</summary>
    public TimeSpan StaleAfter { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How often a reader re-checks the snapshot blob's ETag; between checks it answers from memory.</summary>
    public TimeSpan RecheckInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>A re-check slower than this is abandoned and the last snapshot kept, so a storage outage never stalls callers.</summary>
    public TimeSpan RecheckTimeout { get; set; } = TimeSpan.FromSeconds(3);

    public static IEnumerable<string> Validate(ActiveGamesOptions o)
    {
        if (o.StaleAfter <= TimeSpan.Zero)
        {
            yield return $"{ValidatedOptions.Setting(Section, nameof(StaleAfter))} must be a positive duration such as 00:15:00.";
        }

        if (o.RecheckInterval < TimeSpan.Zero || o.RecheckInterval > TimeSpan.FromMinutes(1))
        {
            yield return $"{ValidatedOptions.Setting(Section, nameof(RecheckInterval))} must be between 00:00:00 and 00:01:00.";
        }

        if (o.RecheckTimeout <= TimeSpan.Zero)
        {
            yield return $"{ValidatedOptions.Setting(Section, nameof(RecheckTimeout))} must be positive.";
        }
    }
}
