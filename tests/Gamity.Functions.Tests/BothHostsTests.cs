using Gamity.Standalone;
using Gamity.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;

namespace Gamity.Functions.Tests;

/// <summary>The standalone host serves every HTTP function of the Function App on the same route, method and name.</summary>
public class BothHostsTests
{
    [Fact]
    public async Task The_standalone_host_maps_every_documented_http_function_on_the_same_route()
    {
        await using var app = StandaloneApp.Build([], b => b.Configuration.AddInMemoryCollection(TestSettings.Minimal("UseDevelopmentStorage=true")));
        var endpoints = ((IEndpointRouteBuilder)app).DataSources.SelectMany(s => s.Endpoints).OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/", StringComparison.Ordinal) == true)
            .ToList();

        foreach (var (name, method, route) in DocumentedFunctions.Http)
        {
            var endpoint = Assert.Single(endpoints, e => e.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName == name);
            Assert.Equal("/api/" + route, endpoint.RoutePattern.RawText);
            Assert.Equal([method.ToUpperInvariant()], endpoint.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods);
        }

        Assert.Equal(DocumentedFunctions.Http.Length, endpoints.Count);
    }
}
