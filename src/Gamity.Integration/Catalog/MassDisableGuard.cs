namespace Gamity.Integration.Catalog;

/// <summary>
/// A broken source that returns an empty or truncated list must never switch off the portfolio in Gamity
/// (ADR 0002). Compares what would be disabled with what the last successful sync sent enabled.
/// </summary>
public static class MassDisableGuard
{
    public static DisableCheck Evaluate(IReadOnlyCollection<string>? previouslyEnabled, IReadOnlySet<string> nowEnabled, double maxDisableFraction)
    {
        if (previouslyEnabled is null || previouslyEnabled.Count == 0)
        {
            return new DisableCheck(true, 0, 0, 0);
        }

        var wouldDisable = previouslyEnabled.Count(reference => !nowEnabled.Contains(reference));
        var fraction = (double)wouldDisable / previouslyEnabled.Count;
        return new DisableCheck(fraction <= maxDisableFraction, wouldDisable, previouslyEnabled.Count, fraction);
    }
}

/// <param name="Allowed">False when more than the allowed share would be disabled.</param>
/// <param name="WouldDisable">Refs enabled by the last successful sync that are now missing or disabled.</param>
/// <param name="PreviouslyEnabled">How many refs the last successful sync sent enabled.</param>
public sealed record DisableCheck(bool Allowed, int WouldDisable, int PreviouslyEnabled, double Fraction)
{
    public string Describe(double maxDisableFraction) =>
        $"would disable {WouldDisable} of {PreviouslyEnabled} refs enabled by the last successful sync ({Fraction:P1}; the limit is {maxDisableFraction:P1})";
}
