using Gamity.Integration.Storage;
using Microsoft.Extensions.Configuration;

namespace Gamity.Testing;

public static class TestStorage
{
    public static StorageClients Clients(string connectionString) =>
        StorageClients.Create(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["AzureWebJobsStorage"] = connectionString }).Build());
}
