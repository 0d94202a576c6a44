using Gamity.Integration.Access;
using Gamity.Integration.Catalog;

namespace Gamity.Functions.Catalog;

public sealed class CatalogFunctions(OperatorGate gate, CatalogSyncService sync, SyncRunStore runs)
{
    [Function(nameof(SyncOperatorsAndBrands))]
    public Task SyncOperatorsAndBrands([TimerTrigger("%Schedules:SyncOperatorsAndBrands%")] TimerInfo timer, FunctionContext context, CancellationToken cancellationToken) =>
        CatalogRegistration.SyncOperatorsAndBrands.RunAsync(context.InstanceServices, timer.IsPastDue, cancellationToken);

    [Function(nameof(SyncGames))]
    public Task SyncGames([TimerTrigger("%Schedules:SyncGames%")] TimerInfo timer, FunctionContext context, CancellationToken cancellationToken) =>
        CatalogRegistration.SyncGames.RunAsync(context.InstanceServices, timer.IsPastDue, cancellationToken);

    [Function("RunCatalogSync")]
    public Task<IResult> RunSyncAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = CatalogEndpoints.RunSyncRoute)] HttpRequest request, string kind, CancellationToken cancellationToken) =>
        Http.Result(CatalogEndpoints.RunSyncAsync(request, kind, gate, sync, cancellationToken));

    [Function("GetCatalogSyncRuns")]
    public Task<IResult> GetRunsAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = CatalogEndpoints.GetRunsRoute)] HttpRequest request, string kind, CancellationToken cancellationToken) =>
        Http.Result(CatalogEndpoints.GetRunsAsync(request, kind, gate, runs, cancellationToken));

    [Function("PreviewCatalogSync")]
    public Task<IResult> PreviewAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = CatalogEndpoints.PreviewRoute)] HttpRequest request, string kind, CancellationToken cancellationToken) =>
        Http.Result(CatalogEndpoints.PreviewAsync(request, kind, gate, sync, cancellationToken));
}
