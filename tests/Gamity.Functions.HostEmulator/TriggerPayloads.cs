using System.Globalization;
using System.Text.Json.Nodes;
using Gamity.Functions.HostEmulator.Rpc;

namespace Gamity.Functions.HostEmulator;

/// <summary>The trigger data the host sends, per trigger type.</summary>
public static class TriggerPayloads
{
    /// <summary>The timer extension's <c>TimerInfo</c>, as JSON.</summary>
    public static TypedData Timer(DateTimeOffset now, bool isPastDue) => new()
    {
        Json = new JsonObject
        {
            ["Schedule"] = new JsonObject { ["AdjustForDST"] = true },
            ["ScheduleStatus"] = new JsonObject
            {
                ["Last"] = now.AddMinutes(-1).ToString("O", CultureInfo.InvariantCulture),
                ["Next"] = now.AddMinutes(1).ToString("O", CultureInfo.InvariantCulture),
                ["LastUpdated"] = now.ToString("O", CultureInfo.InvariantCulture),
            },
            ["IsPastDue"] = isPastDue,
        }.ToJsonString(),
    };

    /// <summary>
    /// An HTTP trigger's binding data. With the ASP.NET Core integration the worker reads the request itself from its
    /// own server; the host still sends method, URL, headers and query here.
    /// </summary>
    public static TypedData Http(HttpRequestMessage request)
    {
        var rpc = new RpcHttp { Method = request.Method.Method, Url = request.RequestUri!.ToString() };
        foreach (var (name, values) in request.Headers)
        {
            rpc.Headers[name] = string.Join(",", values);
        }

        foreach (var pair in request.RequestUri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = pair.Split('=', 2);
            rpc.Query[Uri.UnescapeDataString(parts[0])] = parts.Length > 1 ? Uri.UnescapeDataString(parts[1]) : string.Empty;
        }

        return new TypedData { Http = rpc };
    }

    /// <summary>A Storage queue message (already base64-decoded by the host) and the metadata the queue trigger sends with it.</summary>
    public static (TypedData Message, Dictionary<string, TypedData> Metadata) QueueMessage(
        string text, string id, long dequeueCount, DateTimeOffset? insertionTime, DateTimeOffset? expirationTime, DateTimeOffset? nextVisibleTime, string popReceipt) =>
        (new TypedData { String = text }, new Dictionary<string, TypedData>
        {
            ["Id"] = new() { String = id },
            ["DequeueCount"] = new() { Json = dequeueCount.ToString(CultureInfo.InvariantCulture) },
            ["InsertionTime"] = Instant(insertionTime),
            ["ExpirationTime"] = Instant(expirationTime),
            ["NextVisibleTime"] = Instant(nextVisibleTime),
            ["PopReceipt"] = new() { String = popReceipt },
        });

    private static TypedData Instant(DateTimeOffset? value) =>
        new() { Json = value is { } instant ? $"\"{instant.ToString("O", CultureInfo.InvariantCulture)}\"" : "null" };
}
