using System.Text;
using System.Text.Json.Nodes;
using Gamity.Functions.Rounds;

namespace Gamity.Functions.Tests.Rounds;

public class RoundParserTests
{
    private const string Valid = """{"timestamp":"2022-04-30T04:03:10.200Z","roundId":"f9c15be2-7164-11ed-a1eb-0242ac120002","brandId":"superkingz","playerId":"Player-4","gameId":"EVO_ANDAR_BAHAR_1","roundType":"REGULAR","currency":"EUR","betAmount":2.5,"winAmount":1}""";

    private static (List<GameRound> Valid, List<InvalidRound> Invalid) Parse(string body, string defaultRoundType = "REGULAR")
    {
        var valid = new List<GameRound>();
        var invalid = new List<InvalidRound>();
        new RoundParser(defaultRoundType).Parse(RoundMessage.FromText(body, "msg-1"), valid, invalid);
        return (valid, invalid);
    }

    private static string With(string field, JsonNode? value)
    {
        var round = JsonNode.Parse(Valid)!.AsObject();
        round[field] = value;
        return round.ToJsonString();
    }

    private static string Without(string field)
    {
        var round = JsonNode.Parse(Valid)!.AsObject();
        round.Remove(field);
        return round.ToJsonString();
    }

    [Fact]
    public void Gamitys_documented_example_is_valid_and_decoded_exactly()
    {
        var (valid, invalid) = Parse(Valid);

        Assert.Empty(invalid);
        var round = Assert.Single(valid);
        Assert.Equal("f9c15be2-7164-11ed-a1eb-0242ac120002", round.RoundIdText);
        Assert.Equal("superkingz", Encoding.UTF8.GetString(round.BrandId.Span));
        Assert.Equal("EVO_ANDAR_BAHAR_1", Encoding.UTF8.GetString(round.GameId.Span));
        Assert.Equal(new DateTimeOffset(2022, 4, 30, 4, 3, 10, 200, TimeSpan.Zero), round.Timestamp);
        Assert.Equal(2.5m, round.BetAmount);
        Assert.Equal(1m, round.WinAmount);
        Assert.Equal("msg-1", round.MessageId);
    }

    [Fact]
    public void An_array_body_holds_several_rounds_and_bad_elements_do_not_block_the_rest()
    {
        var (valid, invalid) = Parse($"[{Valid}, 42, {With("roundId", "r2")}, {Without("currency")}]");

        Assert.Equal(["f9c15be2-7164-11ed-a1eb-0242ac120002", "r2"], valid.Select(r => r.RoundIdText));
        Assert.Equal(2, invalid.Count);
        Assert.Equal((1, "element 1 is not a round object"), (invalid[0].Index, invalid[0].Reason));
        Assert.Equal(3, invalid[1].Index);
        Assert.Equal("currency is missing", invalid[1].Reason);
        Assert.Equal("f9c15be2-7164-11ed-a1eb-0242ac120002", invalid[1].RoundId);
        Assert.Contains("\"brandId\":\"superkingz\"", invalid[1].Excerpt);
    }

    [Fact]
    public void RoundType_defaults_to_the_configured_value_when_absent_or_null()
    {
        var (absent, _) = Parse(Without("roundType"), defaultRoundType: "BONUS_BUY");
        var (nulled, _) = Parse(With("roundType", null), defaultRoundType: "BONUS_BUY");

        Assert.Equal("BONUS_BUY", Encoding.UTF8.GetString(Assert.Single(absent).RoundType.Span));
        Assert.Equal("BONUS_BUY", Encoding.UTF8.GetString(Assert.Single(nulled).RoundType.Span));
    }

    public static TheoryData<string, string> InvalidRounds() => new()
    {
        { Without("timestamp"), "timestamp is missing" },
        { Without("roundId"), "roundId is missing" },
        { Without("brandId"), "brandId is missing" },
        { Without("playerId"), "playerId is missing" },
        { Without("gameId"), "gameId is missing" },
        { Without("currency"), "currency is missing" },
        { Without("betAmount"), "betAmount is missing" },
        { Without("winAmount"), "winAmount is missing" },
        { With("roundId", ""), "roundId is empty" },
        { With("brandId", "   "), "brandId is empty" },
        { With("playerId", 12345), "playerId must be a string, not a number" },
        { With("gameId", null), "gameId must be a string, not null" },
        { With("roundId", new string('r', 101)), "roundId is 101 characters (at most 100)" },
        { With("brandId", new string('é', 101)), "brandId is 101 characters (at most 100)" },
        { With("roundType", new string('T', 101)), "roundType is 101 characters (at most 100)" },
        { With("roundType", new JsonArray()), "roundType must be a string, not an array" },
        { With("timestamp", "2022-04-30T04:03:10"), "timestamp must be ISO-8601 with an offset or Z" },
        { With("timestamp", "30/04/2022 04:03"), "timestamp must be ISO-8601 with an offset or Z" },
        { With("timestamp", "2022-13-30T04:03:10Z"), "timestamp must be ISO-8601 with an offset or Z" },
        { With("timestamp", 1651291390), "timestamp must be an ISO-8601 string, not a number" },
        { With("betAmount", -0.01m), "betAmount is negative" },
        { With("winAmount", -1), "winAmount is negative" },
        { With("betAmount", "2.5"), "betAmount must be a number, not a string" },
        { With("winAmount", true), "winAmount must be a number, not a boolean" },
        { With("betAmount", JsonNode.Parse("1e400")), "betAmount is not a decimal number in range" },
        { With("currency", "eur"), "is not a 3-letter ISO 4217 code" },
        { With("currency", "EURO"), "is not a 3-letter ISO 4217 code" },
        { With("currency", "E1R"), "is not a 3-letter ISO 4217 code" },
        { With("currency", 978), "currency must be a string, not a number" },
    };

    [Theory]
    [MemberData(nameof(InvalidRounds))]
    public void Every_rule_rejects_its_failing_value_with_a_clear_reason(string body, string reason)
    {
        var (valid, invalid) = Parse(body);

        Assert.Empty(valid);
        Assert.Contains(reason, Assert.Single(invalid).Reason);
        Assert.Equal("msg-1", invalid[0].MessageId);
    }

    [Theory]
    [InlineData("2022-04-30T04:03:10Z")]
    [InlineData("2022-04-30T04:03:10.2Z")]
    [InlineData("2022-04-30T06:03:10.200+02:00")]
    [InlineData("2022-04-29T23:03:10-05:00")]
    public void Timestamps_with_any_offset_are_accepted(string timestamp) =>
        Assert.Single(Parse(With("timestamp", timestamp)).Valid);

    [Theory]
    [InlineData("0", "0")]
    [InlineData("0.000001", "1234567890.123456789")]
    [InlineData("79228162514264337593543950335", "0")]
    public void Zero_tiny_and_huge_decimal_amounts_are_kept_exactly(string bet, string win)
    {
        var body = JsonNode.Parse(Valid)!.AsObject();
        body["betAmount"] = JsonNode.Parse(bet);
        body["winAmount"] = JsonNode.Parse(win);

        var round = Assert.Single(Parse(body.ToJsonString()).Valid);

        Assert.Equal(decimal.Parse(bet, System.Globalization.CultureInfo.InvariantCulture), round.BetAmount);
        Assert.Equal(decimal.Parse(win, System.Globalization.CultureInfo.InvariantCulture), round.WinAmount);
    }

    [Fact]
    public void Escaped_text_is_unescaped_and_unknown_fields_are_ignored()
    {
        var body = With("playerId", "Pl\"ayer\\u00e9") .Replace("}", ""","extra":{"nested":[1,2,{"x":null}]},"\u0062randId":"b\u0031"}""");
        var round = Assert.Single(Parse(body).Valid);

        Assert.Equal("b1", Encoding.UTF8.GetString(round.BrandId.Span));
        Assert.Equal("Pl\"ayer\\u00e9", Encoding.UTF8.GetString(round.PlayerId.Span));
    }

    [Theory]
    [InlineData("not json at all", "not valid JSON")]
    [InlineData("", "empty")]
    [InlineData("\"a string\"", "not valid JSON")]
    [InlineData("[{\"roundId\":\"r1\"", "not valid JSON")]
    [InlineData("{} {}", "not valid JSON")]
    public void A_body_that_is_not_a_round_or_an_array_is_one_invalid_record(string body, string reason)
    {
        var (valid, invalid) = Parse(body);

        Assert.Empty(valid);
        Assert.Contains(reason, Assert.Single(invalid).Reason);
    }

    [Fact]
    public void A_broken_array_drops_the_rounds_already_read_from_it()
    {
        var (valid, invalid) = Parse($"[{Valid}, {Without("currency")}, {{\"roundId\": ");

        Assert.Empty(valid);
        Assert.Contains("not valid JSON", Assert.Single(invalid).Reason);
    }

    [Fact]
    public void After_a_bad_field_the_rest_of_the_round_is_still_read_nested_values_included()
    {
        var body = $"[{{\"timestamp\":\"yesterday\",\"betAmount\":{{\"roundId\":\"inner\"}},\"roundId\":\"outer\"}},{Valid}]";

        var (valid, invalid) = Parse(body);

        Assert.Single(valid);
        var bad = Assert.Single(invalid);
        Assert.Equal("outer", bad.RoundId);
        Assert.Contains("timestamp", bad.Reason);
    }

    [Fact]
    public void Excerpts_are_bounded()
    {
        var (_, invalid) = Parse(With("junk", new string('x', 10_000)).Replace("\"currency\":\"EUR\",", ""));

        Assert.True(Assert.Single(invalid).Excerpt.Length <= RoundRules.MaxExcerptLength + 1);
    }
}
