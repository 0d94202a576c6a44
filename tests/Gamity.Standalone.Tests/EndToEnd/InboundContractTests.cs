using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using CsCheck;
using Gamity.Testing;

namespace Gamity.Standalone.Tests.EndToEnd;

/// <summary>
/// Everything Gamity might send wrong: 500+ generated malformed bodies per endpoint, wrong keys, wrong
/// addresses. Every answer is 4xx, nothing is stored and the wallet is never called.
/// </summary>
public class InboundContractTests(Azurite azurite)
{
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

    /// <summary>The string fields of each contract: identifiers refuse control and bidirectional characters, texts only undecodable ones.</summary>
    internal static readonly string[] PayoutIdentifiers = ["payoutId", "payoutRef", "brandId", "playerId", "currency", "type", "promoRef", "freeroundGameId"];
    internal static readonly string[] DebitIdentifiers = ["debitRef", "brandId", "playerId", "currency", "type"];

    private static Gen<byte[]> Malformed(JsonObject valid, string[] required, string refField, string[] identifiers, string[] texts) => Gen.Frequency(
        (11, MalformedText(valid, required, refField).Select(Encoding.UTF8.GetBytes)),
        (2, HostileText.Bodies(valid, identifiers, texts)));

    private static Gen<string> MalformedText(JsonObject valid, string[] required, string refField) => Gen.Frequency(
        (8, BadField(required, refField).Array[1, 3].Select(changes => JsonEdits.WithChanges(valid.DeepClone().AsObject(), changes))),
        (1, Gen.Const(() => valid.ToJsonString().Replace("\"brandId\":\"brand-1\"", "\"brandId\":\"brand-1\",\"brandId\":\"brand-2\""))),
        (2, BrokenBody));

    [Theory]
    [InlineData("payouts")]
    [InlineData("debits")]
    public async Task Five_hundred_generated_malformed_bodies_are_all_4xx_and_change_nothing(string endpoint)
    {
        await using var stack = await Stack.StartAsync(azurite, PayoutsEndToEndTests.FastWorkflow);
        var valid = endpoint == "payouts" ? GamityCalls.Payout(Guid.NewGuid()) : GamityCalls.Debit(Guid.NewGuid());
        var generator = endpoint == "payouts"
            ? Malformed(valid, PayoutRequired, "payoutRef", PayoutIdentifiers, ["promoName"])
            : Malformed(valid, DebitRequired, "debitRef", DebitIdentifiers, []);
        var answered = 0;

        // CsCheck draws 500 bodies (and shrinks any failure to the smallest body that still fails).
        await Check.SampleAsync(generator, async body =>
        {
            var (status, answer) = await PostBytesAsync(stack, endpoint, body);
            var shown = Encoding.UTF8.GetString(body.AsSpan(0, Math.Min(body.Length, 300)));
            Assert.True((int)status is >= 400 and < 500, $"{status} for {shown}: {answer}");
            if (status == HttpStatusCode.BadRequest)
            {
                Assert.Contains("\"errors\"", answer);
            }

            if (status == HttpStatusCode.RequestEntityTooLarge)
            {
                Assert.True(body.Length > 64 * 1024, $"413 for a {body.Length}-byte body");
            }

            Interlocked.Increment(ref answered);
        }, iter: 500, threads: 1);

        Assert.True(answered >= 500);
        await AssertNothingStoredAsync(stack);
    }

    [Theory]
    [InlineData("payouts")]
    [InlineData("debits")]
    public async Task Undecodable_or_forbidden_text_in_any_field_is_a_400_naming_that_field_and_changes_nothing(string endpoint)
    {
        await using var stack = await Stack.StartAsync(azurite, PayoutsEndToEndTests.FastWorkflow);
        var valid = endpoint == "payouts" ? GamityCalls.Payout(Guid.NewGuid()) : GamityCalls.Debit(Guid.NewGuid());
        var identifiers = endpoint == "payouts" ? PayoutIdentifiers : DebitIdentifiers;
        var texts = endpoint == "payouts" ? new[] { "promoName" } : [];

        foreach (var (shape, value, identifiersOnly) in HostileText.Shapes)
        {
            foreach (var field in identifiersOnly ? identifiers : [.. identifiers, .. texts])
            {
                var (status, answer) = await PostBytesAsync(stack, endpoint, HostileText.Body(valid, field, value));

                Assert.True(status == HttpStatusCode.BadRequest, $"{shape} in {field}: {status} {answer}");
                Assert.True(JsonNode.Parse(answer)!["errors"]![field] is not null, $"{shape} in {field}: the problem names another field: {answer}");
            }
        }

        // Display text keeps its right-to-left marks, and metadata must be decodable too.
        var rtlName = HostileText.Body(valid, "promoName", "טורניר‏ 2026"u8.ToArray());
        if (endpoint == "payouts")
        {
            var metadata = valid.DeepClone().AsObject();
            metadata["metadata"] = new JsonObject { ["lastGameId"] = "@@HOSTILE@@" };
            var metadataBody = Encoding.UTF8.GetBytes(metadata.ToJsonString()).AsSpan().ToArray();
            var at = metadataBody.AsSpan().IndexOf("@@HOSTILE@@"u8);
            metadataBody[at] = 0xFF;
            var (metadataStatus, metadataAnswer) = await PostBytesAsync(stack, endpoint, metadataBody);
            Assert.Equal(HttpStatusCode.BadRequest, metadataStatus);
            Assert.NotNull(JsonNode.Parse(metadataAnswer)!["errors"]!["metadata"]);
        }

        await AssertNothingStoredAsync(stack);
        if (endpoint == "payouts")
        {
            Assert.Equal(HttpStatusCode.OK, (await PostBytesAsync(stack, endpoint, rtlName)).Status);
        }
    }

    [Theory]
    [InlineData("payouts", "1161.373456789012345678901234567")] // 31 significant digits: decimal would round it
    [InlineData("payouts", "1e-29")]                            // decimal would make it 0
    [InlineData("debits", "0.00000000000000000000000000001")]
    [InlineData("debits", "79228162514264337593543950336")]     // above decimal's range
    public async Task An_amount_a_decimal_cannot_hold_exactly_is_a_400_never_rounded(string endpoint, string amount)
    {
        await using var stack = await Stack.StartAsync(azurite, PayoutsEndToEndTests.FastWorkflow);
        var body = endpoint == "payouts" ? GamityCalls.Payout(Guid.NewGuid()) : GamityCalls.Debit(Guid.NewGuid());
        body["amount"] = JsonNode.Parse(amount);

        var (status, answer) = await GamityCalls.SendAsync(stack.Client, endpoint, body);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("never rounded", answer!["errors"]!["amount"]![0]!.GetValue<string>());
        await AssertNothingStoredAsync(stack);
    }

    [Theory]
    [InlineData("payouts", "79228162514264337593543950335", "EUR")] // decimal.MaxValue: the wallet answered 500 to it for 24 h
    [InlineData("payouts", "1000000.01", "EUR")]
    [InlineData("debits", "1000000.01", "EUR")]
    [InlineData("debits", "20000000000.01", "IDR")]
    public async Task An_amount_above_the_maximum_is_a_422_with_its_own_code_and_nothing_is_stored(string endpoint, string amount, string currency)
    {
        await using var stack = await Stack.StartAsync(azurite, s =>
        {
            PayoutsEndToEndTests.FastWorkflow(s);
            s["Wallet:MaxAmountPerCurrency:IDR"] = "20000000000";
        });
        var body = endpoint == "payouts" ? GamityCalls.Payout(Guid.NewGuid(), currency: currency) : GamityCalls.Debit(Guid.NewGuid(), currency: currency);
        body["amount"] = JsonNode.Parse(amount);

        var first = await GamityCalls.SendAsync(stack.Client, endpoint, body);
        var repeat = await GamityCalls.SendAsync(stack.Client, endpoint, body);

        Assert.Equal((HttpStatusCode.UnprocessableEntity, "AMOUNT_ABOVE_MAXIMUM"), (first.Status, first.Body!["code"]!.GetValue<string>()));
        Assert.Equal((HttpStatusCode.UnprocessableEntity, "AMOUNT_ABOVE_MAXIMUM"), (repeat.Status, repeat.Body!["code"]!.GetValue<string>()));
        await AssertNothingStoredAsync(stack);
    }

    [Fact]
    public async Task Exact_amounts_reach_the_wallet_unchanged_whatever_their_precision()
    {
        await using var stack = await Stack.StartAsync(azurite, s =>
        {
            PayoutsEndToEndTests.FastWorkflow(s);
            s["Wallet:MaxAmountPerCurrency:IDR"] = "20000000000";
        });
        var large = GamityCalls.Payout(Guid.NewGuid(), currency: "IDR");
        large["amount"] = JsonNode.Parse("15000000000.123456789012345678"); // 29 significant digits, allowed by the IDR override
        var tiny = GamityCalls.Payout(Guid.NewGuid(), player: "player-2");
        tiny["amount"] = JsonNode.Parse("1e-28"); // exact: passed through, the wallet rounds to its minor unit (W7)

        await GamityCalls.SetPlayerAsync(stack, "brand-1", "player-2", 0m); // a balance of 1,000 would round the sum to 28 digits
        Assert.Equal(HttpStatusCode.OK, (await GamityCalls.SendUntilFinalAsync(stack.Client, "payouts", large)).Status);
        Assert.Equal(HttpStatusCode.OK, (await GamityCalls.SendUntilFinalAsync(stack.Client, "payouts", tiny)).Status);

        Assert.Equal(15_000_001_000.123456789012345678m, (await GamityCalls.PlayerAsync(stack, "brand-1", "player-1"))["balance"]!.GetValue<decimal>());
        Assert.Equal(0.0000000000000000000000000001m, (await GamityCalls.PlayerAsync(stack, "brand-1", "player-2"))["balance"]!.GetValue<decimal>());
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

    internal static async Task<(HttpStatusCode Status, string Answer)> PostBytesAsync(Stack stack, string endpoint, byte[] body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/gamity/{endpoint}") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Add("X-API-Key", TestSettings.GamityInboundKey);
        using var response = await stack.Client.SendAsync(request, Ct);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(Ct));
    }

    private static async Task AssertNothingStoredAsync(Stack stack)
    {
        var tables = TestStorage.Clients(stack.Storage).Tables;
        foreach (var name in new[] { "WalletOperations" })
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
        Assert.Empty(await PayoutsEndToEndTests.OrchestrationsAsync(stack)); // and no orchestration started
    }
}
