using System.Text.Json;

namespace Gamity.Functions.Hosting.Invocation;

/// <summary>What a timer invocation carries (reference §3.3). Standalone mode builds the same object.</summary>
public sealed record TimerInfo(bool IsPastDue, DateTimeOffset? Last, DateTimeOffset? Next)
{
    public static TimerInfo Decode(InvocationRequest request, string bindingName)
    {
        var timer = request.RequireData(bindingName);
        if (timer.ValueKind != JsonValueKind.Object)
        {
            throw new InvocationFormatException($"'Data.{bindingName}' must be the timer object (Schedule, ScheduleStatus, IsPastDue).");
        }

        var isPastDue = InvocationRequest.TryGetPropertyIgnoreCase(timer, "IsPastDue", out var pastDue)
            && InvocationValue.AsBool(pastDue, "IsPastDue");
        DateTimeOffset? last = null, next = null;
        if (InvocationRequest.TryGetPropertyIgnoreCase(timer, "ScheduleStatus", out var status) && status.ValueKind == JsonValueKind.Object)
        {
            if (InvocationRequest.TryGetPropertyIgnoreCase(status, "Last", out var lastValue))
            {
                last = InvocationValue.AsTimestamp(lastValue, "ScheduleStatus.Last");
            }

            if (InvocationRequest.TryGetPropertyIgnoreCase(status, "Next", out var nextValue))
            {
                next = InvocationValue.AsTimestamp(nextValue, "ScheduleStatus.Next");
            }
        }

        return new TimerInfo(isPastDue, last, next);
    }
}

/// <summary>A Storage-queue message (reference §3.4). The standalone poller builds the same object.</summary>
public sealed record QueueMessageInfo(string Body, string? MessageId, int DequeueCount, DateTimeOffset? InsertedAt)
{
    public static QueueMessageInfo Decode(InvocationRequest request, string bindingName)
    {
        var body = InvocationValue.AsString(request.RequireData(bindingName), $"Data.{bindingName}")
            ?? throw new InvocationFormatException($"'Data.{bindingName}' must be the message text.");
        var id = request.Meta("Id") is { } idValue ? InvocationValue.AsString(idValue, "Metadata.Id") : null;
        var dequeueCount = request.Meta("DequeueCount") is { } count ? InvocationValue.AsInt(count, "Metadata.DequeueCount") : 1;
        var inserted = request.Meta("InsertionTime") is { } time ? InvocationValue.AsTimestamp(time, "Metadata.InsertionTime") : null;
        return new QueueMessageInfo(body, id, dequeueCount, inserted);
    }
}

/// <summary>One Service Bus message of a trigger invocation.</summary>
public sealed record ServiceBusMessageInfo(string Body, string? MessageId, int DeliveryCount, DateTimeOffset? EnqueuedAt);

/// <summary>Service Bus trigger payloads (reference §3.5 single, §3.6 <c>cardinality: many</c> with <c>dataType: string</c>).</summary>
public static class ServiceBusTriggerData
{
    public static IReadOnlyList<ServiceBusMessageInfo> DecodeBatch(InvocationRequest request, string bindingName)
    {
        var bodies = InvocationValue.AsArray(request.RequireData(bindingName), $"Data.{bindingName}");
        var count = bodies.GetArrayLength();
        var ids = MetadataArray(request, "MessageIdArray", count);
        var deliveries = MetadataArray(request, "DeliveryCountArray", count);
        var enqueued = MetadataArray(request, "EnqueuedTimeUtcArray", count);

        var messages = new List<ServiceBusMessageInfo>(count);
        var index = 0;
        foreach (var body in bodies.EnumerateArray())
        {
            var field = $"Data.{bindingName}[{index}]";
            messages.Add(new ServiceBusMessageInfo(
                BodyText(body, field),
                ids is { } i ? InvocationValue.AsString(i[index], $"MessageIdArray[{index}]") : null,
                deliveries is { } d ? InvocationValue.AsInt(d[index], $"DeliveryCountArray[{index}]") : 1,
                enqueued is { } e ? InvocationValue.AsTimestamp(e[index], $"EnqueuedTimeUtcArray[{index}]") : null));
            index++;
        }

        return messages;
    }

    public static ServiceBusMessageInfo DecodeSingle(InvocationRequest request, string bindingName) => new(
        BodyText(request.RequireData(bindingName), $"Data.{bindingName}"),
        request.Meta("MessageId") is { } id ? InvocationValue.AsString(id, "Metadata.MessageId") : null,
        request.Meta("DeliveryCount") is { } delivery ? InvocationValue.AsInt(delivery, "Metadata.DeliveryCount") : 1,
        request.Meta("EnqueuedTimeUtc") is { } time ? InvocationValue.AsTimestamp(time, "Metadata.EnqueuedTimeUtc") : null);

    private static string BodyText(JsonElement body, string field) => body.ValueKind switch
    {
        JsonValueKind.String => InvocationValue.Unwrap(body.GetString()!, field),
        // A body delivered as raw JSON (object/array) is kept as its text.
        JsonValueKind.Object or JsonValueKind.Array => body.GetRawText(),
        _ => throw new InvocationFormatException($"'{field}' must be the message body as a string."),
    };

    private static JsonElement[]? MetadataArray(InvocationRequest request, string key, int expected)
    {
        if (request.Meta(key) is not { } value)
        {
            return null;
        }

        var array = InvocationValue.AsArray(value, $"Metadata.{key}");
        var items = array.EnumerateArray().ToArray();
        return items.Length == expected
            ? items
            : throw new InvocationFormatException($"'Metadata.{key}' has {items.Length} entries for {expected} messages.");
    }
}

/// <summary>An HTTP trigger invocation that the host did not forward (reference §3.7).</summary>
public sealed record HttpRequestInfo(string Method, string Url, IReadOnlyDictionary<string, string> Query, IReadOnlyDictionary<string, string[]> Headers, string? Body)
{
    public static HttpRequestInfo Decode(InvocationRequest request, string bindingName)
    {
        var req = request.RequireData(bindingName);
        if (req.ValueKind != JsonValueKind.Object)
        {
            throw new InvocationFormatException($"'Data.{bindingName}' must be the HTTP request object.");
        }

        string Required(string name) =>
            InvocationRequest.TryGetPropertyIgnoreCase(req, name, out var v) && InvocationValue.AsString(v, $"{bindingName}.{name}") is { } s
                ? s
                : throw new InvocationFormatException($"'Data.{bindingName}.{name}' is missing.");

        var query = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (InvocationRequest.TryGetPropertyIgnoreCase(req, "Query", out var q) && q.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in q.EnumerateObject())
            {
                query[p.Name] = InvocationValue.AsString(p.Value, $"Query.{p.Name}") ?? string.Empty;
            }
        }

        var headers = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase);
        if (InvocationRequest.TryGetPropertyIgnoreCase(req, "Headers", out var h) && h.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in h.EnumerateObject())
            {
                headers[p.Name] = p.Value.ValueKind == JsonValueKind.Array
                    ? p.Value.EnumerateArray().Select(e => InvocationValue.AsString(e, $"Headers.{p.Name}") ?? string.Empty).ToArray()
                    : [InvocationValue.AsString(p.Value, $"Headers.{p.Name}") ?? string.Empty];
            }
        }

        // Body is omitted by the host when Content-Length is absent or 0.
        var body = InvocationRequest.TryGetPropertyIgnoreCase(req, "Body", out var b) ? InvocationValue.AsString(b, $"{bindingName}.Body") : null;
        return new HttpRequestInfo(Required("Method"), Required("Url"), query, headers, body);
    }
}
