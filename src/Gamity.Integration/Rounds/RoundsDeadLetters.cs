using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.Options;

namespace Gamity.Integration.Rounds;

/// <summary>One dead-lettered round message, as an operator sees it before replaying it.</summary>
public sealed record DeadLetteredMessage(
    string MessageId, long SequenceNumber, DateTimeOffset EnqueuedAt, int DeliveryCount, string? Reason, string? ErrorDescription, int BodyBytes);

/// <summary>What a replay moved back to the rounds queue, and why it stopped.</summary>
public sealed record DeadLetterReplay(int Moved, IReadOnlyList<string> MessageIds, string? StoppedBecause);

/// <summary>
/// The rounds queue's dead-letter sub-queue, for operators: list what is there with Service Bus's reason, and move
/// messages back to the queue. A message is sent to the queue first and completed in the dead-letter queue after, so a
/// failure between the two sends it twice, never loses it; Gamity takes a round it already has without complaint
/// (assumption R2), so a duplicate is harmless.
/// </summary>
public sealed class RoundsDeadLetters(RoundsServiceBus serviceBus, IOptions<RoundsOptions> rounds, ILogger<RoundsDeadLetters> logger)
{
    public const int MaxPerCall = 500;

    /// <summary>False when no Service Bus connection is configured (there is no dead-letter queue to read).</summary>
    public bool IsConfigured => serviceBus.Client is not null;

    public async Task<IReadOnlyList<DeadLetteredMessage>> ListAsync(int max, CancellationToken cancellationToken)
    {
        await using var receiver = DeadLetterReceiver();
        var peeked = await receiver.PeekMessagesAsync(max, cancellationToken: cancellationToken);
        return [.. peeked.Select(m => new DeadLetteredMessage(
            m.MessageId, m.SequenceNumber, m.EnqueuedTime, m.DeliveryCount, m.DeadLetterReason, m.DeadLetterErrorDescription, m.Body.ToMemory().Length))];
    }

    public async Task<DeadLetterReplay> ReplayAsync(int max, CancellationToken cancellationToken)
    {
        await using var receiver = DeadLetterReceiver();
        await using var sender = serviceBus.Client!.CreateSender(rounds.Value.QueueName);
        var moved = new List<string>();
        while (moved.Count < max)
        {
            var batch = await receiver.ReceiveMessagesAsync(Math.Min(max - moved.Count, 100), TimeSpan.FromSeconds(1), cancellationToken);
            if (batch.Count == 0)
            {
                return Report(moved, stoppedBecause: null);
            }

            for (var i = 0; i < batch.Count; i++)
            {
                var message = batch[i];
                try
                {
                    var copy = new ServiceBusMessage(message);
                    copy.ApplicationProperties["replayedFromDeadLetter"] = message.DeadLetterReason ?? "unknown";
                    await sender.SendMessageAsync(copy, cancellationToken);
                }
                catch (ServiceBusException exception)
                {
                    // Stays where it is (with the rest of its batch): the next replay takes it again.
                    await AbandonAllAsync(receiver, batch.Skip(i));
                    logger.LogWarning(exception, "Replaying dead-lettered round message {MessageId} failed; {Moved} moved before it", message.MessageId, moved.Count);
                    return Report(moved, $"sending message {message.MessageId} to the queue failed: {exception.Reason}");
                }

                await receiver.CompleteMessageAsync(message, cancellationToken);
                moved.Add(message.MessageId);
            }
        }

        return Report(moved, stoppedBecause: null);
    }

    private DeadLetterReplay Report(List<string> moved, string? stoppedBecause)
    {
        logger.LogInformation("Moved {Count} dead-lettered round message(s) back to {Queue}", moved.Count, rounds.Value.QueueName);
        return new DeadLetterReplay(moved.Count, moved, stoppedBecause);
    }

    private static async Task AbandonAllAsync(ServiceBusReceiver receiver, IEnumerable<ServiceBusReceivedMessage> messages)
    {
        foreach (var message in messages)
        {
            await receiver.AbandonMessageAsync(message, cancellationToken: CancellationToken.None);
        }
    }

    private ServiceBusReceiver DeadLetterReceiver() =>
        (serviceBus.Client ?? throw new InvalidOperationException("No Service Bus connection is configured")).CreateReceiver(
            rounds.Value.QueueName, new ServiceBusReceiverOptions { SubQueue = SubQueue.DeadLetter, ReceiveMode = ServiceBusReceiveMode.PeekLock });
}
