using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gamity.Integration.Rounds;

namespace Gamity.Integration.Tests.Rounds;

public class RoundsRulesTests
{
    [Theory]
    [InlineData(null, SendVerdict.Retry)]
    [InlineData(HttpStatusCode.OK, SendVerdict.Delivered)]
    [InlineData(HttpStatusCode.Accepted, SendVerdict.Delivered)]
    [InlineData(HttpStatusCode.NoContent, SendVerdict.Delivered)]
    [InlineData(HttpStatusCode.RequestTimeout, SendVerdict.Retry)]
    [InlineData(HttpStatusCode.TooManyRequests, SendVerdict.Retry)]
    [InlineData(HttpStatusCode.InternalServerError, SendVerdict.Retry)]
    [InlineData(HttpStatusCode.BadGateway, SendVerdict.Retry)]
    [InlineData(HttpStatusCode.ServiceUnavailable, SendVerdict.Retry)]
    [InlineData(HttpStatusCode.GatewayTimeout, SendVerdict.Retry)]
    [InlineData(HttpStatusCode.BadRequest, SendVerdict.Reject)]
    [InlineData(HttpStatusCode.Unauthorized, SendVerdict.Reject)]
    [InlineData(HttpStatusCode.Forbidden, SendVerdict.Reject)]
    [InlineData(HttpStatusCode.NotFound, SendVerdict.Reject)]
    [InlineData(HttpStatusCode.Conflict, SendVerdict.Reject)]
    [InlineData(HttpStatusCode.UnprocessableEntity, SendVerdict.Reject)]
    [InlineData(HttpStatusCode.MovedPermanently, SendVerdict.Reject)]
    public void Retry_classification(HttpStatusCode? status, SendVerdict expected) =>
        Assert.Equal(expected, RoundsRetryPolicy.Classify(status));

    [Fact]
    public void Backoff_grows_exponentially_with_jitter_and_is_capped()
    {
        var policy = new RoundsRetryPolicy(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(15));
        var random = new Random(7);

        for (var attempt = 1; attempt <= 12; attempt++)
        {
            var ceiling = Math.Min(15_000, 200 * Math.Pow(2, attempt - 1));
            var delays = Enumerable.Range(0, 200).Select(_ => policy.DelayAfter(attempt, null, random).TotalMilliseconds).ToList();
            Assert.All(delays, d => Assert.InRange(d, ceiling / 2, ceiling));
            Assert.True(delays.Distinct().Count() > 100, "jitter spreads the delays");
        }
    }

    [Fact]
    public void Retry_after_from_gamity_wins_but_is_capped()
    {
        var policy = new RoundsRetryPolicy(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(15));

        Assert.Equal(TimeSpan.FromSeconds(3), policy.DelayAfter(1, TimeSpan.FromSeconds(3), Random.Shared));
        Assert.Equal(TimeSpan.FromSeconds(15), policy.DelayAfter(1, TimeSpan.FromHours(1), Random.Shared));
    }

    [Theory]
    [InlineData(0, new int[0])]
    [InlineData(1, new[] { 1 })]
    [InlineData(100, new[] { 100 })]
    [InlineData(101, new[] { 100, 1 })]
    [InlineData(250, new[] { 100, 100, 50 })]
    public void Chunks_hold_at_most_100_rounds_in_order(int count, int[] expected)
    {
        var rounds = Enumerable.Range(0, count).Select(i => Round($"r{i}")).ToList();

        var chunks = rounds.Chunk(RoundsOptions.MaxBatchSize).Select(c => RoundSerializer.ToArray(c)).Select(b => JsonNode.Parse(b)!.AsArray()).ToList();

        Assert.Equal(expected, chunks.Select(c => c.Count));
        Assert.Equal(rounds.Select(r => r.RoundIdText), chunks.SelectMany(c => c).Select(r => r!["roundId"]!.GetValue<string>()));
    }

    [Fact]
    public void Serialized_rounds_are_gamitys_schema_with_utc_timestamps_and_exact_amounts()
    {
        var round = Round("r1") with { Timestamp = new DateTimeOffset(2022, 4, 30, 6, 3, 10, 200, TimeSpan.FromHours(2)), BetAmount = 0.1m, WinAmount = 1234567890.123456789m };

        var json = JsonNode.Parse(RoundSerializer.ToArray([round]))!.AsArray().Single()!.AsObject();

        Assert.Equal(["timestamp", "roundId", "brandId", "playerId", "gameId", "roundType", "currency", "betAmount", "winAmount"], json.Select(p => p.Key));
        Assert.Equal("2022-04-30T04:03:10.2Z", json["timestamp"]!.GetValue<string>());
        Assert.Equal("0.1", json["betAmount"]!.ToJsonString());
        Assert.Equal("1234567890.123456789", json["winAmount"]!.ToJsonString());
        Assert.Equal("Pl\"ayé", json["playerId"]!.GetValue<string>());
        Assert.Equal(JsonValueKind.String, JsonDocument.Parse(RoundSerializer.ToArray([round])).RootElement[0].GetProperty("currency").ValueKind);
    }

    [Fact]
    public void Fail_open_warning_is_given_once_per_period()
    {
        var notice = new FailOpenNotice();
        var now = DateTimeOffset.UtcNow;

        Assert.True(notice.ShouldWarn(now, TimeSpan.FromMinutes(15)));
        Assert.False(notice.ShouldWarn(now.AddMinutes(14), TimeSpan.FromMinutes(15)));
        Assert.True(notice.ShouldWarn(now.AddMinutes(15), TimeSpan.FromMinutes(15)));
    }

    internal static GameRound Round(string id, string brand = "b1", string game = "g1") => new(
        Encoding.UTF8.GetBytes(id), Encoding.UTF8.GetBytes(brand), Encoding.UTF8.GetBytes("Pl\"ayé"), Encoding.UTF8.GetBytes(game),
        "REGULAR"u8.ToArray(), "EUR"u8.ToArray(), new DateTimeOffset(2022, 4, 30, 4, 3, 10, TimeSpan.Zero), 2.5m, 1m, "m1");
}
