using Gamity.Integration.Defaults;
using Gamity.Integration.Health;
using Gamity.Integration.Storage;

namespace Gamity.Functions.Health;

public sealed class HealthFunctions(StorageClients storage, GamityHost host)
{
    [Function("Health")]
    public Task<IResult> GetAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = HealthEndpoints.Route)] HttpRequest request, CancellationToken cancellationToken) =>
        Http.Result(HealthEndpoints.GetAsync(storage, host, cancellationToken));
}
