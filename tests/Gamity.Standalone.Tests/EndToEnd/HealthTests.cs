using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Gamity.Testing;

namespace Gamity.Standalone.Tests.EndToEnd;

public class HealthTests(Azurite azurite)
{
    [Fact]
    public async Task Healthy_when_storage_answers()
    {
        await using var stack = await Stack.StartAsync(azurite);

        using var response = await stack.Client.GetAsync("/api/health", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>(TestContext.Current.CancellationToken))!;
        Assert.Equal("Healthy", body["status"]!.GetValue<string>());
        Assert.Equal("Standalone", body["mode"]!.GetValue<string>());
        Assert.All(body["storage"]!.AsObject(), check => Assert.Equal("ok", check.Value!.GetValue<string>()));
    }

    [Fact]
    public async Task Unhealthy_503_naming_the_failing_service_when_storage_is_unreachable()
    {
        await using var stack = await Stack.StartAsync(azurite, settings =>
            settings["AzureWebJobsStorage"] = "DefaultEndpointsProtocol=http;AccountName=x;AccountKey=eA==;BlobEndpoint=http://127.0.0.1:9/x;QueueEndpoint=http://127.0.0.1:9/x;TableEndpoint=http://127.0.0.1:9/x;");

        using var response = await stack.Client.GetAsync("/api/health", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>(TestContext.Current.CancellationToken))!;
        Assert.Equal("Unhealthy", body["status"]!.GetValue<string>());
        Assert.All(body["storage"]!.AsObject(), check => Assert.StartsWith("unreachable", check.Value!.GetValue<string>()));
    }
}
