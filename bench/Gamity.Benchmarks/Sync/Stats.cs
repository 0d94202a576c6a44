using System.Globalization;

namespace Gamity.Benchmarks.Sync;

/// <summary>Mean, sample standard deviation, min and max of a handful of measurements.</summary>
public sealed record Stats(int Count, double Mean, double StdDev, double Min, double Max)
{
    public static Stats Of(IReadOnlyCollection<double> values)
    {
        if (values.Count == 0)
        {
            return new Stats(0, double.NaN, double.NaN, double.NaN, double.NaN);
        }

        var mean = values.Average();
        var sd = values.Count > 1 ? Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1)) : 0;
        return new Stats(values.Count, mean, sd, values.Min(), values.Max());
    }

    public string Row(string name, string format = "F0") => string.Create(CultureInfo.InvariantCulture,
        $"| {name} | {Mean.ToString(format, CultureInfo.InvariantCulture)} | {StdDev.ToString(format, CultureInfo.InvariantCulture)} | {Min.ToString(format, CultureInfo.InvariantCulture)} | {Max.ToString(format, CultureInfo.InvariantCulture)} |");
}
