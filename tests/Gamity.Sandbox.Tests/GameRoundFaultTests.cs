using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using Gamity.Sandbox.Control;
using Gamity.Sandbox.Gamity;

namespace Gamity.Sandbox.Tests;

public class GameRoundFaultTests
{
    private const string Faults = "/sandbox/gamity/rounds/faults";
    private const string Summary = "/sandbox/gamity/rounds/summary";

    [Theory]
    [InlineData(null, 500)]
    [InlineData(503, 503)]
    public async Task ErrorRate_1_answers_every_call_with_the_error_status_and_stores_nothing(int? errorStatus, int expected)
    {
        await using var sandbox = await SandboxHost.StartAsync();
        await SetFaultsAsync(sandbox, new RoundFaultsRequest(ErrorRate: 1.0, ErrorStatus: errorStatus));

        for (var call = 0; call < 5; call++)
        {
            await HttpAssert.ProblemAsync(await sandbox.SendBatchAsync(GameRound.Many($"b{call}", 10)), (HttpStatusCode)expected);
        }

        await HttpAssert.ProblemAsync(await sandbox.SendSingleAsync(GameRound.Make("s")), (HttpStatusCode)expected);
        Assert.Equal(new RoundsSummary(0, 0, 0, 0, 6, 0), await sandbox.GetJsonAsync<RoundsSummary>(Summary));
    }

    [Fact]
    public async Task ThrottleRate_1_answers_429_with_Retry_After_and_stores_nothing()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        await SetFaultsAsync(sandbox, new RoundFaultsRequest(ThrottleRate: 1.0, RetryAfterSeconds: 7));

        var batch = await sandbox.SendBatchAsync(GameRound.Many("r", 10));
        var single = await sandbox.SendSingleAsync(GameRound.Make("s"));

        foreach (var response in new[] { batch, single })
        {
            await HttpAssert.ProblemAsync(response, HttpStatusCode.TooManyRequests);
            Assert.Equal(TimeSpan.FromSeconds(7), response.Headers.RetryAfter?.Delta);
        }

        Assert.Equal(new RoundsSummary(0, 0, 0, 0, 2, 0), await sandbox.GetJsonAsync<RoundsSummary>(Summary));
    }

    [Fact]
    public async Task Retry_After_defaults_to_one_second()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        await SetFaultsAsync(sandbox, new RoundFaultsRequest(ThrottleRate: 1.0));

        var response = await sandbox.SendBatchAsync(GameRound.Many("r", 1));

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), response.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public async Task AcceptThenTimeoutRate_1_stores_the_rounds_but_the_client_times_out()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        await SetFaultsAsync(sandbox, new RoundFaultsRequest(AcceptThenTimeoutRate: 1.0));
        using var impatient = new HttpClient { BaseAddress = sandbox.Client.BaseAddress, Timeout = TimeSpan.FromMilliseconds(500) };

        var timedOut = await Assert.ThrowsAnyAsync<TaskCanceledException>(() =>
            sandbox.SendRoundsAsync("batch", JsonContent.Create(GameRound.Many("r", 20)), client: impatient));

        Assert.IsType<TimeoutException>(timedOut.InnerException);
        Assert.Equal(new RoundsSummary(20, 0, 1, 0, 0, 1), await sandbox.GetJsonAsync<RoundsSummary>(Summary));
        Assert.Equal(20, (await sandbox.GetJsonAsync<string[]>("/sandbox/gamity/rounds/ids")).Length);
    }

    [Fact]
    public async Task AcceptThenTimeout_still_answers_an_invalid_body_with_400()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        await SetFaultsAsync(sandbox, new RoundFaultsRequest(AcceptThenTimeoutRate: 1.0));

        await HttpAssert.ProblemAsync(await sandbox.SendBatchAsync(GameRound.Many("r", 101)), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_call_held_open_does_not_hold_up_shutdown()
    {
        var sandbox = await SandboxHost.StartAsync();
        await SetFaultsAsync(sandbox, new RoundFaultsRequest(AcceptThenTimeoutRate: 1.0));
        using var patient = new HttpClient { BaseAddress = sandbox.Client.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
        var pending = sandbox.SendRoundsAsync("single", JsonContent.Create(GameRound.Make("r")), client: patient);
        while ((await sandbox.GetJsonAsync<RoundsSummary>(Summary)).HeldOpen == 0)
        {
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }

        var stopping = Stopwatch.StartNew();
        await sandbox.DisposeAsync();

        Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(10), $"Shutdown took {stopping.Elapsed}.");
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => pending);
    }

    [Fact]
    public async Task Latency_is_added_to_every_call()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        await SetFaultsAsync(sandbox, new RoundFaultsRequest(LatencyMs: 300));

        var batch = Stopwatch.StartNew();
        var batchAnswer = await sandbox.SendBatchAsync(GameRound.Many("r", 10));
        batch.Stop();
        var rejected = Stopwatch.StartNew();
        var rejectedAnswer = await sandbox.SendRoundsAsync("single", JsonContent.Create(GameRound.Make("s")), apiKey: null);
        rejected.Stop();

        Assert.Equal(HttpStatusCode.OK, batchAnswer.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, rejectedAnswer.StatusCode);
        Assert.True(batch.ElapsedMilliseconds >= 300, $"The batch call took {batch.ElapsedMilliseconds} ms.");
        Assert.True(rejected.ElapsedMilliseconds >= 300, $"The rejected call took {rejected.ElapsedMilliseconds} ms.");
    }

    [Fact]
    public async Task The_same_seed_gives_the_same_sequence_of_answers()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        var faults = new RoundFaultsRequest(ErrorRate: 0.3, ThrottleRate: 0.3, Seed: 42);

        await SetFaultsAsync(sandbox, faults);
        var first = await StatusesAsync(sandbox, "first");
        await SetFaultsAsync(sandbox, faults);
        var second = await StatusesAsync(sandbox, "second");

        Assert.Equal(first, second);
        Assert.Contains(200, first);
        Assert.Contains(500, first);
        Assert.Contains(429, first);
        var summary = await sandbox.GetJsonAsync<RoundsSummary>(Summary);
        Assert.Equal(2 * first.Count(status => status == 200), summary.Count);
    }

    [Fact]
    public async Task Faults_are_read_back_with_defaults_and_cleared_by_delete()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        var ct = TestContext.Current.CancellationToken;
        Assert.Equal(RoundFaultSettings.None, await sandbox.GetJsonAsync<RoundFaultSettings>(Faults));

        await SetFaultsAsync(sandbox, new RoundFaultsRequest(ErrorRate: 0.2, ErrorStatus: 503, ThrottleRate: 0.1, AcceptThenTimeoutRate: 0.05, Seed: 42));

        Assert.Equal(new RoundFaultSettings(0.2, 503, 0.1, 1, 0, 0.05, 42), await sandbox.GetJsonAsync<RoundFaultSettings>(Faults));
        Assert.Equal(HttpStatusCode.NoContent, (await sandbox.Client.DeleteAsync(Faults, ct)).StatusCode);
        Assert.Equal(RoundFaultSettings.None, await sandbox.GetJsonAsync<RoundFaultSettings>(Faults));
    }

    [Theory]
    [InlineData("{\"errorRate\": 1.5}")]
    [InlineData("{\"throttleRate\": -0.1}")]
    [InlineData("{\"acceptThenTimeoutRate\": 2}")]
    [InlineData("{\"errorStatus\": 200}")]
    [InlineData("{\"latencyMs\": -1}")]
    [InlineData("{\"retryAfterSeconds\": -1}")]
    [InlineData("{\"errorPercent\": 20}")]
    [InlineData("[]")]
    public async Task Invalid_round_faults_are_400_and_change_nothing(string json)
    {
        await using var sandbox = await SandboxHost.StartAsync();
        await SetFaultsAsync(sandbox, new RoundFaultsRequest(LatencyMs: 5));

        var put = await sandbox.Client.PutAsync(Faults, new StringContent(json, Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);

        await HttpAssert.ProblemAsync(put, HttpStatusCode.BadRequest);
        Assert.Equal(RoundFaultSettings.None with { LatencyMs = 5 }, await sandbox.GetJsonAsync<RoundFaultSettings>(Faults));
    }

    [Fact]
    public async Task The_key_and_integration_are_checked_before_round_faults()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        await SetFaultsAsync(sandbox, new RoundFaultsRequest(ErrorRate: 1.0));

        await HttpAssert.ProblemAsync(await sandbox.SendRoundsAsync("batch", JsonContent.Create(GameRound.Many("r", 1)), apiKey: "wrong"), HttpStatusCode.Unauthorized);
        await HttpAssert.ProblemAsync(await sandbox.SendRoundsAsync("batch", JsonContent.Create(GameRound.Many("r", 1)), integrationId: "other"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Management_faults_and_round_faults_are_independent()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        var ct = TestContext.Current.CancellationToken;
        await sandbox.Client.PutAsJsonAsync("/sandbox/gamity/faults", new FaultSetting(500, 1), ct);

        var batch = await sandbox.SendBatchAsync(GameRound.Many("r", 10));

        Assert.Equal(new RoundsAccepted(10, 0), await HttpAssert.OkJsonAsync<RoundsAccepted>(batch));
        Assert.Equal(new FaultSetting(500, 1), await sandbox.GetJsonAsync<FaultSetting>("/sandbox/gamity/faults"));
        await HttpAssert.ProblemAsync(await sandbox.SendExternalAsync(HttpMethod.Get, "active-games"), HttpStatusCode.InternalServerError);

        await SetFaultsAsync(sandbox, new RoundFaultsRequest(ErrorRate: 1.0, ThrottleRate: 0));
        Assert.Equal(HttpStatusCode.OK, (await sandbox.SendExternalAsync(HttpMethod.Get, "active-games")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await sandbox.SyncGamesAsync([Catalog.Game("G1")])).StatusCode);
    }

    [Fact]
    public async Task Reset_clears_the_rounds_and_the_round_faults()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        var ct = TestContext.Current.CancellationToken;
        await sandbox.SendBatchAsync(GameRound.Many("r", 10));
        await sandbox.SendBatchAsync(GameRound.Many("r", 10));
        await SetFaultsAsync(sandbox, new RoundFaultsRequest(ErrorRate: 1.0, LatencyMs: 50, Seed: 1));
        await sandbox.SendBatchAsync(GameRound.Many("r", 10));

        var reset = await sandbox.Client.PostAsync("/sandbox/reset", null, ct);

        Assert.Equal(HttpStatusCode.NoContent, reset.StatusCode);
        Assert.Equal(new RoundsSummary(0, 0, 0, 0, 0, 0), await sandbox.GetJsonAsync<RoundsSummary>(Summary));
        Assert.Empty(await sandbox.GetJsonAsync<string[]>("/sandbox/gamity/rounds/ids"));
        Assert.Equal(RoundFaultSettings.None, await sandbox.GetJsonAsync<RoundFaultSettings>(Faults));
        Assert.Equal(new RoundsAccepted(10, 0), await HttpAssert.OkJsonAsync<RoundsAccepted>(await sandbox.SendBatchAsync(GameRound.Many("r", 10))));
    }

    private static async Task<List<int>> StatusesAsync(SandboxHost sandbox, string prefix)
    {
        var statuses = new List<int>();
        for (var call = 0; call < 30; call++)
        {
            statuses.Add((int)(await sandbox.SendSingleAsync(GameRound.Make($"{prefix}-{call}"))).StatusCode);
        }

        return statuses;
    }

    private static async Task SetFaultsAsync(SandboxHost sandbox, RoundFaultsRequest faults)
    {
        var put = await sandbox.Client.PutAsJsonAsync(Faults, faults, TestContext.Current.CancellationToken);
        var settings = await HttpAssert.OkJsonAsync<RoundFaultSettings>(put);
        Assert.Equal(faults.ErrorRate ?? 0, settings.ErrorRate);
        Assert.Equal(faults.LatencyMs ?? 0, settings.LatencyMs);
        Assert.Equal(faults.Seed, settings.Seed);
    }
}
