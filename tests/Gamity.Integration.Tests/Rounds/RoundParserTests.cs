using System.Text;
using System.Text.Json.Nodes;
using CsCheck;
using Gamity.Integration.Rounds;

namespace Gamity.Integration.Tests.Rounds;

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

    private static (List<GameRound> Valid, List<InvalidRound> Invalid, MessageParse Result) ParseBytes(byte[] body, RoundLimits? limits = null)
    {
        var valid = new List<GameRound>();
        var invalid = new List<InvalidRound>();
        var result = new RoundParser("REGULAR", limits ?? RoundLimits.Default).Parse(new RoundMessage(body, "msg-1"), valid, invalid);
        return (valid, invalid, result);
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
        { With("betAmount", JsonNode.Parse("1e400")), "betAmount is not a number a decimal holds exactly" },
        { With("winAmount", JsonNode.Parse("1161.373456789012345678901234567")), "winAmount is not a number a decimal holds exactly" },
        { With("betAmount", JsonNode.Parse("1e-29")), "betAmount is not a number a decimal holds exactly" },
        { With("playerId", "p\u0000"), "playerId holds a control character" },
        { With("brandId", "brand\r\nINFO forged log line"), "brandId holds a control character" },
        { With("gameId", "game\u001b[31m"), "gameId holds a control character" },
        { With("roundId", "r\u0085"), "roundId holds a control character" },
        { With("playerId", "admin\u202egpj.exe"), "playerId holds a control character, a line separator or a bidirectional formatting character" },
        { With("brandId", "b\u2066x\u2069"), "bidirectional formatting character" },
        { With("roundType", "REGULAR\u2028"), "roundType holds" },
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

    public static TheoryData<string, string> UndecodableFields() => new()
    {
        { "roundId", "roundId is not valid text" },
        { "brandId", "brandId is not valid text" },
        { "playerId", "playerId is not valid text" },
        { "gameId", "gameId is not valid text" },
        { "currency", "currency is not valid text" },
        { "roundType", "roundType is not valid text" },
        { "timestamp", "timestamp must be ISO-8601" },
    };

    [Theory]
    [MemberData(nameof(UndecodableFields))]
    public void A_lone_surrogate_escape_makes_one_invalid_round_and_the_other_ten_go_on(string field, string reason)
    {
        var rounds = Enumerable.Range(0, 11).Select(i => With("roundId", $"r{i}")).ToList();
        rounds[5] = rounds[5].Replace($"\"{field}\":\"", $"\"{field}\":\"\\ud800", StringComparison.Ordinal);

        var (valid, invalid, result) = ParseBytes(Encoding.UTF8.GetBytes($"[{string.Join(',', rounds)}]"));

        Assert.Equal(Enumerable.Range(0, 11).Where(i => i != 5).Select(i => $"r{i}"), valid.Select(r => r.RoundIdText));
        var bad = Assert.Single(invalid);
        Assert.Equal((5, 1), (bad.Index, result.InvalidRounds));
        Assert.Contains(reason, bad.Reason);
    }

    [Fact]
    public void Invalid_utf8_in_an_id_is_an_invalid_round_with_no_id_kept()
    {
        var body = Encoding.UTF8.GetBytes($"[{With("roundId", "r0")},{With("roundId", "BAD")},{With("roundId", "r2")}]");
        var at = body.AsSpan().IndexOf("BAD"u8);
        body[at + 1] = 0xFF;

        var (valid, invalid, _) = ParseBytes(body);

        Assert.Equal(["r0", "r2"], valid.Select(r => r.RoundIdText));
        var bad = Assert.Single(invalid);
        Assert.Equal((1, (string?)null), (bad.Index, bad.RoundId));
        Assert.Contains("roundId is not valid UTF-8", bad.Reason);
    }

    [Theory]
    [InlineData("{\"roundId\":\"broken\",\"betAmount\":}")]
    [InlineData("{\"roundId\":\"broken\",\"playerId\":\"p\u0001\"}")] // a raw control byte inside a string is not JSON
    [InlineData("{\"roundId\":\"broken\",\"playerId\":\"p\\x\"}")] // an invalid escape
    [InlineData("{\"roundId\":\"broken\" \"brandId\":\"b\"}")] // a missing comma
    [InlineData("{\"roundId\":\"broken\",\"nested\":{\"a\":[1,2]},}")] // a trailing comma
    public void A_round_that_is_not_json_is_one_invalid_round_and_the_rest_of_its_message_goes_on(string broken)
    {
        var (valid, invalid, result) = ParseBytes(Encoding.UTF8.GetBytes($"[{With("roundId", "r0")}, {broken} ,{With("roundId", "r2")}]"));

        Assert.Equal(MessageRefusal.None, result.Refusal);
        Assert.Equal(["r0", "r2"], valid.Select(r => r.RoundIdText));
        var bad = Assert.Single(invalid);
        Assert.Equal((1, "broken"), (bad.Index, bad.RoundId));
        Assert.Contains("element 1 is not valid JSON", bad.Reason);
    }

    /// <summary>Garbage that keeps the message's structure (no quote, backslash, bracket or brace of its own) but makes its round invalid.</summary>
    private static readonly Gen<byte[]> Poison = Gen.OneOf(
        Gen.Byte[0x00, 0x1F].Select(b => new[] { b }),                // raw control byte: not JSON
        Gen.OneOf(Gen.Const((byte)0xFF), Gen.Const((byte)0xC0), Gen.Const((byte)0xF8)).Select(b => new[] { b }), // never valid UTF-8
        Gen.Const(() => "\\ud800x"u8.ToArray()),                     // unpaired surrogate escape
        Gen.Const(() => "\\q"u8.ToArray()),                          // invalid escape
        Gen.Const(() => "\\u12zz"u8.ToArray()),                      // invalid hex escape
        Gen.Const(() => "\\u202e"u8.ToArray()),                      // bidirectional override
        Gen.Const(() => "\\r\\n"u8.ToArray()));                      // escaped CR LF: log forging

    private static readonly Gen<byte[]> Garbage = Gen.Select(
        Gen.Byte.Where(b => b is not ((byte)'"' or (byte)'\\' or (byte)'{' or (byte)'}' or (byte)'[' or (byte)']')).Array[0, 20],
        Poison,
        Gen.Byte.Where(b => b is not ((byte)'"' or (byte)'\\' or (byte)'{' or (byte)'}' or (byte)'[' or (byte)']')).Array[0, 20],
        (before, poison, after) => (byte[])[.. before, .. poison, .. after]);

    private static readonly string[] StringFields = ["roundId", "brandId", "playerId", "gameId", "currency", "roundType", "timestamp"];

    [Fact]
    public void Any_garbage_inside_one_round_of_a_batch_loses_that_round_only()
    {
        var gen = Gen.Select(Gen.Int[1, 40], Gen.Int[0, 1_000], Gen.Int[0, StringFields.Length - 1].Select(i => StringFields[i]), Gen.Bool, Garbage);
        Check.Sample(gen, sample =>
        {
            var (count, pick, field, insideValue, garbage) = sample;
            var bad = pick % count;
            var body = new List<byte>("["u8.ToArray());
            for (var i = 0; i < count; i++)
            {
                var round = Encoding.UTF8.GetBytes((i == 0 ? string.Empty : ",") + With("roundId", $"r{i}"));
                if (i == bad)
                {
                    // Inside the value of one of its string fields, or between its fields.
                    var anchor = insideValue ? Encoding.UTF8.GetBytes($"\"{field}\":\"") : "{"u8.ToArray();
                    var at = round.AsSpan().IndexOf(anchor) + anchor.Length;
                    round = [.. round.AsSpan(0, at), .. garbage, .. round.AsSpan(at)];
                }

                body.AddRange(round);
            }

            body.Add((byte)']');
            var (valid, invalid, result) = ParseBytes([.. body]);

            Assert.Equal(MessageRefusal.None, result.Refusal);
            Assert.Equal(Enumerable.Range(0, count).Where(i => i != bad).Select(i => $"r{i}"), valid.Select(r => r.RoundIdText));
            Assert.Equal(bad, Assert.Single(invalid).Index);
            Assert.Equal(1, result.InvalidRounds);
        }, iter: 2_000);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("   ", "empty")]
    [InlineData("not json", "not valid JSON")]
    [InlineData("[{\"roundId\":\"r1\"", "not closed")]
    [InlineData("{\"roundId\":\"r1\"", "not closed")]
    [InlineData("[{\"roundId\":\"r1\"}] trailing", "unexpected content")]
    [InlineData("{} {}", "unexpected content")]
    [InlineData("42", "round object or an array")]
    public void A_message_whose_rounds_cannot_be_told_apart_is_refused_whole(string body, string reason)
    {
        var (valid, invalid, result) = ParseBytes(Encoding.UTF8.GetBytes(body));

        Assert.Equal(MessageRefusal.Undecodable, result.Refusal);
        Assert.Empty(valid);
        Assert.Contains(reason, Assert.Single(invalid).Reason);
    }

    [Fact]
    public void Random_bytes_never_throw_and_are_refused_whole_or_read_round_by_round()
    {
        Check.Sample(Gen.Byte.Array[0, 300], bytes =>
        {
            var (valid, invalid, result) = ParseBytes(bytes);
            Assert.True(result.Refusal != MessageRefusal.None ? invalid.Count == 1 : valid.Count + result.InvalidRounds >= 0);
        }, iter: 5_000);
    }

    [Fact]
    public void More_rounds_than_the_limit_refuse_the_message_whole()
    {
        var limits = RoundLimits.Default with { MaxRoundsPerMessage = 10 };

        var ten = ParseBytes(Encoding.UTF8.GetBytes("[" + string.Join(',', Enumerable.Repeat(Valid, 10)) + "]"), limits);
        var eleven = ParseBytes(Encoding.UTF8.GetBytes("[" + string.Join(',', Enumerable.Repeat(Valid, 11)) + "]"), limits);
        var elevenBroken = ParseBytes(Encoding.UTF8.GetBytes("[" + string.Join(',', Enumerable.Repeat("{\"a\":}", 11)) + "]"), limits);

        Assert.Equal((10, MessageRefusal.None), (ten.Valid.Count, ten.Result.Refusal));
        Assert.Equal((0, MessageRefusal.TooLarge), (eleven.Valid.Count, eleven.Result.Refusal));
        Assert.Contains("more than 10 rounds", Assert.Single(eleven.Invalid).Reason);
        Assert.Equal(MessageRefusal.TooLarge, elevenBroken.Result.Refusal);
    }

    [Fact]
    public void A_message_over_the_byte_limit_is_refused_whole()
    {
        var body = Encoding.UTF8.GetBytes("[" + string.Join(',', Enumerable.Repeat(Valid, 20)) + "]");

        var result = ParseBytes(body, RoundLimits.Default with { MaxMessageBytes = body.Length - 1 });

        Assert.Equal(MessageRefusal.TooLarge, result.Result.Refusal);
        Assert.Empty(result.Valid);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("{\"a\":}")]
    public void Invalid_rounds_past_the_record_limit_are_counted_and_summarised_in_one_record(string element)
    {
        var body = Encoding.UTF8.GetBytes("[" + string.Join(',', Enumerable.Repeat(element, 4_000)) + "," + Valid + "]");

        var (valid, invalid, result) = ParseBytes(body, RoundLimits.Default with { MaxInvalidRecordsPerMessage = 20 });

        Assert.Single(valid);
        Assert.Equal(4_000, result.InvalidRounds);
        Assert.Equal(21, invalid.Count);
        Assert.Equal(Enumerable.Range(0, 20), invalid.Take(20).Select(r => r.Index));
        Assert.Contains("3980 more invalid round(s)", invalid[20].Reason);
        Assert.Equal(20, invalid[20].Index);
    }
}
