using Gamity.Functions.Storage;
using Microsoft.Extensions.Configuration;

namespace Gamity.Functions.Tests.Infrastructure;

public static class Storage
{
    public static StorageClients Clients(string connectionString) =>
        StorageClients.Create(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["AzureWebJobsStorage"] = connectionString }).Build());
}
