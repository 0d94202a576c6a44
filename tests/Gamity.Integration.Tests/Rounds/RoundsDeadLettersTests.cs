using Azure.Messaging.ServiceBus;
using Gamity.Integration.Rounds;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Moq;

namespace Gamity.Integration.Tests.Rounds;

/// <summary>The rounds queue's dead letters for operators; Moq plays Service Bus (there is none here).</summary>
public class RoundsDeadLettersTests
{
    private readonly Mock<ServiceBusClient> client = new();
    private readonly Mock<ServiceBusReceiver> deadLetters = new();
    private readonly Mock<ServiceBusSender> queue = new();
    private readonly List<string> completed = [];
    private readonly List<string> abandoned = [];
    private readonly List<ServiceBusMessage> sent = [];

    public RoundsDeadLettersTests()
    {
        client.Setup(c => c.CreateReceiver("rounds", It.Is<ServiceBusReceiverOptions>(o => o.SubQueue == SubQueue.DeadLetter && o.ReceiveMode == ServiceBusReceiveMode.PeekLock)))
            .Returns(deadLetters.Object);
        client.Setup(c => c.CreateSender("rounds")).Returns(queue.Object);
        deadLetters.Setup(r => r.DisposeAsync()).Returns(ValueTask.CompletedTask);
        queue.Setup(s => s.DisposeAsync()).Returns(ValueTask.CompletedTask);
        deadLetters.Setup(r => r.CompleteMessageAsync(It.IsAny<ServiceBusReceivedMessage>(), It.IsAny<CancellationToken>()))
            .Callback<ServiceBusReceivedMessage, CancellationToken>((m, _) => completed.Add(m.MessageId)).Returns(Task.CompletedTask);
        deadLetters.Setup(r => r.AbandonMessageAsync(It.IsAny<ServiceBusReceivedMessage>(), It.IsAny<IDictionary<string, object>>(), It.IsAny<CancellationToken>()))
            .Callback<ServiceBusReceivedMessage, IDictionary<string, object>, CancellationToken>((m, _, _) => abandoned.Add(m.MessageId)).Returns(Task.CompletedTask);
        queue.Setup(s => s.SendMessageAsync(It.IsAny<ServiceBusMessage>(), It.IsAny<CancellationToken>()))
            .Callback<ServiceBusMessage, CancellationToken>((m, _) => sent.Add(m)).Returns(Task.CompletedTask);
    }

    private RoundsDeadLetters Subject() =>
        new(new RoundsServiceBus(client.Object), Options.Create(new RoundsOptions()), NullLogger<RoundsDeadLetters>.Instance);

    private static ServiceBusReceivedMessage DeadLettered(string id, string reason = "MaxDeliveryCountExceeded") =>
        ServiceBusModelFactory.ServiceBusReceivedMessage(
            body: BinaryData.FromString($$"""{"roundId":"{{id}}"}"""), messageId: id, sequenceNumber: id.GetHashCode() & 0xFFFF, deliveryCount: 10,
            lockTokenGuid: Guid.NewGuid(), lockedUntil: DateTimeOffset.UtcNow.AddMinutes(1),
            properties: new Dictionary<string, object> { ["DeadLetterReason"] = reason, ["DeadLetterErrorDescription"] = "delivery count 10 reached" });

    private void DeadLetterQueueHolds(params ServiceBusReceivedMessage[][] batches)
    {
        var receives = deadLetters.SetupSequence(r => r.ReceiveMessagesAsync(It.IsAny<int>(), It.IsAny<TimeSpan?>(), It.IsAny<CancellationToken>()));
        foreach (var batch in batches)
        {
            receives = receives.ReturnsAsync(batch);
        }

        receives.ReturnsAsync([]);
    }

    [Fact]
    public async Task Listing_peeks_without_taking_and_shows_service_bus_reason()
    {
        deadLetters.Setup(r => r.PeekMessagesAsync(50, null, It.IsAny<CancellationToken>())).ReturnsAsync([DeadLettered("m-1"), DeadLettered("m-2", "poison")]);

        var listed = await Subject().ListAsync(50, TestContext.Current.CancellationToken);

        Assert.Equal([("m-1", "MaxDeliveryCountExceeded", 10), ("m-2", "poison", 10)], listed.Select(m => (m.MessageId, m.Reason!, m.DeliveryCount)));
        Assert.All(listed, m => Assert.Equal("delivery count 10 reached", m.ErrorDescription));
        Assert.Empty(completed);
        Assert.Empty(sent);
    }

    [Fact]
    public async Task Replay_sends_each_message_back_before_completing_it_and_stops_at_max()
    {
        DeadLetterQueueHolds([DeadLettered("m-1"), DeadLettered("m-2")], [DeadLettered("m-3")], [DeadLettered("m-4")]);

        var replay = await Subject().ReplayAsync(3, TestContext.Current.CancellationToken);

        Assert.Equal((3, null), (replay.Moved, replay.StoppedBecause));
        Assert.Equal(["m-1", "m-2", "m-3"], replay.MessageIds);
        Assert.Equal(["m-1", "m-2", "m-3"], sent.Select(m => m.MessageId));
        Assert.Equal(["m-1", "m-2", "m-3"], completed);
        Assert.All(sent, m => Assert.Equal("MaxDeliveryCountExceeded", m.ApplicationProperties["replayedFromDeadLetter"]));
        Assert.Equal("""{"roundId":"m-1"}""", sent[0].Body.ToString());
        deadLetters.Verify(r => r.ReceiveMessagesAsync(It.Is<int>(n => n <= 3), It.IsAny<TimeSpan?>(), It.IsAny<CancellationToken>()), Times.Exactly(2));
    }

    [Fact]
    public async Task A_failed_send_leaves_that_message_and_the_rest_of_its_batch_dead_lettered()
    {
        DeadLetterQueueHolds([DeadLettered("m-1"), DeadLettered("m-2"), DeadLettered("m-3")]);
        queue.Setup(s => s.SendMessageAsync(It.Is<ServiceBusMessage>(m => m.MessageId == "m-2"), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new ServiceBusException("quota", ServiceBusFailureReason.QuotaExceeded));

        var replay = await Subject().ReplayAsync(100, TestContext.Current.CancellationToken);

        Assert.Equal(["m-1"], replay.MessageIds);
        Assert.Contains("m-2", replay.StoppedBecause, StringComparison.Ordinal);
        Assert.Equal(["m-1"], completed);
        Assert.Equal(["m-2", "m-3"], abandoned);
    }

    [Fact]
    public async Task Replay_of_an_empty_dead_letter_queue_moves_nothing()
    {
        DeadLetterQueueHolds();

        var replay = await Subject().ReplayAsync(100, TestContext.Current.CancellationToken);

        Assert.Equal((0, null), (replay.Moved, replay.StoppedBecause));
        Assert.Empty(sent);
    }
}
