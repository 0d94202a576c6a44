using System.Diagnostics.Metrics;
using Gamity.Integration.Defaults;

namespace Gamity.Integration.Widget;

/// <summary>Availability answers, by outcome (<c>stale=true</c>: failed open).</summary>
public sealed class WidgetMetrics(IMeterFactory meters)
{
    private readonly Counter<long> availability = meters.Create(GamityDefaults.MeterName).CreateCounter<long>(
        "gamity.widget.availability", description: "Widget availability answers, by load and stale (stale = failed open)");

    public void Answered(bool load, bool stale) =>
        availability.Add(1, new KeyValuePair<string, object?>("load", load), new KeyValuePair<string, object?>("stale", stale));
}
