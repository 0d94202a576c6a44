using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace Gamity.Testing;

/// <summary>
/// A listener on exactly the instruments of one meter factory (its own, or a running stack's): what the code under
/// test records, by instrument name, without seeing any other test's measurements.
/// </summary>
public sealed class TestMetrics : IDisposable
{
    private readonly ServiceProvider? provider;
    private readonly MeterListener listener = new();
    private readonly ConcurrentQueue<(string Instrument, double Value, KeyValuePair<string, object?>[] Tags)> recorded = new();

    /// <param name="factory">The factory to listen to; none = a new one (<see cref="Factory"/>) to build the code under test with.</param>
    public TestMetrics(IMeterFactory? factory = null)
    {
        if (factory is null)
        {
            provider = new ServiceCollection().AddMetrics().BuildServiceProvider();
            factory = provider.GetRequiredService<IMeterFactory>();
        }

        Factory = factory;
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, Factory))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => recorded.Enqueue((instrument.Name, value, tags.ToArray())));
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => recorded.Enqueue((instrument.Name, value, tags.ToArray())));
        listener.Start();
    }

    public IMeterFactory Factory { get; }

    /// <summary>The values recorded on <paramref name="instrument"/>; observable instruments are observed first.</summary>
    public IReadOnlyList<double> Values(string instrument)
    {
        listener.RecordObservableInstruments();
        return [.. recorded.Where(m => m.Instrument == instrument).Select(m => m.Value)];
    }

    /// <summary>The tags of every measurement recorded on <paramref name="instrument"/>, as "key=value" sets.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, string?>> Tags(string instrument) =>
        [.. recorded.Where(m => m.Instrument == instrument).Select(m => (IReadOnlyDictionary<string, string?>)m.Tags.ToDictionary(t => t.Key, t => t.Value?.ToString()))];

    public void Dispose()
    {
        listener.Dispose();
        provider?.Dispose();
    }
}
