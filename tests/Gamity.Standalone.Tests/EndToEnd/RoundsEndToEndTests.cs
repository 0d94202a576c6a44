using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Gamity.Integration.ActiveGames;
using Gamity.Integration.Scheduling;
using Gamity.Integration.Rounds;
using Gamity.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Gamity.Standalone.Tests.EndToEnd;

/// <summary>Standalone app + sandbox + Azurite over real HTTP: the rounds that reach Gamity are exactly the right ones, once.</summary>
public class RoundsEndToEndTests(Azurite azurite)
{
    private static void FastRetries(Dictionary<string, string?> settings)
    {
        settings["Rounds:ApiKeys:0"] = "rounds-key";
        settings["Rounds:AttemptTimeout"] = "00:00:01";
        settings["Rounds:InvocationBudget"] = "00:00:30";
        settings["Rounds:RetryBaseDelay"] = "00:00:00.050";
        settings["Rounds:MaxRetryDelay"] = "00:00:01";
        settings["Standalone:Queues:BatchSize"] = "32";
        settings["Standalone:Queues:RetryDelay"] = "00:00:01";
    }

    [Fact]
    public async Task Ten_thousand_rounds_over_a_thousand_queue_messages_reach_gamity_exactly_once_when_active()
    {
        await using var stack = await Stack.StartAsync(azurite, FastRetries);
        await ActivateAsync(stack);

        await EnqueueAsync(stack, TestRounds.Messages(1_000, 10));
        await WaitForQueueDrainedAsync(stack);

        Assert.Equal(TestRounds.ActiveIds(10_000).Order(), await GamityRoundIdsAsync(stack));
        var summary = await stack.SandboxJsonAsync("/sandbox/gamity/rounds/summary");
        Assert.Equal(3_000, summary["count"]!.GetValue<int>());
        Assert.Equal(0, summary["duplicates"]!.GetValue<int>());
        await AssertNoPoisonAsync(stack);
    }

    [Fact]
    public async Task With_5xx_429_and_accept_then_timeout_faults_gamity_still_gets_exactly_the_same_set()
    {
        await using var stack = await Stack.StartAsync(azurite, FastRetries);
        await ActivateAsync(stack);
        await stack.PutSandboxAsync("/sandbox/gamity/rounds/faults", new
        {
            errorRate = 0.2, errorStatus = 503, throttleRate = 0.1, retryAfterSeconds = 1, acceptThenTimeoutRate = 0.05, seed = 42,
        });

        await EnqueueAsync(stack, TestRounds.Messages(1_000, 10));
        await WaitForQueueDrainedAsync(stack, TimeSpan.FromMinutes(8));

        Assert.Equal(TestRounds.ActiveIds(10_000).Order(), await GamityRoundIdsAsync(stack));
        var summary = await stack.SandboxJsonAsync("/sandbox/gamity/rounds/summary");
        Assert.True(summary["rejected"]!.GetValue<int>() > 0, "the faults were really injected");
        await AssertNoPoisonAsync(stack);
    }

    [Fact]
    public async Task A_stale_snapshot_forwards_everything()
    {
        // No RefreshActiveGames ever ran: there is no snapshot, which is the stalest there is.
        await using var stack = await Stack.StartAsync(azurite, FastRetries);

        await EnqueueAsync(stack, TestRounds.Messages(50, 20));
        await WaitForQueueDrainedAsync(stack);

        Assert.Equal(TestRounds.AllIds(1_000).Order(), await GamityRoundIdsAsync(stack));
    }

    [Fact]
    public async Task Filtering_can_be_switched_off()
    {
        await using var stack = await Stack.StartAsync(azurite, s =>
        {
            FastRetries(s);
            s["Rounds:FilterByActiveGames"] = "false";
        });
        await ActivateAsync(stack);

        using var response = await PostRoundsAsync(stack, TestRounds.Messages(1, 200)[0]);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(TestRounds.AllIds(200).Order(), await GamityRoundIdsAsync(stack));
    }

    [Fact]
    public async Task Invalid_rounds_are_recorded_and_never_forwarded_and_do_not_block_their_batch()
    {
        await using var stack = await Stack.StartAsync(azurite, FastRetries);
        await ActivateAsync(stack);
        var bad = TestRounds.Round(0, "bad");
        bad["currency"] = "euro";
        var badTimestamp = TestRounds.Round(1, "bad");
        badTimestamp["timestamp"] = "yesterday";
        var good = TestRounds.Round(10, "good");

        await EnqueueAsync(stack, [new JsonArray(bad, badTimestamp, good).ToJsonString(), "this is not json", "[]"]);
        await WaitForQueueDrainedAsync(stack);

        Assert.Equal(["good-000010"], await GamityRoundIdsAsync(stack));
        var recorded = await stack.Services.GetRequiredService<InvalidRoundStore>().GetRecentAsync(100, Ct);
        Assert.Equal(3, recorded.Count);
        Assert.Contains(recorded, r => r.RoundId == "bad-000000" && r.Reason.Contains("ISO 4217") && r.Excerpt.Contains("\"euro\""));
        Assert.Contains(recorded, r => r.RoundId == "bad-000001" && r.Reason.Contains("timestamp"));
        Assert.Contains(recorded, r => r.RoundId is null && r.Reason.Contains("not valid JSON") && r.Excerpt == "this is not json" && r.MessageId is not null);
        await AssertNoPoisonAsync(stack);
    }

    /// <summary>Ten valid active rounds and, in the middle, one whose playerId holds an unpaired surrogate escape.</summary>
    private static string TenGoodAndOneUndecodable(string prefix)
    {
        var rounds = Enumerable.Range(0, 11).Select(i => TestRounds.Round(i * 10, prefix).ToJsonString()).ToList();
        rounds[5] = rounds[5].Replace("\"playerId\":\"", "\"playerId\":\"p\\ud800", StringComparison.Ordinal);
        return "[" + string.Join(',', rounds) + "]";
    }

    [Fact]
    public async Task A_round_that_cannot_be_decoded_is_recorded_and_the_rest_of_its_message_reaches_gamity()
    {
        await using var stack = await Stack.StartAsync(azurite, FastRetries);
        await ActivateAsync(stack);

        await EnqueueAsync(stack, [TenGoodAndOneUndecodable("q")]);
        await WaitForQueueDrainedAsync(stack);
        using var response = await PostRoundsAsync(stack, TenGoodAndOneUndecodable("h"));

        var expected = Enumerable.Range(0, 11).Where(i => i != 5).SelectMany(i => new[] { $"h-{i * 10:D6}", $"q-{i * 10:D6}" }).Order();
        Assert.Equal(expected, await GamityRoundIdsAsync(stack));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var outcome = (await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!;
        Assert.Equal((11, 1, 10), (outcome["received"]!.GetValue<int>(), outcome["invalid"]!.GetValue<int>(), outcome["forwarded"]!.GetValue<int>()));
        var recorded = await stack.Services.GetRequiredService<InvalidRoundStore>().GetRecentAsync(10, Ct);
        Assert.Equal(2, recorded.Count);
        Assert.All(recorded, r => Assert.Contains("playerId is not valid text", r.Reason));
        await AssertNoPoisonAsync(stack);
    }

    [Fact]
    public async Task A_queue_message_that_is_not_base64_goes_to_poison_at_once_and_the_messages_behind_it_flow()
    {
        await using var stack = await Stack.StartAsync(azurite, s =>
        {
            FastRetries(s);
            s["Rounds:FilterByActiveGames"] = "false";
        });
        var raw = TestStorage.Clients(stack.Storage).RawQueues.GetQueueClient("rounds");
        await raw.CreateIfNotExistsAsync(cancellationToken: Ct);
        var bodies = TestRounds.Messages(40, 5);
        for (var i = 0; i < bodies.Count; i++)
        {
            if (i == 20)
            {
                await raw.SendMessageAsync("this is {not} base64!", Ct); // what a casino system writing plain text would drop
            }

            await raw.SendMessageAsync(Convert.ToBase64String(Encoding.UTF8.GetBytes(bodies[i])), Ct);
        }

        await WaitForQueueDrainedAsync(stack);

        Assert.Equal(TestRounds.AllIds(200).Order(), await GamityRoundIdsAsync(stack));
        var poison = TestStorage.Clients(stack.Storage).RawQueues.GetQueueClient("rounds-poison");
        var poisoned = (await poison.ReceiveMessagesAsync(10, cancellationToken: Ct)).Value;
        Assert.Equal("this is {not} base64!", Assert.Single(poisoned).Body.ToString());
    }

    public static TheoryData<byte[]> Unparseable() => new()
    {
        Array.Empty<byte>(),
        "   "u8.ToArray(),
        "{"u8.ToArray(),
        "[{\"roundId\":\"r-1\","u8.ToArray(),
        "not json at all"u8.ToArray(),
        "42"u8.ToArray(),
        new byte[] { 0xFF, 0xFE, 0x00, 0x7B },
        "[] []"u8.ToArray(),
    };

    [Theory]
    [MemberData(nameof(Unparseable))]
    public async Task A_body_that_is_not_a_round_or_an_array_of_rounds_is_a_400_and_nothing_is_recorded(byte[] body)
    {
        await using var stack = await Stack.StartAsync(azurite, FastRetries);

        using var response = await PostRoundsAsync(stack, body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.NotNull((await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!["errors"]!["body"]);
        Assert.Empty(await stack.Services.GetRequiredService<InvalidRoundStore>().GetRecentAsync(10, Ct));
        Assert.Equal(0, (await stack.SandboxJsonAsync("/sandbox/gamity/rounds/summary"))["count"]!.GetValue<int>());
    }

    [Fact]
    public async Task The_message_id_header_follows_the_identifier_rules()
    {
        await using var stack = await Stack.StartAsync(azurite, FastRetries);
        var body = TestRounds.Round(1, "bad").ToJsonString().Replace("\"EUR\"", "\"euro\"", StringComparison.Ordinal);

        using var tooLong = await PostRoundsAsync(stack, Encoding.UTF8.GetBytes(body), messageId: new string('m', 101));
        using var named = await PostRoundsAsync(stack, Encoding.UTF8.GetBytes(body), messageId: "casino-batch-42");

        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.NotNull((await tooLong.Content.ReadFromJsonAsync<JsonObject>(Ct))!["errors"]!["X-Message-Id"]);
        Assert.Equal(HttpStatusCode.OK, named.StatusCode);
        Assert.Equal("casino-batch-42", Assert.Single(await stack.Services.GetRequiredService<InvalidRoundStore>().GetRecentAsync(10, Ct)).MessageId);
    }

    [Fact]
    public async Task Bodies_over_the_limits_are_a_413_problem_never_a_500()
    {
        await using var stack = await Stack.StartAsync(azurite, s =>
        {
            FastRetries(s);
            s["Rounds:MaxMessageBytes"] = "65536";
            s["Rounds:MaxRoundsPerMessage"] = "50";
        });
        await using var unlimited = await Stack.StartAsync(azurite, s =>
        {
            FastRetries(s);
            s["Rounds:MaxMessageBytes"] = (100 * 1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture);
        });

        using var tooManyBytes = await PostRoundsAsync(stack, TestRounds.Messages(1, 400)[0]);
        using var tooManyRounds = await PostRoundsAsync(stack, TestRounds.Messages(1, 51)[0]);
        using var fifty = await PostRoundsAsync(stack, TestRounds.Messages(1, 50)[0]);
        // 31 MB, streamed without a length: over Kestrel's own 30 MB limit, which used to surface as a 500.
        var (overKestrelStatus, overKestrelHead) = await PostChunkedAsync(unlimited, "[1,"u8.ToArray(), 31 * 1024 * 1024);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooManyBytes.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooManyRounds.StatusCode);
        Assert.Contains("more than 50 rounds", await tooManyRounds.Content.ReadAsStringAsync(Ct));
        Assert.Equal(HttpStatusCode.OK, fifty.StatusCode);
        Assert.Equal(413, overKestrelStatus);
        Assert.Contains("content-type: application/problem+json", overKestrelHead, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(await stack.Services.GetRequiredService<InvalidRoundStore>().GetRecentAsync(10, Ct));
    }

    [Fact]
    public async Task A_body_of_garbage_elements_writes_a_bounded_number_of_invalid_round_rows()
    {
        await using var stack = await Stack.StartAsync(azurite, FastRetries);
        var garbage = "[" + string.Join(',', Enumerable.Repeat("1", 4_000)) + "]";

        using var response = await PostRoundsAsync(stack, garbage);

        var outcome = (await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal((4_000, 4_000, 0), (outcome["received"]!.GetValue<int>(), outcome["invalid"]!.GetValue<int>(), outcome["forwarded"]!.GetValue<int>()));
        var recorded = await stack.Services.GetRequiredService<InvalidRoundStore>().GetRecentAsync(1_000, Ct);
        Assert.Equal(RoundLimits.Default.MaxInvalidRecordsPerMessage + 1, recorded.Count);
        Assert.Single(recorded, r => r.Reason.Contains("3900 more invalid round(s)"));
    }

    [Fact]
    public async Task The_http_entry_point_gives_the_same_result_as_the_queue()
    {
        await using var stack = await Stack.StartAsync(azurite, FastRetries);
        await ActivateAsync(stack);

        foreach (var body in TestRounds.Messages(20, 50))
        {
            using var response = await PostRoundsAsync(stack, body);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        using var single = await PostRoundsAsync(stack, TestRounds.Round(1_000).ToJsonString());
        var outcome = (await single.Content.ReadFromJsonAsync<JsonObject>(Ct))!;
        Assert.Equal(1, outcome["forwarded"]!.GetValue<int>());
        Assert.Equal(TestRounds.ActiveIds(1_001).Order(), await GamityRoundIdsAsync(stack));
    }

    [Fact]
    public async Task The_http_entry_point_needs_a_rounds_key_and_reports_what_it_did()
    {
        await using var stack = await Stack.StartAsync(azurite, FastRetries);
        await ActivateAsync(stack);
        using var noKey = new HttpRequestMessage(HttpMethod.Post, "/api/rounds") { Content = new StringContent("[]", Encoding.UTF8, "application/json") };
        stack.Client.DefaultRequestHeaders.Remove("X-API-Key");

        using var unauthorized = await stack.Client.SendAsync(noKey, Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);

        using var response = await PostRoundsAsync(stack, TestRounds.Messages(1, 100)[0]);
        var outcome = (await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!;
        Assert.Equal(100, outcome["received"]!.GetValue<int>());
        Assert.Equal(0, outcome["invalid"]!.GetValue<int>());
        Assert.Equal(70, outcome["filteredOut"]!.GetValue<int>());
        Assert.Equal(30, outcome["forwarded"]!.GetValue<int>());
    }

    [Fact]
    public async Task When_gamity_keeps_failing_the_http_caller_is_told_to_retry_and_nothing_is_lost_on_the_retry()
    {
        await using var stack = await Stack.StartAsync(azurite, s =>
        {
            FastRetries(s);
            s["Rounds:InvocationBudget"] = "00:00:02";
        });
        await ActivateAsync(stack);
        var body = TestRounds.Messages(1, 300)[0];
        await stack.PutSandboxAsync("/sandbox/gamity/rounds/faults", new { errorRate = 1.0, errorStatus = 500 });

        using var failed = await PostRoundsAsync(stack, body);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
        Assert.NotNull(failed.Headers.RetryAfter);

        await stack.Sandbox.DeleteAsync("/sandbox/gamity/rounds/faults", Ct);
        using var retried = await PostRoundsAsync(stack, body);
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.Equal(TestRounds.ActiveIds(300).Order(), await GamityRoundIdsAsync(stack));
    }

    [Fact]
    public async Task A_chunk_gamity_refuses_for_good_is_recorded_with_its_answer_and_not_retried()
    {
        await using var stack = await Stack.StartAsync(azurite, s =>
        {
            FastRetries(s);
            s["Gamity:ApiKey"] = "wrong-key"; // the round API answers 401: final
        });
        await ActivateAsync(stack, refreshWithKey: false);

        using var response = await PostRoundsAsync(stack, TestRounds.Messages(1, 10)[0]);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(3, (await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!["rejected"]!.GetValue<int>());
        var recorded = await stack.Services.GetRequiredService<InvalidRoundStore>().GetRecentAsync(100, Ct);
        Assert.Equal(3, recorded.Count);
        Assert.All(recorded, r => Assert.Contains("Gamity answered 401", r.Reason));
        Assert.Equal(0, (await stack.SandboxJsonAsync("/sandbox/gamity/rounds/summary"))["count"]!.GetValue<int>());
    }

    private static async Task ActivateAsync(Stack stack, bool refreshWithKey = true)
    {
        await stack.PutSandboxAsync("/sandbox/gamity/active-games", TestRounds.ActiveGamesBody);
        if (refreshWithKey)
        {
            await using var scope = stack.Services.CreateAsyncScope();
            await ActiveGamesRegistration.RefreshActiveGames.RunAsync(scope.ServiceProvider, false, Ct);
        }
        else
        {
            // The app's Gamity key is wrong in this test: write the snapshot the way the refresher would.
            var document = new ActiveGamesDocument
            {
                FetchedAt = DateTimeOffset.UtcNow,
                Games = TestRounds.ActiveGames.Select(g => new ActiveGame { GameId = g.Game, BrandIds = [.. g.Brands] }).ToList(),
            };
            await stack.Services.GetRequiredService<ActiveGamesStore>().SaveAsync(document, Ct);
        }
    }

    private static async Task EnqueueAsync(Stack stack, IReadOnlyList<string> bodies)
    {
        var queue = TestStorage.Clients(stack.Storage).Queues.GetQueueClient("rounds");
        await queue.CreateIfNotExistsAsync(cancellationToken: Ct);
        await Parallel.ForEachAsync(bodies, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = Ct }, async (body, ct) => await queue.SendMessageAsync(body, ct));
    }

    private static async Task WaitForQueueDrainedAsync(Stack stack, TimeSpan? timeout = null)
    {
        var queue = TestStorage.Clients(stack.Storage).Queues.GetQueueClient("rounds");
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromMinutes(5)); // waits, not timed assertions: generous for a loaded machine
        while (DateTime.UtcNow < deadline)
        {
            // Peek sees visible messages only; a message being processed or waiting for a retry is invisible, so
            // the count must be 0 twice, a retry delay apart.
            if ((await queue.GetPropertiesAsync(Ct)).Value.ApproximateMessagesCount == 0)
            {
                await Task.Delay(TimeSpan.FromSeconds(1.5), Ct);
                if ((await queue.GetPropertiesAsync(Ct)).Value.ApproximateMessagesCount == 0)
                {
                    return;
                }
            }

            await Task.Delay(200, Ct);
        }

        throw new TimeoutException("The rounds queue was not drained in time.");
    }

    private static async Task<List<string>> GamityRoundIdsAsync(Stack stack) =>
        (await stack.SandboxJsonAsync("/sandbox/gamity/rounds/ids")).AsArray().Select(id => id!.GetValue<string>()).Order().ToList();

    private static async Task AssertNoPoisonAsync(Stack stack)
    {
        var poison = TestStorage.Clients(stack.Storage).Queues.GetQueueClient("rounds-poison");
        Assert.Equal(0, (await poison.ExistsAsync(Ct)).Value ? (await poison.GetPropertiesAsync(Ct)).Value.ApproximateMessagesCount : 0);
    }

    private static Task<HttpResponseMessage> PostRoundsAsync(Stack stack, string body) => PostRoundsAsync(stack, Encoding.UTF8.GetBytes(body));

    private static async Task<HttpResponseMessage> PostRoundsAsync(Stack stack, byte[] body, string? messageId = null)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/rounds") { Content = content };
        if (messageId is not null)
        {
            request.Headers.Add("X-Message-Id", messageId);
        }

        request.Headers.Add("X-API-Key", "rounds-key");
        stack.Client.DefaultRequestHeaders.Remove("X-API-Key");
        return await stack.Client.SendAsync(request, Ct);
    }

    /// <summary>
    /// Streams a chunked body of <paramref name="length"/> bytes over a raw socket while reading the answer: the
    /// server may answer and close before the body is sent, which HttpClient reports as a broken pipe.
    /// </summary>
    private static async Task<(int Status, string Head)> PostChunkedAsync(Stack stack, byte[] pattern, int length)
    {
        var address = stack.Client.BaseAddress!;
        using var socket = new System.Net.Sockets.TcpClient();
        await socket.ConnectAsync(address.Host, address.Port, Ct);
        var stream = socket.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(
            "POST /api/rounds HTTP/1.1\r\nHost: localhost\r\nX-API-Key: rounds-key\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"), Ct);
        var sending = Task.Run(async () =>
        {
            var chunk = new byte[64 * 1024];
            for (var i = 0; i < chunk.Length; i++)
            {
                chunk[i] = pattern[i % pattern.Length];
            }

            try
            {
                for (var sent = 0; sent < length; sent += chunk.Length)
                {
                    await stream.WriteAsync(Encoding.ASCII.GetBytes($"{chunk.Length:X}\r\n"), Ct);
                    await stream.WriteAsync(chunk, Ct);
                    await stream.WriteAsync("\r\n"u8.ToArray(), Ct);
                }

                await stream.WriteAsync("0\r\n\r\n"u8.ToArray(), Ct);
            }
            catch (IOException)
            {
                // the server answered and closed before the whole body was sent
            }
        }, Ct);

        var received = new MemoryStream();
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, Ct)) > 0 && !Encoding.ASCII.GetString(received.ToArray()).Contains("\r\n\r\n", StringComparison.Ordinal))
            {
                received.Write(buffer, 0, read);
            }
        }
        catch (IOException) when (received.Length > 0)
        {
            // reset after the answer
        }

        socket.Close();
        await sending;
        var head = Encoding.ASCII.GetString(received.ToArray());
        var statusLine = head.Split("\r\n")[0];
        return (int.Parse(statusLine.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture), head);
    }

    [Theory]
    [InlineData("GET", "/api/admin/rounds/dead-letters")]
    [InlineData("POST", "/api/admin/rounds/dead-letters/replay")]
    public async Task Dead_letter_routes_want_the_admin_key_then_a_bounded_max_then_a_service_bus(string method, string route)
    {
        await using var stack = await Stack.StartAsync(azurite);
        using var anonymous = new HttpClient { BaseAddress = stack.Client.BaseAddress };

        using var noKey = await anonymous.SendAsync(new HttpRequestMessage(new HttpMethod(method), route), Ct);
        using var badMax = await stack.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), route + "?max=501"), Ct);
        using var noServiceBus = await stack.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), route + "?max=10"), Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badMax.StatusCode);
        Assert.Contains("max must be a whole number from 1 to 500", await badMax.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, noServiceBus.StatusCode); // the test stack has no Service Bus
        Assert.Equal("application/problem+json", noServiceBus.Content.Headers.ContentType?.MediaType);
        Assert.Contains("ServiceBus__fullyQualifiedNamespace", await noServiceBus.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }
}
