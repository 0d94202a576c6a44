using System.Net;
using System.Text;
using Gamity.Sandbox.Control;
using Gamity.Sandbox.Gamity;

namespace Gamity.Sandbox.Tests;

public class GameRoundApiTests
{
    private const string Summary = "/sandbox/gamity/rounds/summary";

    [Theory]
    [InlineData("batch", null)]
    [InlineData("batch", "not-the-key")]
    [InlineData("single", null)]
    [InlineData("single", "not-the-key")]
    public async Task Missing_or_wrong_key_is_401_and_stores_nothing(string endpoint, string? apiKey)
    {
        await using var sandbox = await SandboxHost.StartAsync();

        var response = await sandbox.SendRoundsAsync(endpoint, Body(endpoint), apiKey: apiKey);

        await HttpAssert.ProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Equal(new RoundsSummary(0, 0, 0, 0, 1, 0), await sandbox.GetJsonAsync<RoundsSummary>(Summary));
    }

    [Theory]
    [InlineData("batch")]
    [InlineData("single")]
    public async Task Unknown_integration_is_404(string endpoint)
    {
        await using var sandbox = await SandboxHost.StartAsync();

        var response = await sandbox.SendRoundsAsync(endpoint, Body(endpoint), integrationId: "someone-else");

        await HttpAssert.ProblemAsync(response, HttpStatusCode.NotFound);
        Assert.Equal(0, (await sandbox.GetJsonAsync<RoundsSummary>(Summary)).Count);
    }

    [Fact]
    public async Task Batch_of_100_is_accepted()
    {
        await using var sandbox = await SandboxHost.StartAsync();

        var answer = await HttpAssert.OkJsonAsync<RoundsAccepted>(await sandbox.SendBatchAsync(GameRound.Many("r", 100)));

        Assert.Equal(new RoundsAccepted(100, 0), answer);
        Assert.Equal(new RoundsSummary(100, 0, 1, 0, 0, 0), await sandbox.GetJsonAsync<RoundsSummary>(Summary));
    }

    [Fact]
    public async Task Batch_of_101_is_400_and_stores_nothing()
    {
        await using var sandbox = await SandboxHost.StartAsync();

        var response = await sandbox.SendBatchAsync(GameRound.Many("r", 101));

        await HttpAssert.ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(new RoundsSummary(0, 0, 0, 0, 1, 0), await sandbox.GetJsonAsync<RoundsSummary>(Summary));
        Assert.Empty(await sandbox.GetJsonAsync<string[]>("/sandbox/gamity/rounds/ids"));
    }

    [Theory]
    [InlineData("batch", "[]")]
    [InlineData("batch", "")]
    [InlineData("batch", "not json")]
    [InlineData("batch", "{\"roundId\":\"r-1\"}")]
    [InlineData("batch", "\"r-1\"")]
    [InlineData("batch", "[{\"roundId\":\"r-1\"}, 7]")]
    [InlineData("batch", "[{\"roundId\":\"r-1\"}] [{\"roundId\":\"r-2\"}]")]
    [InlineData("batch", "[{\"roundId\":\"r-1\"}")]
    [InlineData("single", "[{\"roundId\":\"r-1\"}]")]
    [InlineData("single", "null")]
    [InlineData("single", "")]
    public async Task Malformed_body_is_400_and_stores_nothing(string endpoint, string json)
    {
        await using var sandbox = await SandboxHost.StartAsync();

        var response = await sandbox.SendRawRoundsAsync(endpoint, json);

        await HttpAssert.ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(0, (await sandbox.GetJsonAsync<RoundsSummary>(Summary)).Count);
    }

    [Theory]
    [InlineData("{\"playerId\":\"p\"}")]
    [InlineData("{\"roundId\":null}")]
    [InlineData("{\"roundId\":\"\"}")]
    [InlineData("{\"roundId\":\"   \"}")]
    [InlineData("{\"roundId\":42}")]
    [InlineData("{\"roundId\":{\"id\":\"r-9\"}}")]
    [InlineData("{\"RoundId\":\"r-9\"}")]
    public async Task A_round_without_a_roundId_fails_the_whole_batch(string badRound)
    {
        await using var sandbox = await SandboxHost.StartAsync();

        var response = await sandbox.SendRawRoundsAsync("batch", $"[{{\"roundId\":\"r-0\"}}, {badRound}, {{\"roundId\":\"r-2\"}}]");

        var errors = await HttpAssert.ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Single(errors, error => error.StartsWith("[1].roundId", StringComparison.Ordinal));
        Assert.Equal(0, (await sandbox.GetJsonAsync<RoundsSummary>(Summary)).Count);
    }

    [Fact]
    public async Task Rounds_are_deduplicated_by_roundId_across_calls()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        var rounds = GameRound.Many("r", 50);

        var first = await HttpAssert.OkJsonAsync<RoundsAccepted>(await sandbox.SendBatchAsync(rounds));
        var second = await HttpAssert.OkJsonAsync<RoundsAccepted>(await sandbox.SendBatchAsync(rounds));

        Assert.Equal(new RoundsAccepted(50, 0), first);
        Assert.Equal(new RoundsAccepted(0, 50), second);
        Assert.Equal(new RoundsSummary(50, 50, 2, 0, 0, 0), await sandbox.GetJsonAsync<RoundsSummary>(Summary));
    }

    [Fact]
    public async Task The_first_of_two_rounds_with_one_id_wins_also_within_a_batch()
    {
        await using var sandbox = await SandboxHost.StartAsync();

        var answer = await HttpAssert.OkJsonAsync<RoundsAccepted>(
            await sandbox.SendBatchAsync([GameRound.Make("r-1", "first"), GameRound.Make("r-1", "second")]));
        await sandbox.SendSingleAsync(GameRound.Make("r-1", "third"));

        Assert.Equal(new RoundsAccepted(1, 1), answer);
        Assert.Equal("first", (await sandbox.GetJsonAsync<GameRound>("/sandbox/gamity/rounds/r-1")).PlayerId);
        Assert.Equal(new RoundsSummary(1, 2, 1, 1, 0, 0), await sandbox.GetJsonAsync<RoundsSummary>(Summary));
    }

    [Fact]
    public async Task Single_takes_one_round()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        var round = GameRound.Make("single-1");

        var first = await HttpAssert.OkJsonAsync<RoundsAccepted>(await sandbox.SendSingleAsync(round));
        var repeat = await HttpAssert.OkJsonAsync<RoundsAccepted>(await sandbox.SendSingleAsync(round));

        Assert.Equal(new RoundsAccepted(1, 0), first);
        Assert.Equal(new RoundsAccepted(0, 1), repeat);
        Assert.Equal(round, await sandbox.GetJsonAsync<GameRound>("/sandbox/gamity/rounds/single-1"));
        Assert.Equal(new RoundsSummary(1, 1, 0, 2, 0, 0), await sandbox.GetJsonAsync<RoundsSummary>(Summary));
    }

    [Fact]
    public async Task A_stored_round_is_served_exactly_as_received()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        var ct = TestContext.Current.CancellationToken;
        const string First = "{ \"roundId\" : \"r-1\", \"betAmount\": 2.50, \"extra\": {\"nested\": [1, {\"roundId\": \"inner\"}]} }";
        const string Second = "{\"roundId\":\"r-\\u0032\",\"winAmount\":1e2}";

        var post = await sandbox.SendRawRoundsAsync("batch", $"\n[ {First},\n  {Second} ]\n");

        Assert.Equal(new RoundsAccepted(2, 0), await HttpAssert.OkJsonAsync<RoundsAccepted>(post));
        var one = await sandbox.Client.GetAsync("/sandbox/gamity/rounds/r-1", ct);
        Assert.Equal(HttpStatusCode.OK, one.StatusCode);
        Assert.Equal("application/json", one.Content.Headers.ContentType?.MediaType);
        Assert.Equal(First, await one.Content.ReadAsStringAsync(ct));
        Assert.Equal(Second, await sandbox.Client.GetStringAsync("/sandbox/gamity/rounds/r-2", ct));
        Assert.Equal(["r-1", "r-2"], (await sandbox.GetJsonAsync<string[]>("/sandbox/gamity/rounds/ids")).Order());
        await HttpAssert.ProblemAsync(await sandbox.Client.GetAsync("/sandbox/gamity/rounds/inner", ct), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Ten_thousand_rounds_in_parallel_batches_are_all_listed()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        var expected = Enumerable.Range(0, 10_000).Select(i => $"round-{i:D5}").ToHashSet();

        var answers = await Task.WhenAll(Enumerable.Range(0, 100).Select(async batch =>
            await HttpAssert.OkJsonAsync<RoundsAccepted>(await sandbox.SendBatchAsync(
                Enumerable.Range(batch * 100, 100).Select(i => GameRound.Make($"round-{i:D5}"))))));

        Assert.All(answers, answer => Assert.Equal(new RoundsAccepted(100, 0), answer));
        Assert.Equal(expected, (await sandbox.GetJsonAsync<string[]>("/sandbox/gamity/rounds/ids")).ToHashSet());
        Assert.Equal(new RoundsSummary(10_000, 0, 100, 0, 0, 0), await sandbox.GetJsonAsync<RoundsSummary>(Summary));
    }

    [Fact]
    public async Task Delete_clears_the_rounds_and_the_counters()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        var ct = TestContext.Current.CancellationToken;
        await sandbox.SendBatchAsync(GameRound.Many("r", 10));
        await sandbox.SendBatchAsync(GameRound.Many("r", 10));
        await sandbox.SendBatchAsync([]);

        var delete = await sandbox.Client.DeleteAsync("/sandbox/gamity/rounds", ct);

        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        Assert.Equal(new RoundsSummary(0, 0, 0, 0, 0, 0), await sandbox.GetJsonAsync<RoundsSummary>(Summary));
        Assert.Equal(new RoundsAccepted(10, 0), await HttpAssert.OkJsonAsync<RoundsAccepted>(await sandbox.SendBatchAsync(GameRound.Many("r", 10))));
    }

    [Fact]
    public async Task Round_calls_are_counted_in_the_call_log()
    {
        await using var sandbox = await SandboxHost.StartAsync();

        await sandbox.SendBatchAsync(GameRound.Many("r", 3));
        await sandbox.SendBatchAsync(GameRound.Many("r", 101));
        await sandbox.SendSingleAsync(GameRound.Make("s"));

        var calls = await sandbox.GetJsonAsync<Dictionary<string, CallStats>>("/sandbox/gamity/calls");
        Assert.Equal(new CallStats(2, 400), calls[GameRoundEndpoints.BatchCallName]);
        Assert.Equal(new CallStats(1, 200), calls[GameRoundEndpoints.SingleCallName]);
    }

    private static StringContent Body(string endpoint) => new(
        endpoint == "batch" ? "[{\"roundId\":\"r-1\"}]" : "{\"roundId\":\"r-1\"}", Encoding.UTF8, "application/json");
}
