using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gamity.Functions.HostEmulator.Rpc;
using Gamity.Testing;

namespace Gamity.Functions.Tests.Worker;

/// <summary>
/// One table of requests sent to both hosts — the built Function App under the host emulator and Gamity.Standalone —
/// on one sandbox (each host on its own storage, with its own refs): every answer must have the same status, media
/// type and body shape (the same fields with the same JSON kinds; ids and timestamps may differ).
/// </summary>
[Collection(WorkerUnderTest.Collection)]
public class WorkerHttpParityTests(Azurite azurite)
{
    private sealed record Refs(Guid Payout, Guid Debit);

    private sealed record Call(string Name, Func<Refs, HttpRequestMessage> Request);

    private const string Admin = TestSettings.AdminKey;

    private static HttpRequestMessage Json(HttpMethod method, string path, string? body, string? key)
    {
        var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        if (key is not null)
        {
            request.Headers.TryAddWithoutValidation("X-API-Key", key);
        }

        return request;
    }

    private static readonly Call[] Table =
    [
        new("health", _ => Json(HttpMethod.Get, "/api/health", null, null)),
        new("openapi", _ => Json(HttpMethod.Get, "/api/openapi.json", null, null)),
        new("payout", r => Json(HttpMethod.Post, "/api/gamity/payouts", GamityCalls.Payout(r.Payout).ToJsonString(), TestSettings.GamityInboundKey)),
        new("payout repeat", r => Json(HttpMethod.Post, "/api/gamity/payouts", GamityCalls.Payout(r.Payout).ToJsonString(), TestSettings.GamityInboundKey)),
        new("payout ref reused with another amount", r => Json(HttpMethod.Post, "/api/gamity/payouts", GamityCalls.Payout(r.Payout, amount: 99m).ToJsonString(), TestSettings.GamityInboundKey)),
        new("payout bad body", _ => Json(HttpMethod.Post, "/api/gamity/payouts", """{"payoutRef":"not-a-uuid","amount":"ten"}""", TestSettings.GamityInboundKey)),
        new("payout not JSON", _ => Json(HttpMethod.Post, "/api/gamity/payouts", "not json", TestSettings.GamityInboundKey)),
        new("payout without key", r => Json(HttpMethod.Post, "/api/gamity/payouts", GamityCalls.Payout(Guid.NewGuid()).ToJsonString(), null)),
        new("debit", r => Json(HttpMethod.Post, "/api/gamity/debits", GamityCalls.Debit(r.Debit, amount: 1m).ToJsonString(), TestSettings.GamityInboundKey)),
        new("debit repeat", r => Json(HttpMethod.Post, "/api/gamity/debits", GamityCalls.Debit(r.Debit, amount: 1m).ToJsonString(), TestSettings.GamityInboundKey)),
        new("operator view of the payout", r => Json(HttpMethod.Get, $"/api/payouts/{r.Payout}", null, Admin)),
        new("operator view of the debit", r => Json(HttpMethod.Get, $"/api/debits/{r.Debit}", null, Admin)),
        new("operator view of an unknown ref", _ => Json(HttpMethod.Get, $"/api/payouts/{Guid.NewGuid()}", null, Admin)),
        new("operator view of a bad ref", _ => Json(HttpMethod.Get, "/api/payouts/not-a-uuid", null, Admin)),
        new("operator view without the admin key", r => Json(HttpMethod.Get, $"/api/payouts/{r.Payout}", null, null)),
        new("re-drive of a payout that did not fail", r => Json(HttpMethod.Post, $"/api/payouts/{r.Payout}/redrive", null, Admin)),
        new("re-drive of a debit that did not fail", r => Json(HttpMethod.Post, $"/api/debits/{r.Debit}/redrive", null, Admin)),
        new("re-drive of an unknown ref", _ => Json(HttpMethod.Post, $"/api/debits/{Guid.NewGuid()}/redrive", null, Admin)),
        new("player token", _ => Json(HttpMethod.Post, "/api/player-token", """{"brandId":"brand-1","playerId":"player-1","currency":"EUR","purpose":"widget"}""", TestSettings.PlayerTokenCallerKey)),
        new("player token bad body", _ => Json(HttpMethod.Post, "/api/player-token", """{"brandId":"brand-1"}""", TestSettings.PlayerTokenCallerKey)),
        new("widget availability", _ => Json(HttpMethod.Get, "/api/widget/availability?brandId=brand-a&gameId=PNG_GUNSLINGER_RELOADED", null, null)),
        new("widget availability without gameId", _ => Json(HttpMethod.Get, "/api/widget/availability?brandId=brand-a", null, null)),
        new("rounds", _ => Json(HttpMethod.Post, "/api/rounds", TestRounds.Round(0, $"parity-{Guid.NewGuid():N}").ToJsonString(), WorkerUnderTest.RoundsKey)),
        new("rounds not JSON", _ => Json(HttpMethod.Post, "/api/rounds", "not json", WorkerUnderTest.RoundsKey)),
        new("catalog sync", _ => Json(HttpMethod.Post, "/api/admin/catalog/sync/operators-and-brands", null, Admin)),
        new("catalog sync of an unknown kind", _ => Json(HttpMethod.Post, "/api/admin/catalog/sync/players", null, Admin)),
        new("catalog sync runs", _ => Json(HttpMethod.Get, "/api/admin/catalog/runs/games", null, Admin)),
        new("catalog sync preview", _ => Json(HttpMethod.Get, "/api/admin/catalog/preview/games", null, Admin)),
        new("reconciliation", _ => Json(HttpMethod.Get, "/api/admin/reconciliation?from=2026-12-01&to=2026-12-02&format=json", null, Admin)),
        new("reconciliation bad window", _ => Json(HttpMethod.Get, "/api/admin/reconciliation?from=2026-12-02&to=2026-12-01", null, Admin)),
        new("dead-lettered rounds without Service Bus", _ => Json(HttpMethod.Get, "/api/admin/rounds/dead-letters", null, Admin)),
        new("replay of dead-lettered rounds without Service Bus", _ => Json(HttpMethod.Post, "/api/admin/rounds/dead-letters/replay?max=10", null, Admin)),
        new("replay with a bad max", _ => Json(HttpMethod.Post, "/api/admin/rounds/dead-letters/replay?max=0", null, Admin)),
    ];

    [Fact]
    public async Task Every_route_answers_like_the_standalone_host_for_one_table_of_requests()
    {
        await using var stack = await Stack.StartAsync(azurite, s => s["Rounds:ApiKeys:0"] = WorkerUnderTest.RoundsKey);
        await using var worker = await WorkerUnderTest.StartAsync(azurite, sandboxUrl: stack.SandboxApp.Urls.Single());
        using var standalone = new HttpClient { BaseAddress = stack.App.ListeningAddress() };
        Refs standaloneRefs = new(Guid.NewGuid(), Guid.NewGuid()), workerRefs = new(Guid.NewGuid(), Guid.NewGuid());

        var differences = new List<string>();
        var served = new HashSet<string>();
        foreach (var call in Table)
        {
            served.Add(worker.Host.HttpFunctionFor(call.Request(workerRefs).Method, call.Request(workerRefs).RequestUri!.OriginalString)!.Name);
            using var expected = await standalone.SendAsync(call.Request(standaloneRefs), Ct);
            var (actual, invocation) = await worker.Host.SendAsync(call.Request(workerRefs));
            using (actual)
            {
                var want = await DescribeAsync(expected);
                var got = await DescribeAsync(actual);
                if (want.Shape != got.Shape)
                {
                    differences.Add($"{call.Name}:\n  standalone {want.Shape}\n    {want.Body}\n  function app {got.Shape}\n    {got.Body}");
                }

                if (invocation.Result.Status != StatusResult.Types.Status.Success)
                {
                    differences.Add($"{call.Name}: the invocation failed: {invocation.Result.Exception?.Message}");
                }
            }
        }

        Assert.True(differences.Count == 0, string.Join("\n", differences));
        Assert.Equal(DocumentedFunctions.Http.Select(f => f.Name).Order(), served.Order()); // the table reaches every HTTP function
        worker.AssertNoWorkerErrors();
    }

    /// <summary>Status, media type and the shape of the body: field names and JSON kinds, recursively.</summary>
    private static async Task<(string Shape, string Body)> DescribeAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync(Ct);
        var media = response.Content.Headers.ContentType?.MediaType ?? "none";
        string shape;
        try
        {
            shape = body.Length == 0 ? "empty" : Shape(JsonNode.Parse(body));
        }
        catch (JsonException)
        {
            shape = "text";
        }

        return ($"{(int)response.StatusCode} {media} {shape}", body.Length > 300 ? body[..300] + "…" : body);
    }

    private static string Shape(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject o => "{" + string.Join(",", o.Where(p => p.Key != "traceId").OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}:{Shape(p.Value)}")) + "}",
        JsonArray a => "[" + string.Join("|", a.Select(Shape).Distinct().Order(StringComparer.Ordinal)) + "]",
        _ => node.GetValueKind() switch
        {
            JsonValueKind.True or JsonValueKind.False => "bool",
            var kind => kind.ToString().ToLowerInvariant(),
        },
    };
}
