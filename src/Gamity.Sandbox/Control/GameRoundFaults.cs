using System.Text.Json.Serialization;
using Gamity.Sandbox.Shared;

namespace Gamity.Sandbox.Control;

/// <summary>
/// Faults for the Game Round API (<c>/gamerounds/</c>), set with <c>PUT /sandbox/gamity/rounds/faults</c>.
/// Independent of <see cref="GamityFaults"/> (the management API's fault), which never touches the round API.
/// </summary>
public sealed class GameRoundFaults : IResettableState
{
    private readonly Lock sync = new();
    private volatile RoundFaultSettings current = RoundFaultSettings.None;
    private Random random = new();

    public RoundFaultSettings Current => current;

    /// <summary>Replaces every setting and restarts the decision sequence from the seed.</summary>
    public void Set(RoundFaultSettings settings)
    {
        lock (sync)
        {
            random = settings.Seed is int seed ? new Random(seed) : new Random();
            current = settings;
        }
    }

    /// <summary>
    /// One draw per call from the seeded sequence: the rates are consecutive slices of [0, 1) in the order
    /// error, throttle, accept-then-timeout; the rest is a normal answer. No draw while every rate is 0.
    /// </summary>
    public RoundFaultDecision Draw()
    {
        if (!current.HasRates)
        {
            return new RoundFaultDecision(RoundFaultKind.None, current);
        }

        RoundFaultSettings settings;
        double draw;
        lock (sync)
        {
            settings = current;
            draw = random.NextDouble();
        }

        var kind = draw < settings.ErrorRate ? RoundFaultKind.Error
            : draw < settings.ErrorRate + settings.ThrottleRate ? RoundFaultKind.Throttle
            : draw < settings.ErrorRate + settings.ThrottleRate + settings.AcceptThenTimeoutRate ? RoundFaultKind.AcceptThenTimeout
            : RoundFaultKind.None;
        return new RoundFaultDecision(kind, settings);
    }

    public void Reset() => Set(RoundFaultSettings.None);
}

public enum RoundFaultKind
{
    None,
    Error,
    Throttle,
    AcceptThenTimeout,
}

/// <summary>What to do with one round-API call, and the settings it was drawn under.</summary>
public readonly record struct RoundFaultDecision(RoundFaultKind Kind, RoundFaultSettings Settings);

/// <summary>The round faults in force, every field filled in; answer of GET/PUT <c>/sandbox/gamity/rounds/faults</c>.</summary>
public sealed record RoundFaultSettings(
    double ErrorRate,
    int ErrorStatus,
    double ThrottleRate,
    int RetryAfterSeconds,
    int LatencyMs,
    double AcceptThenTimeoutRate,
    int? Seed)
{
    public const int DefaultErrorStatus = StatusCodes.Status500InternalServerError;
    public const int DefaultRetryAfterSeconds = 1;
    public const int MaxLatencyMs = 600_000;
    public const int MaxRetryAfterSeconds = 86_400;

    public static RoundFaultSettings None { get; } = new(0, DefaultErrorStatus, 0, DefaultRetryAfterSeconds, 0, 0, null);

    [JsonIgnore]
    public bool HasRates => ErrorRate > 0 || ThrottleRate > 0 || AcceptThenTimeoutRate > 0;

    /// <summary>Fills in defaults; returns the validation errors instead when a value is out of range.</summary>
    public static RoundFaultSettings? From(RoundFaultsRequest request, ValidationErrors errors)
    {
        CheckRate(request.ErrorRate, "errorRate", errors);
        CheckRate(request.ThrottleRate, "throttleRate", errors);
        CheckRate(request.AcceptThenTimeoutRate, "acceptThenTimeoutRate", errors);
        if (request.ErrorStatus is < 400 or > 599)
        {
            errors.Add("errorStatus must be an error status between 400 and 599.");
        }

        if (request.RetryAfterSeconds is < 0 or > MaxRetryAfterSeconds)
        {
            errors.Add($"retryAfterSeconds must be between 0 and {MaxRetryAfterSeconds}.");
        }

        if (request.LatencyMs is < 0 or > MaxLatencyMs)
        {
            errors.Add($"latencyMs must be between 0 and {MaxLatencyMs}.");
        }

        return errors.Any
            ? null
            : new RoundFaultSettings(
                request.ErrorRate ?? 0,
                request.ErrorStatus ?? DefaultErrorStatus,
                request.ThrottleRate ?? 0,
                request.RetryAfterSeconds ?? DefaultRetryAfterSeconds,
                request.LatencyMs ?? 0,
                request.AcceptThenTimeoutRate ?? 0,
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
/// Body of <c>PUT /sandbox/gamity/rounds/faults</c>; every field optional. Unknown fields are rejected so
/// that a typo does not silently leave a fault off.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record RoundFaultsRequest(
    double? ErrorRate = null,
    int? ErrorStatus = null,
    double? ThrottleRate = null,
    int? RetryAfterSeconds = null,
    int? LatencyMs = null,
    double? AcceptThenTimeoutRate = null,
    int? Seed = null);
