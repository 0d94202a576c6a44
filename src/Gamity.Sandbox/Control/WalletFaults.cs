using System.Text.Json.Serialization;
using Gamity.Sandbox.Shared;

namespace Gamity.Sandbox.Control;

/// <summary>
/// Faults for the wallet's money calls (<c>/wallet/credit</c>, <c>debit</c>, <c>freerounds</c>, <c>rollback</c>),
/// set with <c>PUT /sandbox/wallet/faults</c>. Lookups (<c>GET /wallet/transactions/…</c>) are never faulted, so a
/// test can always check what was committed.
/// </summary>
public sealed class WalletFaults : IResettableState
{
    private readonly Lock sync = new();
    private volatile WalletFaultSettings current = WalletFaultSettings.None;
    private Random random = new();

    public WalletFaultSettings Current => current;

    /// <summary>Replaces every setting and restarts the decision sequence from the seed.</summary>
    public void Set(WalletFaultSettings settings)
    {
        lock (sync)
        {
            random = settings.Seed is int seed ? new Random(seed) : new Random();
            current = settings;
        }
    }

    /// <summary>
    /// One draw per authenticated money call from the seeded sequence: the rates are consecutive slices of
    /// [0, 1) in the order error, commit-then-timeout; the rest is a normal answer. No draw while both are 0.
    /// </summary>
    public WalletFaultDecision Draw()
    {
        if (!current.HasRates)
        {
            return new WalletFaultDecision(WalletFaultKind.None, current);
        }

        WalletFaultSettings settings;
        double draw;
        lock (sync)
        {
            settings = current;
            draw = random.NextDouble();
        }

        var kind = draw < settings.ErrorRate ? WalletFaultKind.Error
            : draw < settings.ErrorRate + settings.CommitThenTimeoutRate ? WalletFaultKind.CommitThenTimeout
            : WalletFaultKind.None;
        return new WalletFaultDecision(kind, settings);
    }

    public void Reset() => Set(WalletFaultSettings.None);
}

public enum WalletFaultKind
{
    None,
    Error,
    CommitThenTimeout,
}

/// <summary>What to do with one money call, and the settings it was drawn under.</summary>
public readonly record struct WalletFaultDecision(WalletFaultKind Kind, WalletFaultSettings Settings);

/// <summary>The wallet faults in force, every field filled in; answer of GET/PUT <c>/sandbox/wallet/faults</c>.</summary>
public sealed record WalletFaultSettings(double ErrorRate, int ErrorStatus, int LatencyMs, double CommitThenTimeoutRate, int? Seed)
{
    public const int DefaultErrorStatus = StatusCodes.Status500InternalServerError;

    public static WalletFaultSettings None { get; } = new(0, DefaultErrorStatus, 0, 0, null);

    [JsonIgnore]
    public bool HasRates => ErrorRate > 0 || CommitThenTimeoutRate > 0;

    /// <summary>Fills in defaults; returns the validation errors instead when a value is out of range.</summary>
    public static WalletFaultSettings? From(WalletFaultsRequest request, ValidationErrors errors)
    {
        CheckRate(request.ErrorRate, "errorRate", errors);
        CheckRate(request.CommitThenTimeoutRate, "commitThenTimeoutRate", errors);
        if (request.ErrorStatus is < 400 or > 599)
        {
            errors.Add("errorStatus must be an error status between 400 and 599.");
        }

        if (request.LatencyMs is < 0 or > RoundFaultSettings.MaxLatencyMs)
        {
            errors.Add($"latencyMs must be between 0 and {RoundFaultSettings.MaxLatencyMs}.");
        }

        return errors.Any
            ? null
            : new WalletFaultSettings(
                request.ErrorRate ?? 0,
                request.ErrorStatus ?? DefaultErrorStatus,
                request.LatencyMs ?? 0,
                request.CommitThenTimeoutRate ?? 0,
                request.Seed);
    }

    private static void CheckRate(double? rate, string name, ValidationErrors errors)
    {
        if (rate is double value && !(value >= 0 && value <= 1))
        {
            errors.Add($"{name} must be between 0 and 1.");
        }
    }
}

/// <summary>
/// Body of <c>PUT /sandbox/wallet/faults</c>; every field optional. Unknown fields are rejected so that a typo
/// does not silently leave a fault off.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record WalletFaultsRequest(
    double? ErrorRate = null,
    int? ErrorStatus = null,
    int? LatencyMs = null,
    double? CommitThenTimeoutRate = null,
    int? Seed = null);
