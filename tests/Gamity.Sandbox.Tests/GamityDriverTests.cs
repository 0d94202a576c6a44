using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Gamity.Sandbox.Control;

namespace Gamity.Sandbox.Tests;

public class GamityDriverTests
{
    // A cash payout exactly as contract §6 shows it.
    private const string Payout = """
        {
            "payoutId": "100200",
            "payoutRef": "0e17e833-a4db-41d0-83d1-adb539631864",
            "brandId": "brand-1",
            "playerId": "player-12345",
            "amount": 10.25,
            "currency": "USD",
            "type": "CASH",
            "promoName": "Demo_Tournament",
            "promoRef": "8d308790-55db-11ed-bdc3-0242ac120002",
            "metadata": { "lastGameId": "GAME-ID-123" }
        }
        """;

    // A buy-in debit exactly as contract §7 shows it.
    private const string Debit = """
        {
            "debitRef": "0e17e833-a4db-41d0-83d1-adb539631864",
            "brandId": "brand-1",
            "playerId": "player-12345",
            "amount": 10.25,
            "currency": "EUR",
            "type": "BUYIN"
        }
        """;

    [Fact]
    public async Task Two_503s_then_200_is_three_attempts_with_the_same_body()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        await using var casino = await FakeCasinoEndpoint.StartAsync(FakeCasinoEndpoint.FailThenSucceed(2));

        var report = await SendAsync(sandbox, "send-payout", "payout", casino.Url, Payout, retryIntervalMs: 50);

        Assert.Equal([503, 503, 200], report.Attempts.Select(attempt => attempt.Status));
        Assert.Equal((200, "{\"transactionId\":\"tx-1\"}", CallbackReport.Succeeded), (report.FinalStatus, report.FinalBody, report.Outcome));
        Assert.Equal("{\"code\":\"UNAVAILABLE\"}", report.Attempts[0].Body);
        var received = casino.Received.ToList();
        Assert.Equal(3, received.Count);
        Assert.All(received, call =>
        {
            Assert.Equal(received[0].Body, call.Body);
            Assert.Equal("casino-key", call.ApiKey);
            Assert.Equal("application/json", call.ContentType);
        });
        Assert.Equal(JsonDocument.Parse(Payout).RootElement.GetProperty("payoutRef").GetString(), JsonDocument.Parse(received[0].Body).RootElement.GetProperty("payoutRef").GetString());
        Assert.Equal(10.25m, JsonDocument.Parse(received[0].Body).RootElement.GetProperty("amount").GetDecimal());
    }

    [Fact]
    public async Task The_wait_between_attempts_is_the_retry_interval()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        await using var casino = await FakeCasinoEndpoint.StartAsync(FakeCasinoEndpoint.FailThenSucceed(2));

        var clock = Stopwatch.StartNew();
        await SendAsync(sandbox, "send-payout", "payout", casino.Url, Payout, retryIntervalMs: 300);

        Assert.True(clock.ElapsedMilliseconds >= 600, $"Three attempts 300 ms apart took {clock.ElapsedMilliseconds} ms.");
    }

    [Fact]
    public async Task The_default_interval_comes_from_the_setting()
    {
        await using var sandbox = await SandboxHost.StartAsync(settings: "--Sandbox:GamityRetryInterval=00:00:00.05");
        await using var casino = await FakeCasinoEndpoint.StartAsync(FakeCasinoEndpoint.FailThenSucceed(5));

        var report = await SendAsync(sandbox, "send-debit", "debit", casino.Url, Debit, retryIntervalMs: null);

        Assert.Equal(6, report.Attempts.Count);
        Assert.Equal(200, report.FinalStatus);
    }

    [Theory]
    [InlineData(400)]
    [InlineData(404)]
    [InlineData(409)]
    [InlineData(422)]
    public async Task A_4xx_stops_at_once(int status)
    {
        await using var sandbox = await SandboxHost.StartAsync();
        await using var casino = await FakeCasinoEndpoint.StartAsync(_ => new FakeCasinoEndpoint.Step(status, "{\"code\":\"PLAYER_NOT_FOUND\"}"));

        var report = await SendAsync(sandbox, "send-debit", "debit", casino.Url, Debit, retryIntervalMs: 10);

        var attempt = Assert.Single(report.Attempts);
        Assert.Equal(status, attempt.Status);
        Assert.Equal((status, CallbackReport.Refused), (report.FinalStatus, report.Outcome));
        Assert.Single(casino.Received);
    }

    [Fact]
    public async Task A_timeout_is_temporary_and_retried()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        await using var casino = await FakeCasinoEndpoint.StartAsync(call =>
            call == 0 ? new FakeCasinoEndpoint.Step(200, "{}", TimeSpan.FromSeconds(30)) : new FakeCasinoEndpoint.Step(200, "{\"transactionId\":\"tx-1\"}"));

        var report = await SendAsync(sandbox, "send-payout", "payout", casino.Url, Payout, retryIntervalMs: 10, attemptTimeoutMs: 300);

        Assert.Equal(2, report.Attempts.Count);
        Assert.Null(report.Attempts[0].Status);
        Assert.StartsWith("timeout", report.Attempts[0].Error);
        Assert.True(report.Attempts[0].ElapsedMs is >= 250 and < 5_000, $"The timed-out attempt took {report.Attempts[0].ElapsedMs} ms.");
        Assert.Equal((200, CallbackReport.Succeeded), (report.FinalStatus, report.Outcome));
    }

    [Fact]
    public async Task A_connection_failure_is_temporary_and_the_retries_run_out()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        string deadUrl;
        await using (var casino = await FakeCasinoEndpoint.StartAsync(FakeCasinoEndpoint.FailThenSucceed(0)))
        {
            deadUrl = casino.Url;
        }

        var report = await SendAsync(sandbox, "send-payout", "payout", deadUrl, Payout, retries: 2, retryIntervalMs: 10);

        Assert.Equal(3, report.Attempts.Count);
        Assert.All(report.Attempts, attempt => Assert.StartsWith("connection error", attempt.Error));
        Assert.Equal(((int?)null, CallbackReport.RetriesExhausted), (report.FinalStatus, report.Outcome));
    }

    [Fact]
    public async Task Only_retries_plus_one_attempts_are_made_against_a_failing_server()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        await using var casino = await FakeCasinoEndpoint.StartAsync(_ => new FakeCasinoEndpoint.Step(500, "oops"));

        var report = await SendAsync(sandbox, "send-payout", "payout", casino.Url, Payout, retries: 5, retryIntervalMs: 0);

        Assert.Equal(6, report.Attempts.Count);
        Assert.Equal((500, "oops", CallbackReport.RetriesExhausted), (report.FinalStatus, report.FinalBody, report.Outcome));
        Assert.Equal(6, casino.Received.Count);
    }

    [Fact]
    public async Task The_body_is_sent_byte_for_byte()
    {
        // The driver is generic: the body goes out byte for byte, whatever it is.
        await using var sandbox = await SandboxHost.StartAsync();
        await using var casino = await FakeCasinoEndpoint.StartAsync(FakeCasinoEndpoint.FailThenSucceed(0));
        const string Odd = """{"amount":1.10000000000000000001,"extra":[1,2,{"x":null}]}""";

        await SendAsync(sandbox, "send-payout", "payout", casino.Url, Odd, retryIntervalMs: 0);

        Assert.Equal(Odd, Assert.Single(casino.Received).Body);
    }

    [Theory]
    [InlineData("""{"target":"not a url","payout":{}}""")]
    [InlineData("""{"target":"ftp://example.com/x","payout":{}}""")]
    [InlineData("""{"target":"http://127.0.0.1:1/x"}""")]
    [InlineData("""{"target":"http://127.0.0.1:1/x","payout":[1]}""")]
    [InlineData("""{"target":"http://127.0.0.1:1/x","payout":{},"retries":-1}""")]
    [InlineData("""{"target":"http://127.0.0.1:1/x","payout":{},"attemptTimeoutMs":0}""")]
    [InlineData("""{"target":"http://127.0.0.1:1/x","payout":{},"retryInterval":5}""")]
    [InlineData("""{"target":"http://127.0.0.1:1/x","debit":{}}""")]
    public async Task An_invalid_send_request_is_400(string json)
    {
        await using var sandbox = await SandboxHost.StartAsync();

        var response = await sandbox.Client.PostAsync("/sandbox/gamity/send-payout", new StringContent(json, Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);

        await HttpAssert.ProblemAsync(response, HttpStatusCode.BadRequest);
    }

    private static async Task<CallbackReport> SendAsync(
        SandboxHost sandbox, string endpoint, string bodyField, string target, string body, int? retryIntervalMs, int? retries = null, int? attemptTimeoutMs = null)
    {
        var request = new Dictionary<string, object?>
        {
            ["target"] = target,
            ["apiKey"] = "casino-key",
            [bodyField] = JsonDocument.Parse(body).RootElement,
        };
        if (retries is not null)
        {
            request["retries"] = retries;
        }

        if (retryIntervalMs is not null)
        {
            request["retryIntervalMs"] = retryIntervalMs;
        }

        if (attemptTimeoutMs is not null)
        {
            request["attemptTimeoutMs"] = attemptTimeoutMs;
        }

        var response = await sandbox.Client.PostAsJsonAsync($"/sandbox/gamity/{endpoint}", request, TestContext.Current.CancellationToken);
        return await HttpAssert.OkJsonAsync<CallbackReport>(response);
    }
}
