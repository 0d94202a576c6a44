using System.Collections.Concurrent;
using Azure.Messaging.ServiceBus;
using Gamity.Integration.ActiveGames;
using Gamity.Integration.Rounds;
using Gamity.Testing;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Moq;

namespace Gamity.Integration.Tests.Rounds;

/// <summary>
/// The Service Bus drain: Moq plays the receiver (there is no Service Bus here); everything behind it is real —
/// the pipeline, Azurite, and the sandbox as Gamity, with faults. Each message is completed only when all of its
/// rounds were delivered, filtered out or recorded, and abandoned otherwise.
/// </summary>
public class RoundsDrainTests(Azurite azurite)
{
    private static void Settings(Dictionary<string, string?> s)
    {
        s["Rounds:AttemptTimeout"] = "00:00:01";
        s["Rounds:InvocationBudget"] = "00:00:03";
        s["Rounds:RetryBaseDelay"] = "00:00:00.050";
        s["Rounds:MaxRetryDelay"] = "00:00:00.200";
    }

    /// <summary>A receiver that hands out <paramref name="batches"/> one per receive, then nothing, and records every settlement.</summary>
    private sealed class FakeQueue
    {
        public Mock<ServiceBusReceiver> Receiver { get; } = new();

        public Mock<ServiceBusClient> Client { get; } = new();

        public ConcurrentQueue<string> Completed { get; } = new();

        public ConcurrentQueue<string> Abandoned { get; } = new();

        public int Renewals;

        public FakeQueue(params ServiceBusReceivedMessage[][] batches)
        {
            var receives = Receiver.SetupSequence(r => r.ReceiveMessagesAsync(It.IsAny<int>(), It.IsAny<TimeSpan?>(), It.IsAny<CancellationToken>()));
            foreach (var batch in batches)
            {
                receives = receives.ReturnsAsync(batch);
            }

            receives.ReturnsAsync([]);
            Receiver.Setup(r => r.CompleteMessageAsync(It.IsAny<ServiceBusReceivedMessage>(), It.IsAny<CancellationToken>()))
                .Callback<ServiceBusReceivedMessage, CancellationToken>((m, _) => Completed.Enqueue(m.MessageId)).Returns(Task.CompletedTask);
            Receiver.Setup(r => r.AbandonMessageAsync(It.IsAny<ServiceBusReceivedMessage>(), It.IsAny<IDictionary<string, object>>(), It.IsAny<CancellationToken>()))
                .Callback<ServiceBusReceivedMessage, IDictionary<string, object>, CancellationToken>((m, _, _) => Abandoned.Enqueue(m.MessageId)).Returns(Task.CompletedTask);
            Receiver.Setup(r => r.RenewMessageLockAsync(It.IsAny<ServiceBusReceivedMessage>(), It.IsAny<CancellationToken>()))
                .Callback(() => Interlocked.Increment(ref Renewals)).Returns(Task.CompletedTask);
            Receiver.Setup(r => r.DisposeAsync()).Returns(ValueTask.CompletedTask);
            Client.Setup(c => c.CreateReceiver("rounds", It.Is<ServiceBusReceiverOptions>(o => o.ReceiveMode == ServiceBusReceiveMode.PeekLock))).Returns(Receiver.Object);
        }
    }

    private static ServiceBusReceivedMessage Message(string id, string body, TimeSpan? lockFor = null, DateTimeOffset? enqueuedAt = null) =>
        ServiceBusModelFactory.ServiceBusReceivedMessage(
            body: BinaryData.FromString(body), messageId: id, lockTokenGuid: Guid.NewGuid(), lockedUntil: DateTimeOffset.UtcNow + (lockFor ?? TimeSpan.FromMinutes(1)), deliveryCount: 1,
            enqueuedTime: enqueuedAt ?? DateTimeOffset.UtcNow);

    private static RoundsDrain Drain(Stack stack, FakeQueue queue, Action<RoundsDrainOptions>? configure = null, TimeProvider? time = null, RoundsMetrics? metrics = null)
    {
        var options = new RoundsDrainOptions();
        configure?.Invoke(options);
        return new RoundsDrain(
            new RoundsServiceBus(queue.Client.Object), stack.Services.GetRequiredService<RoundsPipeline>(), stack.Services.GetRequiredService<IOptions<RoundsOptions>>(),
            Options.Create(options), metrics ?? stack.Services.GetRequiredService<RoundsMetrics>(), time ?? TimeProvider.System, NullLogger<RoundsDrain>.Instance);
    }

    private static async Task ActivateAsync(Stack stack)
    {
        await stack.PutSandboxAsync("/sandbox/gamity/active-games", TestRounds.ActiveGamesBody);
        await using var scope = stack.Services.CreateAsyncScope();
        await ActiveGamesRegistration.RefreshActiveGames.RunAsync(scope.ServiceProvider, false, Ct);
    }

    private static async Task<List<string>> GamityRoundIdsAsync(Stack stack) =>
        (await stack.SandboxJsonAsync("/sandbox/gamity/rounds/ids")).AsArray().Select(id => id!.GetValue<string>()).Order().ToList();

    [Fact]
    public async Task A_mixed_batch_completes_every_message_whose_rounds_were_delivered_filtered_or_recorded()
    {
        await using var stack = await Stack.StartAsync(azurite, Settings);
        await ActivateAsync(stack);
        var queue = new FakeQueue(
        [
            Message("active", TestRounds.Round(0, "d").ToJsonString()),             // active pair: forwarded
            Message("filtered", TestRounds.Round(5, "d").ToJsonString()),           // no tournament on it: filtered out
            Message("invalid", """{"roundId":"d-bad","currency":"euro"}"""),        // recorded as invalid
            Message("not-json", "this is not json"),                                // recorded as one invalid record
            Message("mixed", new System.Text.Json.Nodes.JsonArray(TestRounds.Round(1, "d"), TestRounds.Round(3, "d")).ToJsonString()),
        ]);

        var outcome = await Drain(stack, queue).RunAsync(Ct);

        Assert.Equal(["active", "filtered", "invalid", "not-json", "mixed"], queue.Completed);
        Assert.Empty(queue.Abandoned);
        Assert.Equal(["d-000000", "d-000001"], await GamityRoundIdsAsync(stack));
        Assert.Equal((5, 5, 0, 2), (outcome.Messages, outcome.Completed, outcome.Abandoned, outcome.RoundsForwarded));
        Assert.Equal(2, (await stack.Services.GetRequiredService<InvalidRoundStore>().GetRecentAsync(10, Ct)).Count);
    }

    [Fact]
    public async Task When_gamity_is_down_messages_with_rounds_to_forward_are_abandoned_and_the_rest_completed()
    {
        await using var stack = await Stack.StartAsync(azurite, Settings);
        await ActivateAsync(stack);
        await stack.PutSandboxAsync("/sandbox/gamity/rounds/faults", new { errorRate = 1.0, errorStatus = 503 });
        var queue = new FakeQueue(
        [
            Message("active", TestRounds.Round(0, "down").ToJsonString()),
            Message("invalid", """{"roundId":"down-bad"}"""),
            Message("filtered", TestRounds.Round(5, "down").ToJsonString()),
        ]);

        var outcome = await Drain(stack, queue).RunAsync(Ct);

        Assert.Equal(["active"], queue.Abandoned);
        Assert.Equal(["invalid", "filtered"], queue.Completed);
        Assert.Equal((1, 0), (outcome.Abandoned, outcome.RoundsForwarded));
    }

    [Fact]
    public async Task When_gamity_refuses_a_batch_for_good_its_rounds_are_recorded_and_the_messages_completed()
    {
        await using var stack = await Stack.StartAsync(azurite, s =>
        {
            Settings(s);
            s["Gamity:ApiKey"] = "wrong-key"; // the Game Round API answers 401: final
            s["Rounds:FilterByActiveGames"] = "false";
        });
        var queue = new FakeQueue([Message("m-1", TestRounds.Round(0, "r").ToJsonString()), Message("m-2", TestRounds.Round(1, "r").ToJsonString())]);
        using var metrics = new TestMetrics(stack.Services.GetRequiredService<IMeterFactory>());

        await Drain(stack, queue).RunAsync(Ct);

        Assert.Equal(["m-1", "m-2"], queue.Completed);
        var recorded = await stack.Services.GetRequiredService<InvalidRoundStore>().GetRecentAsync(10, Ct);
        Assert.All(recorded, r => Assert.Contains("Gamity answered 401", r.Reason));
        Assert.Equal(2, recorded.Count);
        Assert.Equal(2, metrics.Values("gamity.rounds.rejected").Sum()); // the "rounds refused for good" alert's signal
    }

    [Fact]
    public async Task Each_received_message_reports_how_long_it_waited_in_the_queue()
    {
        await using var stack = await Stack.StartAsync(azurite, s =>
        {
            Settings(s);
            s["Rounds:FilterByActiveGames"] = "false";
        });
        var queue = new FakeQueue(
        [
            Message("old", TestRounds.Round(0, "q").ToJsonString(), enqueuedAt: DateTimeOffset.UtcNow - TimeSpan.FromMinutes(7)),
            Message("new", TestRounds.Round(1, "q").ToJsonString(), enqueuedAt: DateTimeOffset.UtcNow),
        ]);
        using var metrics = new TestMetrics();

        await Drain(stack, queue, metrics: new RoundsMetrics(metrics.Factory)).RunAsync(Ct);

        var ages = metrics.Values("gamity.rounds.drain.message_age").Order().ToList();
        Assert.Equal(2, ages.Count);
        Assert.InRange(ages[0], 0, 60);
        Assert.InRange(ages[1], 7 * 60, 8 * 60); // seconds: the "drain falling behind" alert's signal
    }

    [Fact]
    public async Task Locks_are_renewed_while_a_slow_gamity_holds_the_batch()
    {
        await using var stack = await Stack.StartAsync(azurite, s =>
        {
            Settings(s);
            s["Rounds:AttemptTimeout"] = "00:00:10";
            s["Rounds:InvocationBudget"] = "00:00:20";
            s["Rounds:FilterByActiveGames"] = "false";
        });
        await stack.PutSandboxAsync("/sandbox/gamity/rounds/faults", new { latencyMs = 3_000 });
        var queue = new FakeQueue([Message("slow", TestRounds.Round(0, "s").ToJsonString(), lockFor: TimeSpan.FromSeconds(2))]);

        await Drain(stack, queue, o => o.RenewWithin = TimeSpan.FromSeconds(1.5)).RunAsync(Ct);

        Assert.True(queue.Renewals >= 1, "the lock was renewed while Gamity was slow");
        Assert.Equal(["slow"], queue.Completed);
        Assert.Equal(["s-000000"], await GamityRoundIdsAsync(stack));
    }

    [Fact]
    public async Task A_stop_in_the_middle_of_a_batch_abandons_it_and_completes_nothing()
    {
        await using var stack = await Stack.StartAsync(azurite, s =>
        {
            Settings(s);
            s["Rounds:AttemptTimeout"] = "00:00:30";
            s["Rounds:InvocationBudget"] = "00:01:00";
            s["Rounds:FilterByActiveGames"] = "false";
        });
        await stack.PutSandboxAsync("/sandbox/gamity/rounds/faults", new { latencyMs = 20_000 });
        var queue = new FakeQueue([Message("a", TestRounds.Round(0, "x").ToJsonString()), Message("b", TestRounds.Round(1, "x").ToJsonString())]);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        stop.CancelAfter(TimeSpan.FromSeconds(1));

        var outcome = await Drain(stack, queue).RunAsync(stop.Token);

        Assert.Empty(queue.Completed);
        Assert.Equal(["a", "b"], queue.Abandoned.Order());
        Assert.Equal(2, outcome.Abandoned);
    }

    [Fact]
    public async Task An_empty_queue_ends_the_invocation_after_one_receive()
    {
        await using var stack = await Stack.StartAsync(azurite, Settings);
        var queue = new FakeQueue();

        var outcome = await Drain(stack, queue).RunAsync(Ct);

        Assert.Equal(DrainOutcome.Empty, outcome);
        queue.Receiver.Verify(r => r.ReceiveMessagesAsync(100, TimeSpan.FromSeconds(1), It.IsAny<CancellationToken>()), Times.Once());
    }

    [Fact]
    public async Task Batches_are_drained_until_the_queue_is_empty()
    {
        await using var stack = await Stack.StartAsync(azurite, s =>
        {
            Settings(s);
            s["Rounds:FilterByActiveGames"] = "false";
        });
        var batches = Enumerable.Range(0, 3).Select(b => Enumerable.Range(0, 10).Select(i => Message($"m-{b}-{i}", TestRounds.Round((b * 10) + i, "q").ToJsonString())).ToArray()).ToArray();
        var queue = new FakeQueue(batches);

        var outcome = await Drain(stack, queue).RunAsync(Ct);

        Assert.Equal((30, 30, 30), (outcome.Messages, outcome.Completed, outcome.RoundsForwarded));
        Assert.Equal(TestRounds.AllIds(30, "q").Order(), await GamityRoundIdsAsync(stack));
        queue.Receiver.Verify(r => r.ReceiveMessagesAsync(It.IsAny<int>(), It.IsAny<TimeSpan?>(), It.IsAny<CancellationToken>()), Times.Exactly(4));
    }

    [Fact]
    public async Task Without_a_service_bus_connection_the_drain_does_nothing()
    {
        await using var stack = await Stack.StartAsync(azurite, Settings);
        var drain = new RoundsDrain(new RoundsServiceBus(null), stack.Services.GetRequiredService<RoundsPipeline>(), stack.Services.GetRequiredService<IOptions<RoundsOptions>>(),
            Options.Create(new RoundsDrainOptions()), stack.Services.GetRequiredService<RoundsMetrics>(), TimeProvider.System, NullLogger<RoundsDrain>.Instance);

        Assert.Equal(DrainOutcome.Empty, await drain.RunAsync(Ct));
        Assert.Null(stack.Services.GetRequiredService<RoundsServiceBus>().Client);
    }
}
