using Gamity.Integration.ApiDocument;

namespace Gamity.Functions.ApiDocument;

public static class ApiDocumentFunctions
{
    [Function("GetOpenApiDocument")]
    public static IResult Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiDocumentEndpoints.Route)] HttpRequest request) =>
        ApiDocumentEndpoints.Get();
}
