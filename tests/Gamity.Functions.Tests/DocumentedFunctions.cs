namespace Gamity.Functions.Tests;

/// <summary>
/// The functions of the README's tables, as the Functions host must see them: names, triggers, routes, schedules and
/// queues are the product's interface (Gamity, casinos, operators' dashboards and alerts), so a change here is a
/// change to the README.
/// </summary>
public static class DocumentedFunctions
{
    public sealed record HttpFunction(string Name, string Method, string Route);

    public static readonly HttpFunction[] Http =
    [
        new("Health", "get", "health"),
        new("RunCatalogSync", "post", "admin/catalog/sync/{kind}"),
        new("GetCatalogSyncRuns", "get", "admin/catalog/runs/{kind}"),
        new("PreviewCatalogSync", "get", "admin/catalog/preview/{kind}"),
        new("ReceivePayout", "post", "gamity/payouts"),
        new("ReceiveDebit", "post", "gamity/debits"),
        new("GetPayout", "get", "payouts/{ref}"),
        new("GetDebit", "get", "debits/{ref}"),
        new("RedrivePayout", "post", "payouts/{ref}/redrive"),
        new("RedriveDebit", "post", "debits/{ref}/redrive"),
        new("GetReconciliation", "get", "admin/reconciliation"),
        new("IssuePlayerToken", "post", "player-token"),
        new("GetWidgetAvailability", "get", "widget/availability"),
        new("ReceiveRounds", "post", "rounds"),
        new("ListDeadLetteredRounds", "get", "admin/rounds/dead-letters"),
        new("ReplayDeadLetteredRounds", "post", "admin/rounds/dead-letters/replay"),
        new("GetOpenApiDocument", "get", "openapi.json"),
    ];

    /// <summary>Timer functions: the schedule is the app setting <c>Schedules__{Name}</c>.</summary>
    public static readonly string[] Timers = ["SyncOperatorsAndBrands", "SyncGames", "RefreshActiveGames", "ForwardRounds", "PurgeWalletHistory", "SweepStalledWalletOperations", "WriteReconciliationReport"];

    /// <summary>Storage-queue functions and the queue (or the setting holding its name).</summary>
    public static readonly (string Name, string Queue)[] Queues = [("ForwardQueuedRounds", "%Rounds:QueueName%")];

    /// <summary>Functions that reach the wallet orchestrations through the host's Durable client.</summary>
    public static readonly string[] DurableClients = ["ReceivePayout", "ReceiveDebit", "GetPayout", "GetDebit", "RedrivePayout", "RedriveDebit", "PurgeWalletHistory", "SweepStalledWalletOperations"];

    /// <summary>The wallet orchestrations and their activities (docs/adr/0012-durable-wallet-workflow.md).</summary>
    public static readonly string[] Orchestrators = ["RetryPayout", "ResolveDebit"];

    public static readonly string[] Activities = ["AttemptWalletOperation", "LookUpUnknownDebit", "RollBackDebit", "GiveUpWalletOperation"];

    public static IEnumerable<string> AllNames => Http.Select(f => f.Name).Concat(Timers).Concat(Queues.Select(q => q.Name)).Concat(Orchestrators).Concat(Activities);
}
