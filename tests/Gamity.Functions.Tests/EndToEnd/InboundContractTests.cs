using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using CsCheck;
using Gamity.Functions.Tests.Infrastructure;

namespace Gamity.Functions.Tests.EndToEnd;

/// <summary>
/// Everything Gamity might send wrong: 500+ generated malformed bodies per endpoint, wrong keys, wrong
/// addresses. Every answer is 4xx, nothing is stored and the wallet is never called.
/// </summary>
public class InboundContractTests(Azurite azurite)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly string[] PayoutRequired = ["payoutId", "payoutRef", "brandId", "playerId", "amount", "currency", "type"];
    private static readonly string[] DebitRequired = ["debitRef", "brandId", "playerId", "amount", "currency", "type"];

    /// <summary>A value that is wrong for the field whatever the field is (for required fields, "missing" too).</summary>
    private static readonly Gen<JsonNode?> WrongValue = Gen.OneOf<JsonNode?>(
        Gen.Const(() => (JsonNode?)null),
        Gen.Bool.Select(b => (JsonNode?)JsonValue.Create(b)),
        Gen.Const(() => (JsonNode?)new JsonArray(1, 2)),
        Gen.Const(() => (JsonNode?)new JsonObject { ["nested"] = true }),
        Gen.Const(() => (JsonNode?)JsonValue.Create("")),
        Gen.String[101, 3000].Select(s => (JsonNode?)JsonValue.Create(s)));

    private static readonly Gen<(string Field, JsonNode? Value)> BadAmount = Gen.OneOf(
        Gen.Decimal[-1_000_000m, 0m].Select(d => ("amount", (JsonNode?)JsonValue.Create(d))),
        Gen.OneOf("NaN", "Infinity", "-1", "10.25", "1e400").Select(s => ("amount", (JsonNode?)JsonValue.Create(s))),
        Gen.OneOf("1e400", "-1e400", "79228162514264337593543950336", "-0.0000001").Select(raw => ("amount", JsonNode.Parse(raw))));

    private static Gen<(string Field, JsonNode? Value)> BadUuid(string field) =>
        Gen.OneOf(Gen.String[0, 40], Gen.OneOf("0e17e833-a4db-41d0-83d1-adb53963186", "0e17e833a4db41d083d1adb539631864", "{0e17e833-a4db-41d0-83d1-adb539631864}", "zz17e833-a4db-41d0-83d1-adb539631864"))
            .Where(s => !Guid.TryParseExact(s, "D", out _))
            .Select(s => (field, (JsonNode?)JsonValue.Create(s)));

    private static Gen<(string Field, JsonNode? Value)> BadField(string[] required, string refField) => Gen.OneOf(
        Gen.Int[0, required.Length - 1].SelectMany(i => WrongValue.Where(v => !(required[i] == "payoutId" && v is JsonValue)).Select(v => (required[i], v))),
        BadAmount,
        BadUuid(refField),
        Gen.OneOf("eur", "EURO", "E1", "€", "").Select(c => ("currency", (JsonNode?)JsonValue.Create(c))),
        Gen.OneOf("cash", "BONUS", "PRIZE_POOL", "buyin", "DEPOSIT").Select(t => ("type", (JsonNode?)JsonValue.Create(t))));

    /// <summary>Bodies that are broken as a whole rather than field by field.</summary>
    private static readonly Gen<string> BrokenBody = Gen.OneOf(
        Gen.OneOf("", "null", "[]", "42", "\"text\"", "{", "{\"a\":}", "not json", "<xml/>"),
        Gen.Int[17, 200].Select(depth => string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth)),
        Gen.Int[70_000, 120_000].Select(n => "{\"payoutId\":\"" + new string('x', n) + "\"}"));

    private static Gen<string> Malformed(JsonObject valid, string[] required, string refField) => Gen.Frequency(
        (8, BadField(required, refField).Array[1, 3].Select(changes =>
        {
            var body = valid.DeepClone().AsObject();
            foreach (var (field, value) in changes)
            {
                if (value is null)
                {
                    body.Remove(field);
                }
                else
                {
                    body[field] = value.DeepClone();
                }
            }

            return body.ToJsonString();
        })),
        (1, Gen.Const(() => valid.ToJsonString().Replace("\"brandId\":\"brand-1\"", "\"brandId\":\"brand-1\",\"brandId\":\"brand-2\""))),
        (2, BrokenBody));

    [Theory]
    [InlineData("payouts")]
    [InlineData("debits")]
    public async Task Five_hundred_generated_malformed_bodies_are_all_4xx_and_change_nothing(string endpoint)
    {
        await using var stack = await Stack.StartAsync(azurite, PayoutsEndToEndTests.FastWorkflow);
        var valid = endpoint == "payouts" ? GamityCalls.Payout(Guid.NewGuid()) : GamityCalls.Debit(Guid.NewGuid());
        var generator = endpoint == "payouts" ? Malformed(valid, PayoutRequired, "payoutRef") : Malformed(valid, DebitRequired, "debitRef");
        var answered = 0;

        // CsCheck draws 500 bodies (and shrinks any failure to the smallest body that still fails).
        await Check.SampleAsync(generator, async body =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/gamity/{endpoint}") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            request.Headers.Add("X-API-Key", TestSettings.GamityInboundKey);
            using var response = await stack.Client.SendAsync(request, Ct);
            var answer = await response.Content.ReadAsStringAsync(Ct);
            Assert.True((int)response.StatusCode is >= 400 and < 500, $"{response.StatusCode} for {(body.Length > 300 ? body[..300] : body)}: {answer}");
            if (response.StatusCode == HttpStatusCode.BadRequest)
            {
                Assert.Contains("\"errors\"", answer);
            }

            Interlocked.Increment(ref answered);
        }, iter: 500, threads: 1);

        Assert.True(answered >= 500);
        await AssertNothingStoredAsync(stack);
    }

    [Theory]
    [InlineData("payouts", null, HttpStatusCode.Unauthorized)]
    [InlineData("payouts", "wrong-key-wrong-key", HttpStatusCode.Unauthorized)]
    [InlineData("payouts", "admin-key", HttpStatusCode.Unauthorized)]
    [InlineData("debits", null, HttpStatusCode.Unauthorized)]
    [InlineData("debits", "gamity-inbound-key-000", HttpStatusCode.Unauthorized)]
    [InlineData("payouts", "second-rotation-key-0002", HttpStatusCode.OK)]
    public async Task Only_the_inbound_keys_open_the_gamity_endpoints(string endpoint, string? key, HttpStatusCode expected)
    {
        await using var stack = await Stack.StartAsync(azurite, s =>
        {
            PayoutsEndToEndTests.FastWorkflow(s);
            s["Inbound:ApiKeys:1"] = "second-rotation-key-0002";
        });
        var body = endpoint == "payouts" ? GamityCalls.Payout(Guid.NewGuid()) : GamityCalls.Debit(Guid.NewGuid());

        var (status, _) = await GamityCalls.SendAsync(stack.Client, endpoint, body, key);

        Assert.Equal(expected, status);
        if (expected != HttpStatusCode.OK)
        {
            await AssertNothingStoredAsync(stack);
        }
    }

    [Fact]
    public async Task The_inbound_key_does_not_open_operator_endpoints()
    {
        await using var stack = await Stack.StartAsync(azurite, PayoutsEndToEndTests.FastWorkflow);
        stack.Client.DefaultRequestHeaders.Remove("X-API-Key");
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/payouts/{Guid.NewGuid()}");
        request.Headers.Add("X-API-Key", TestSettings.GamityInboundKey);

        using var response = await stack.Client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("10.0.0.0/8", null, HttpStatusCode.Forbidden)]
    [InlineData("127.0.0.0/8", null, HttpStatusCode.OK)]
    [InlineData("203.0.113.0/24", "203.0.113.9", HttpStatusCode.OK)] // behind a trusted proxy
    [InlineData("203.0.113.0/24", "198.51.100.1", HttpStatusCode.Forbidden)]
    public async Task Source_addresses_are_allow_listed(string allowed, string? forwardedFor, HttpStatusCode expected)
    {
        await using var stack = await Stack.StartAsync(azurite, s =>
        {
            PayoutsEndToEndTests.FastWorkflow(s);
            s["Inbound:AllowedIpRanges:0"] = allowed;
            s["Inbound:TrustedProxies:0"] = "127.0.0.1/32";
        });
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/gamity/payouts") { Content = new StringContent(GamityCalls.Payout(Guid.NewGuid()).ToJsonString(), Encoding.UTF8, "application/json") };
        request.Headers.Add("X-API-Key", TestSettings.GamityInboundKey);
        if (forwardedFor is not null)
        {
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        }

        using var response = await stack.Client.SendAsync(request, Ct);

        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.Forbidden)
        {
            await AssertNothingStoredAsync(stack);
        }
    }

    private static async Task AssertNothingStoredAsync(Stack stack)
    {
        var tables = Infrastructure.Storage.Clients(stack.Storage).Tables;
        foreach (var name in new[] { "WalletOperations", "WalletSchedule" })
        {
            var rows = 0;
            try
            {
                await foreach (var _ in tables.GetTableClient(name).QueryAsync<TableEntity>(cancellationToken: Ct))
                {
                    rows++;
                }
            }
            catch (Azure.RequestFailedException exception) when (exception.Status == 404)
            {
                // never created: nothing stored
            }

            Assert.Equal(0, rows);
        }

        var calls = (await GamityCalls.WalletSummaryAsync(stack))["callsByEndpoint"]!.AsObject();
        Assert.All(calls, c => Assert.Equal(0, c.Value!.GetValue<long>()));
    }
}
