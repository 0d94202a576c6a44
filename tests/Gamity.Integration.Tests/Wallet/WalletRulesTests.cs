using System.Net;
using System.Text.Json;
using Gamity.Integration.Debits;
using Gamity.Integration.Input;
using Gamity.Integration.GamityCalls;
using Gamity.Integration.Payouts;
using Gamity.Integration.Wallet;
using Microsoft.Extensions.Options;

namespace Gamity.Integration.Tests.Wallet;

public class WalletRulesTests
{
    [Theory]
    [InlineData(HttpStatusCode.OK, """{"transactionId":"t1"}""", false, WalletOutcomeKind.Succeeded)]
    [InlineData(HttpStatusCode.OK, """{}""", false, WalletOutcomeKind.Transient)] // 200 without an id proves nothing
    [InlineData(HttpStatusCode.UnprocessableEntity, """{"code":"INSUFFICIENT_FUNDS"}""", false, WalletOutcomeKind.Refused)]
    [InlineData(HttpStatusCode.NotFound, """{"code":"PLAYER_NOT_FOUND"}""", false, WalletOutcomeKind.Refused)]
    [InlineData(HttpStatusCode.Forbidden, """{"code":"PLAYER_BLOCKED"}""", false, WalletOutcomeKind.Refused)]
    [InlineData(HttpStatusCode.Conflict, """{"code":"IDEMPOTENCY_KEY_REUSED"}""", false, WalletOutcomeKind.Refused)]
    [InlineData(HttpStatusCode.Unauthorized, """{}""", false, WalletOutcomeKind.Transient)] // our key is wrong: fixable, keep retrying
    [InlineData(HttpStatusCode.TooManyRequests, """{"code":"SLOW_DOWN"}""", false, WalletOutcomeKind.Transient)]
    [InlineData(HttpStatusCode.RequestTimeout, """{"code":"TIMEOUT"}""", false, WalletOutcomeKind.Transient)]
    [InlineData(HttpStatusCode.InternalServerError, """{"code":"BOOM"}""", false, WalletOutcomeKind.Transient)]
    [InlineData(HttpStatusCode.ServiceUnavailable, null, false, WalletOutcomeKind.Transient)]
    [InlineData(HttpStatusCode.NotFound, """{"code":"TRANSACTION_NOT_FOUND"}""", true, WalletOutcomeKind.NotFound)]
    [InlineData(HttpStatusCode.NotFound, null, true, WalletOutcomeKind.NotFound)]
    [InlineData(HttpStatusCode.OK, """{"transactionId":"t1","status":"committed"}""", true, WalletOutcomeKind.Succeeded)]
    [InlineData(HttpStatusCode.OK, """{"transactionId":"t1","status":"rolledBack"}""", true, WalletOutcomeKind.Refused)]
    public void Wallet_answers_are_classified(HttpStatusCode status, string? body, bool lookup, WalletOutcomeKind expected)
    {
        var answer = body is null ? null : JsonSerializer.Deserialize(body, WalletJsonContext.Default.WalletTransactionAnswer);

        Assert.Equal(expected, WalletClient.Classify(status, answer, lookup).Kind);
    }

    [Theory]
    [InlineData("203.0.113.7", null, true)]
    [InlineData("203.0.113.200", null, true)]
    [InlineData("198.51.100.1", null, false)]
    [InlineData("::ffff:203.0.113.7", null, true)] // IPv4-mapped
    [InlineData("127.0.0.1", "203.0.113.7", true)] // behind the trusted host
    [InlineData("127.0.0.1", "203.0.113.7:51234", true)] // Azure's front end adds the port
    [InlineData("127.0.0.1", "198.51.100.1", false)]
    [InlineData("127.0.0.1", "203.0.113.7, 198.51.100.1", false)] // right-most untrusted entry is the client
    [InlineData("127.0.0.1", "198.51.100.1, 203.0.113.7", true)] // a forged left entry is ignored
    [InlineData("127.0.0.1", "not-an-ip", false)]
    [InlineData("198.51.100.9", "203.0.113.7", false)] // an untrusted peer's header is ignored
    public void Client_address_and_allow_list(string peer, string? forwardedFor, bool allowed)
    {
        var policy = new ClientAddressPolicy(Options.Create(new InboundOptions { AllowedIpRanges = ["203.0.113.0/24"], TrustedProxies = ["127.0.0.1"] }));

        Assert.Equal(allowed, policy.IsAllowed(policy.ClientAddress(IPAddress.Parse(peer), forwardedFor)));
    }

    [Fact]
    public void An_empty_allow_list_allows_everyone()
    {
        var policy = new ClientAddressPolicy(Options.Create(new InboundOptions()));

        Assert.True(policy.AllowsEveryone);
        Assert.True(policy.IsAllowed(IPAddress.Parse("198.51.100.1")));
    }

    [Fact]
    public void Inbound_options_need_a_real_key_and_valid_ranges()
    {
        Assert.Contains(InboundOptions.Validate(new InboundOptions()), e => e.Contains("Inbound__ApiKeys__0"));
        Assert.Contains(InboundOptions.Validate(new InboundOptions { ApiKeys = ["short"] }), e => e.Contains("16 characters"));
        Assert.Contains(InboundOptions.Validate(new InboundOptions { ApiKeys = ["a-key-of-sixteen-chars", "b-key-of-sixteen-chars", "c-key-of-sixteen-chars"] }), e => e.Contains("rotation"));
        Assert.Contains(InboundOptions.Validate(new InboundOptions { ApiKeys = ["a-key-of-sixteen-chars"], AllowedIpRanges = ["10.0.0.0/33"] }), e => e.Contains("10.0.0.0/33"));
        Assert.Empty(InboundOptions.Validate(new InboundOptions { ApiKeys = ["a-key-of-sixteen-chars"], AllowedIpRanges = ["10.0.0.0/8", "2001:db8::/32", "192.0.2.1"] }));
    }

    [Fact]
    public void Response_settings_stay_in_their_status_class()
    {
        Assert.Empty(RepliesToGamityOptions.Validate(new RepliesToGamityOptions()));
        Assert.Contains(RepliesToGamityOptions.Validate(new RepliesToGamityOptions { RetryLater = 429 }), e => e.Contains("Responses__RetryLater"));
        Assert.Contains(RepliesToGamityOptions.Validate(new RepliesToGamityOptions { Succeeded = 204, Refused = 500 }), e => e.Contains("Responses__Refused"));
    }

    [Fact]
    public void The_request_hash_ignores_display_data_and_number_formatting_but_not_money()
    {
        PayoutRequest Payout(string json) => PayoutRequest.Read(InboundRequestReader.For(JsonDocument.Parse(json)))!;
        const string Base = """{"payoutId":"100200","payoutRef":"0e17e833-a4db-41d0-83d1-adb539631864","brandId":"brand-1","playerId":"player-12345","amount":10.25,"currency":"USD","type":"CASH","promoName":"Demo","promoRef":"8d308790-55db-11ed-bdc3-0242ac120002","metadata":{"lastGameId":"G1"}}""";
        var original = Payout(Base).Hash();

        Assert.Equal(original, Payout(Base.Replace("10.25", "10.250")).Hash());
        Assert.Equal(original, Payout(Base.Replace("\"Demo\"", "\"Renamed\"").Replace("\"G1\"", "\"G2\"")).Hash());
        Assert.Equal(original, Payout(Base.Replace("\"100200\"", "100200")).Hash());
        Assert.NotEqual(original, Payout(Base.Replace("10.25", "10.26")).Hash());
        Assert.NotEqual(original, Payout(Base.Replace("USD", "EUR")).Hash());
        Assert.NotEqual(original, Payout(Base.Replace("player-12345", "player-12346")).Hash());
    }

    [Fact]
    public void Documented_examples_are_valid_and_build_the_right_wallet_call()
    {
        var cash = PayoutRequest.Read(InboundRequestReader.For(JsonDocument.Parse("""{"payoutId":"100200","payoutRef":"0e17e833-a4db-41d0-83d1-adb539631864","brandId":"brand-1","playerId":"player-12345","amount":10.25,"currency":"USD","type":"CASH","promoName":"Demo_Tournament","promoRef":"8d308790-55db-11ed-bdc3-0242ac120002","metadata":{"lastGameId":"GAME-ID-123"}}""")))!;
        var freeRounds = PayoutRequest.Read(InboundRequestReader.For(JsonDocument.Parse("""{"payoutId":"100200","payoutRef":"0e17e833-a4db-41d0-83d1-adb539631864","brandId":"brand-1","playerId":"player-12345","amount":2,"currency":"USD","type":"FREEROUND","numberOfRounds":10,"freeroundGameId":"GAME-ID-123","validHours":24,"promoName":"Demo_Tournament","promoRef":"8d308790-55db-11ed-bdc3-0242ac120002","metadata":{"lastGameId":"GAME-ID-123"}}""")))!;
        var debit = DebitRequest.Read(InboundRequestReader.For(JsonDocument.Parse("""{"debitRef":"0e17e833-a4db-41d0-83d1-adb539631864","brandId":"brand-1","playerId":"player-12345","amount":10.25,"currency":"EUR","type":"BUYIN"}""")))!;

        Assert.Equal(("credit", 10.25m), (cash.Work().Call, cash.Work().Amount));
        Assert.Equal(("freerounds", "GAME-ID-123", 10, 24, 2m), (freeRounds.Work().Call, freeRounds.Work().GameId, freeRounds.Work().NumberOfRounds, freeRounds.Work().ValidHours, freeRounds.Work().Amount));
        Assert.Equal(("debit", "0e17e833-a4db-41d0-83d1-adb539631864"), (debit.Work().Call, debit.Work().IdempotencyKey));
    }

    [Theory]
    [InlineData("""{"type":"FREEROUND"}""", "numberOfRounds")]
    [InlineData("""{"type":"FREEROUND"}""", "freeroundGameId")]
    [InlineData("""{"type":"FREEROUND"}""", "validHours")]
    [InlineData("""{"type":"BONUS"}""", "type")]
    [InlineData("""{"amount":-1}""", "amount")]
    [InlineData("""{"amount":0}""", "amount")]
    [InlineData("""{"amount":"10.25"}""", "amount")]
    [InlineData("""{"amount":1e400}""", "amount")]
    [InlineData("""{"payoutRef":"not-a-uuid"}""", "payoutRef")]
    [InlineData("""{"currency":"usd"}""", "currency")]
    [InlineData("""{"metadata":"x"}""", "metadata")]
    [InlineData("""{"payoutId":true}""", "payoutId")]
    public void Each_bad_field_is_named(string overrides, string field)
    {
        var body = System.Text.Json.Nodes.JsonNode.Parse("""{"payoutId":"1","payoutRef":"0e17e833-a4db-41d0-83d1-adb539631864","brandId":"b","playerId":"p","amount":1,"currency":"EUR","type":"CASH"}""")!.AsObject();
        foreach (var (key, value) in System.Text.Json.Nodes.JsonNode.Parse(overrides)!.AsObject())
        {
            body[key] = value?.DeepClone();
        }

        var reader = InboundRequestReader.For(JsonDocument.Parse(body.ToJsonString()));

        Assert.Null(PayoutRequest.Read(reader));
        Assert.True(reader.Errors.ContainsKey(field), $"expected an error on {field}, got {string.Join(", ", reader.Errors.Keys)}");
    }
}
