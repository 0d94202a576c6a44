using Gamity.Sandbox.Shared;

namespace Gamity.Sandbox.Control;

/// <summary>Counts the calls each <c>/external/</c> endpoint received, rejected ones included.</summary>
public sealed class GamityCallLog : IResettableState
{
    private readonly Lock sync = new();
    private readonly Dictionary<string, CallStats> byEndpoint = new(StringComparer.Ordinal);

    public void Record(string endpoint, int statusCode)
    {
        lock (sync)
        {
            var count = byEndpoint.TryGetValue(endpoint, out var before) ? before.Count : 0;
            byEndpoint[endpoint] = new CallStats(count + 1, statusCode);
        }
    }

    public Dictionary<string, CallStats> Snapshot()
    {
        lock (sync)
        {
            return new Dictionary<string, CallStats>(byEndpoint, StringComparer.Ordinal);
        }
    }

    public void Reset()
    {
        lock (sync)
        {
            byEndpoint.Clear();
        }
    }
}

/// <summary>How often an endpoint was called and the status code of its latest answer.</summary>
public sealed record CallStats(int Count, int LastStatusCode);
