namespace Gamity.Sandbox.Conformance;

/// <summary>What a check needs from the command line beyond the target and its key.</summary>
[Flags]
public enum CheckNeeds
{
    Nothing = 0,
    AdminKey = 1,
    WalletControl = 2,

    /// <summary>Players with money: given (<c>--players</c>) or created in the sandbox wallet.</summary>
    Players = 4,
    RoundsKey = 8,
    TokenCallerKey = 16,
    TokenKey = 32,
    DebitRollbackAfter = 64,
}

/// <summary>One conformance check: a name (<c>group.what</c>), what it proves, and what it needs to run.</summary>
public sealed record ConformanceCheck(string Name, string Proves, CheckNeeds Needs, Func<CheckContext, Task> RunAsync)
{
    public string Group => Name[..Name.IndexOf('.', StringComparison.Ordinal)];

    /// <summary>Most checks answer in seconds; the fault checks wait on the deployment's own retries.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(2);

    public IEnumerable<string> Missing(ConformanceSettings settings)
    {
        if (Needs.HasFlag(CheckNeeds.AdminKey) && settings.AdminKey is null)
        {
            yield return "--admin-key";
        }

        if (Needs.HasFlag(CheckNeeds.WalletControl) && settings.WalletControl is null)
        {
            yield return "--wallet-control";
        }

        if (Needs.HasFlag(CheckNeeds.Players) && settings.WalletControl is null && settings.Players.Count == 0)
        {
            yield return "--players or --wallet-control";
        }

        if (Needs.HasFlag(CheckNeeds.RoundsKey) && settings.RoundsKey is null)
        {
            yield return "--rounds-key";
        }

        if (Needs.HasFlag(CheckNeeds.TokenCallerKey) && settings.TokenCallerKey is null)
        {
            yield return "--token-caller-key";
        }

        if (Needs.HasFlag(CheckNeeds.TokenKey) && settings.TokenKey is null)
        {
            yield return "--token-key";
        }

        if (Needs.HasFlag(CheckNeeds.DebitRollbackAfter) && settings.DebitRollbackAfter is null)
        {
            yield return "--debit-rollback-after";
        }
    }
}

/// <summary>A check saw something the contract does not allow.</summary>
public sealed class CheckFailedException(string message) : Exception(message);

public enum CheckOutcome
{
    Passed,
    Failed,

    /// <summary>Not run: an option it needs was not given (and it was not asked for by name).</summary>
    NotRun,
}

/// <summary>One request the kit sent and what came back (bodies cut to <see cref="Exchange.MaxExcerpt"/> characters).</summary>
public sealed record Exchange(string Method, string Url, string? Sent, int? Status, string? Seen)
{
    public const int MaxExcerpt = 600;

    public static string? Excerpt(string? text) =>
        text is null ? null : text.Length <= MaxExcerpt ? text : string.Concat(text.AsSpan(0, MaxExcerpt), " …(cut)");

    public override string ToString() =>
        $"{Method} {Url}{(Sent is null ? string.Empty : " " + Sent)} → {(Status is int status ? status.ToString(System.Globalization.CultureInfo.InvariantCulture) : "no answer")} {Seen}";
}

public sealed record CheckResult(string Name, string Proves, CheckOutcome Outcome, long ElapsedMs, string? Message, IReadOnlyList<Exchange> Exchanges);
