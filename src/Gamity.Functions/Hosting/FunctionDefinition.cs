using System.Text.Json.Nodes;
using Gamity.Functions.Hosting.Invocation;

namespace Gamity.Functions.Hosting;

/// <summary>
/// One declaration per function. It feeds the three things that must agree: the invocation endpoint
/// (<c>POST /{Name}</c> in Functions mode) or the HTTP route, the standalone trigger (timer or queue poller),
/// and the checked-in <c>{Name}/function.json</c>.
/// </summary>
public abstract record FunctionDefinition(string Name)
{
    /// <summary>The bindings array of <c>function.json</c>, exactly as the Functions host reads it.</summary>
    public abstract JsonArray Bindings();

    public JsonObject ToFunctionJson() => new() { ["bindings"] = Bindings() };
}

/// <summary>A timer function. The schedule comes from an app setting (<c>%Schedules__X%</c> in function.json).</summary>
public sealed record TimerFunction(
    string Name,
    string ScheduleSettingName,
    Func<SchedulesOptions, string> Schedule,
    Func<IServiceProvider, TimerInfo, CancellationToken, Task<InvocationResult>> Handler) : FunctionDefinition(Name)
{
    public const string BindingName = "timer";

    public override JsonArray Bindings() =>
    [
        new JsonObject
        {
            ["type"] = "timerTrigger",
            ["direction"] = "in",
            ["name"] = BindingName,
            ["schedule"] = $"%Schedules__{ScheduleSettingName}%",
            ["useMonitor"] = true,
            ["runOnStartup"] = false,
        },
    ];
}

/// <summary>A Storage-queue function: the host's queue trigger in Functions mode, <see cref="Standalone.QueuePoller"/> standalone.</summary>
public sealed record QueueFunction(
    string Name,
    string QueueName,
    Func<IServiceProvider, QueueMessageInfo, CancellationToken, Task<InvocationResult>> Handler) : FunctionDefinition(Name)
{
    public const string BindingName = "message";

    public override JsonArray Bindings() =>
    [
        new JsonObject
        {
            ["type"] = "queueTrigger",
            ["direction"] = "in",
            ["name"] = BindingName,
            ["queueName"] = QueueName,
            ["connection"] = "AzureWebJobsStorage",
        },
    ];
}

/// <summary>
/// A Service Bus batch function (<c>cardinality: many</c>, <c>dataType: string</c>, reference §3.6). The Service
/// Bus SDK cannot be restored here, so standalone mode feeds the same handler from a Storage queue of the same
/// name, received in batches.
/// </summary>
/// <param name="QueueSettingName">The app setting holding the queue name (<c>%Rounds__QueueName%</c> in function.json).</param>
/// <param name="QueueName">Resolves that setting, for the standalone poller.</param>
/// <param name="Connection">Identity-based connection prefix: the host reads <c>{Connection}__fullyQualifiedNamespace</c>.</param>
public sealed record ServiceBusBatchFunction(
    string Name,
    string QueueSettingName,
    Func<IServiceProvider, string> QueueName,
    string Connection,
    Func<IServiceProvider, IReadOnlyList<ServiceBusMessageInfo>, CancellationToken, Task<InvocationResult>> Handler) : FunctionDefinition(Name)
{
    public const string BindingName = "messages";

    public override JsonArray Bindings() =>
    [
        new JsonObject
        {
            ["type"] = "serviceBusTrigger",
            ["direction"] = "in",
            ["name"] = BindingName,
            ["queueName"] = $"%{QueueSettingName}%",
            ["connection"] = Connection,
            ["cardinality"] = "many",
            ["dataType"] = "string",
        },
    ];
}

/// <summary>
/// An HTTP function. With <c>enableForwardingHttpRequest</c> the host forwards the original request
/// (path <c>/api/{Route}</c>) because the function has exactly one httpTrigger and one http output
/// (custom-handler reference §5), so the handler is an ordinary minimal-API delegate.
/// </summary>
public sealed record HttpFunction(string Name, string Method, string Route, Delegate Handler, HttpAccess Access = HttpAccess.Anonymous) : FunctionDefinition(Name)
{
    public const string RoutePrefix = "/api/";

    public string Path => RoutePrefix + Route;

    public override JsonArray Bindings() =>
    [
        new JsonObject
        {
            ["type"] = "httpTrigger",
            ["direction"] = "in",
            ["name"] = "req",
            ["authLevel"] = "anonymous",
            ["methods"] = new JsonArray(Method.ToLowerInvariant()),
            ["route"] = Route,
        },
        new JsonObject { ["type"] = "http", ["direction"] = "out", ["name"] = "res" },
    ];
}

/// <summary>Who may call an HTTP function; the host's own auth level stays anonymous and the app checks keys itself.</summary>
public enum HttpAccess
{
    Anonymous,

    /// <summary>Operator commands: <c>Admin__ApiKey</c> in <c>X-API-Key</c>.</summary>
    AdminKey,

    /// <summary>Gamity's payout and debit calls: allow-listed source address, then one of <c>Inbound__ApiKeys</c>.</summary>
    GamityKey,

    /// <summary>Casino systems posting rounds: one of <c>Rounds__ApiKeys</c> in <c>X-API-Key</c>.</summary>
    RoundsKey,

    /// <summary>The casino's game-launch backend asking for widget/lobby tokens: one of <c>PlayerTokens__CallerApiKeys</c>.</summary>
    PlayerTokenCallerKey,
}
