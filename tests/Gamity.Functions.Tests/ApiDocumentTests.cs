using System.Text.Json.Nodes;
using Gamity.Functions.ApiDocument;
using Gamity.Integration.ApiDocument;
using Gamity.Testing;
using Microsoft.AspNetCore.Http;

namespace Gamity.Functions.Tests;

/// <summary>
/// docs/openapi.json is what the endpoints generate, what both hosts serve, and names exactly the Function App's HTTP
/// functions. After changing an endpoint, regenerate it: <c>UPDATE_OPENAPI=1</c> and run this class (README).
/// </summary>
public class ApiDocumentTests(Azurite azurite)
{
    private static readonly string CommittedPath = RepoRoot.Combine("docs", "openapi.json");

    [Fact]
    public async Task The_committed_document_is_the_one_the_endpoints_generate()
    {
        // The running standalone app: the endpoint table ApiExplorer reads is complete once the app has started.
        await using var stack = await Stack.StartAsync(azurite);
        var generated = await ApiDocumentEndpoints.GenerateAsync(stack.Services, Ct);
        if (Environment.GetEnvironmentVariable("UPDATE_OPENAPI") == "1")
        {
            await File.WriteAllTextAsync(CommittedPath, generated + "\n", Ct);
        }

        Assert.True(
            JsonNode.DeepEquals(JsonNode.Parse(generated), JsonNode.Parse(await File.ReadAllTextAsync(CommittedPath, Ct))),
            "docs/openapi.json differs from what the endpoints generate: run this test with UPDATE_OPENAPI=1 and commit the file.");
    }

    [Fact]
    public async Task Both_hosts_serve_the_committed_document()
    {
        var committed = await File.ReadAllBytesAsync(CommittedPath, Ct);
        await using var stack = await Stack.StartAsync(azurite);

        using var served = await stack.Client.GetAsync("/api/openapi.json", Ct);
        Assert.Equal("application/json", served.Content.Headers.ContentType?.MediaType);
        Assert.Equal(committed, await served.Content.ReadAsByteArrayAsync(Ct));
        Assert.Equal(committed, await ServeAsync(ApiDocumentFunctions.Get(new DefaultHttpContext().Request), stack.Services));
    }

    [Fact]
    public async Task The_document_describes_exactly_the_http_functions_with_their_keys_and_problem_answers()
    {
        var document = JsonNode.Parse(await File.ReadAllTextAsync(CommittedPath, Ct))!;
        Assert.StartsWith("3.1", document["openapi"]!.GetValue<string>(), StringComparison.Ordinal);
        var operations = document["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject().Select(op => (Route: path.Key, Method: op.Key, Operation: op.Value!)))
            .ToList();

        Assert.Equal(
            DocumentedFunctions.Http.Select(f => (Name: f.Name, Route: "/api/" + f.Route, f.Method)).OrderBy(f => f.Name),
            operations.Select(o => (Name: o.Operation["operationId"]!.GetValue<string>(), o.Route, o.Method)).OrderBy(f => f.Name));
        var schemes = document["components"]!["securitySchemes"]!.AsObject();
        Assert.Equal(["Admin", "GamityInbound", "PlayerTokenCaller", "Rounds"], schemes.Select(s => s.Key).Order());
        Assert.All(schemes, s => Assert.Equal(("apiKey", "header", "X-API-Key"), (s.Value!["type"]!.GetValue<string>(), s.Value["in"]!.GetValue<string>(), s.Value["name"]!.GetValue<string>())));

        var payout = operations.Single(o => o.Operation["operationId"]!.GetValue<string>() == "ReceivePayout").Operation;
        Assert.Equal("GamityInbound", Assert.Single(payout["security"]!.AsArray()[0]!.AsObject()).Key);
        Assert.Equal("#/components/schemas/PayoutRequest", payout["requestBody"]!["content"]!["application/json"]!["schema"]!["$ref"]!.GetValue<string>());
        var request = document["components"]!["schemas"]!["PayoutRequest"]!;
        Assert.Equal("number", request["properties"]!["amount"]!["type"]!.GetValue<string>()); // never a string: Input/InboundRequestReader.cs
        Assert.Equal(["amount", "brandId", "currency", "payoutId", "payoutRef", "playerId", "type"], request["required"]!.AsArray().Select(r => r!.GetValue<string>()).Order());
        Assert.Equal("#/components/schemas/TransactionIdAnswer", payout["responses"]!["200"]!["content"]!["application/json"]!["schema"]!["$ref"]!.GetValue<string>());
        foreach (var status in new[] { "400", "401", "403", "422", "503" })
        {
            Assert.True(payout["responses"]![status]?["content"]?["application/problem+json"] is not null, $"ReceivePayout {status} is problem+json");
        }

        Assert.Null(operations.Single(o => o.Operation["operationId"]!.GetValue<string>() == "GetWidgetAvailability").Operation["security"]);
    }

    private static async Task<byte[]> ServeAsync(IResult result, IServiceProvider services)
    {
        var http = new DefaultHttpContext { RequestServices = services };
        http.Response.Body = new MemoryStream();
        await result.ExecuteAsync(http);
        Assert.Equal("application/json", http.Response.ContentType);
        return ((MemoryStream)http.Response.Body).ToArray();
    }
}
