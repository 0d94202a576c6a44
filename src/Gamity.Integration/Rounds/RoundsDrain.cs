using Azure.Core;
using Azure.Identity;
using Azure.Messaging.ServiceBus;
using Gamity.Integration.Defaults;
using Microsoft.Extensions.Options;

namespace Gamity.Integration.Rounds;

/// <summary>
/// Where the casino drops rounds on Service Bus: the connection the Functions host would call <c>ServiceBus</c> —
/// identity-based (<c>ServiceBus__fullyQualifiedNamespace</c>, <c>ServiceBus__clientId</c> for a user-assigned
/// identity) or a connection string (<c>ServiceBus</c>) — and how the drain reads it.
/// </summary>
public sealed class RoundsDrainOptions
{
    public const string ConnectionSection = "ServiceBus";

    /// <summary>Messages asked for per receive (a batch through the pipeline).</summary>
    public int BatchSize { get; set; } = 100;

    /// <summary>Messages the receiver fetches ahead (peek-lock: their locks run while they wait).</summary>
    public int Prefetch { get; set; } = 100;

    /// <summary>How long one invocation may drain; the next timer occurrence picks up what is left.</summary>
    public TimeSpan Budget { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a receive waits for a first message: an empty queue ends the invocation after this.</summary>
    public TimeSpan ReceiveWait { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>A lock closer than this to its end is renewed while its batch is in flight.</summary>
    public TimeSpan RenewWithin { get; set; } = TimeSpan.FromSeconds(20);

    public static IEnumerable<string> Validate(RoundsDrainOptions o)
    {
        string Setting(string key) => ValidatedOptions.Setting("Rounds:Drain", key);
        if (o.BatchSize is < 1 or > 1_000 || o.Prefetch is < 0 or > 5_000)
        {
            yield return $"{Setting(nameof(BatchSize))} must be 1–1000 and {Setting(nameof(Prefetch))} 0–5000.";
        }

        if (o.Budget < TimeSpan.FromSeconds(1) || o.Budget > TimeSpan.FromMinutes(9) || o.ReceiveWait <= TimeSpan.Zero || o.RenewWithin <= TimeSpan.Zero)
        {
            yield return $"{Setting(nameof(Budget))} must be 00:00:01–00:09:00 (below the function timeout) and {Setting(nameof(ReceiveWait))}, {Setting(nameof(RenewWithin))} positive.";
        }
    }
}

/// <summary>The Service Bus client of the rounds queue, or none when no <c>ServiceBus</c> connection is configured.</summary>
public sealed class RoundsServiceBus(ServiceBusClient? client) : IAsyncDisposable
{
    public ServiceBusClient? Client => client;

    /// <summary>
    /// A test seam, like <c>Testing__CrashAt</c>: <c>Testing__ServiceBusClient</c> names a <see cref="ServiceBusClient"/>
    /// subclass (with a constructor taking <see cref="IConfiguration"/>) in the assembly at
    /// <c>Testing__ServiceBusClientAssembly</c>. The host emulator's tests use it to run the real worker's drain against a
    /// fake receiver, since no Service Bus runs on our machines (docs/adr/0016-functions-host-emulator.md). Never set in Azure.
    /// </summary>
    public const string TestClientSetting = "Testing:ServiceBusClient";

    public const string TestClientAssemblySetting = "Testing:ServiceBusClientAssembly";

    public static RoundsServiceBus FromConfiguration(IConfiguration configuration)
    {
        if (configuration[TestClientSetting] is { Length: > 0 } testClient)
        {
            var type = System.Reflection.Assembly.LoadFrom(configuration[TestClientAssemblySetting] ?? string.Empty).GetType(testClient, throwOnError: true)!;
            return new RoundsServiceBus((ServiceBusClient)Activator.CreateInstance(type, configuration)!);
        }

        var section = configuration.GetSection(RoundsDrainOptions.ConnectionSection);
        if (section.Value is { Length: > 0 } connectionString)
        {
            return new RoundsServiceBus(new ServiceBusClient(connectionString));
        }

        if (section["fullyQualifiedNamespace"] is not { Length: > 0 } fullyQualifiedNamespace)
        {
            return new RoundsServiceBus(null);
        }

        TokenCredential credential = section["clientId"] is { Length: > 0 } clientId
            ? new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId))
            : new DefaultAzureCredential();
        return new RoundsServiceBus(new ServiceBusClient(fullyQualifiedNamespace, credential));
    }

    public ValueTask DisposeAsync() => client?.DisposeAsync() ?? ValueTask.CompletedTask;
}

/// <summary>
/// <c>ForwardRounds</c>: one timer invocation drains the Service Bus rounds queue, batch by batch, until it is empty
/// or the budget ends (docs/adr/0011). Peek-lock throughout: a message is completed only once every one of its rounds
/// was delivered to Gamity, filtered out or recorded as invalid; otherwise it is abandoned, so Service Bus delivers it
/// again (and dead-letters it after the queue's <c>MaxDeliveryCount</c>). Locks are renewed while a batch is in
/// flight; a stop abandons what is in flight. Resending is safe: Gamity de-duplicates on <c>roundId</c>.
/// </summary>
public sealed class RoundsDrain(
    RoundsServiceBus serviceBus,
    RoundsPipeline pipeline,
    IOptions<RoundsOptions> rounds,
    IOptions<RoundsDrainOptions> options,
    RoundsMetrics metrics,
    TimeProvider time,
    ILogger<RoundsDrain> logger)
{
    private static int notConfiguredLogged;

    public async Task<DrainOutcome> RunAsync(CancellationToken cancellationToken)
    {
        if (serviceBus.Client is not { } client)
        {
            if (Interlocked.Exchange(ref notConfiguredLogged, 1) == 0)
            {
                logger.LogInformation("ForwardRounds: no Service Bus connection (ServiceBus__fullyQualifiedNamespace or ServiceBus) is configured; nothing to drain");
            }

            return DrainOutcome.Empty;
        }

        var settings = options.Value;
        await using var receiver = client.CreateReceiver(rounds.Value.QueueName, new ServiceBusReceiverOptions
        {
            ReceiveMode = ServiceBusReceiveMode.PeekLock,
            PrefetchCount = settings.Prefetch,
        });
        var deadline = time.GetUtcNow() + settings.Budget;
        var total = DrainOutcome.Empty;
        while (time.GetUtcNow() < deadline && !cancellationToken.IsCancellationRequested)
        {
            var messages = await receiver.ReceiveMessagesAsync(settings.BatchSize, settings.ReceiveWait, cancellationToken);
            if (messages.Count == 0)
            {
                break; // the queue is empty: end the invocation, the next occurrence looks again
            }

            var receivedAt = time.GetUtcNow();
            foreach (var message in messages)
            {
                metrics.DrainMessageAge(receivedAt - message.EnqueuedTime);
            }

            total += await SettleBatchAsync(receiver, messages, cancellationToken);
        }

        if (total.Messages > 0)
        {
            logger.LogInformation("ForwardRounds: {Outcome}", total);
        }

        return total;
    }

    private async Task<DrainOutcome> SettleBatchAsync(ServiceBusReceiver receiver, IReadOnlyList<ServiceBusReceivedMessage> messages, CancellationToken cancellationToken)
    {
        using var renewal = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var renewing = RenewLocksAsync(receiver, messages, renewal.Token);
        BatchOutcome batch;
        try
        {
            batch = await pipeline.ProcessBatchAsync([.. messages.Select(m => new RoundMessage(m.Body.ToMemory(), m.MessageId))], cancellationToken);
        }
        catch (Exception exception)
        {
            // A stop, or storage or the pipeline failing: nothing of this batch is settled as done.
            if (exception is not OperationCanceledException)
            {
                logger.LogWarning(exception, "ForwardRounds: a batch of {Count} message(s) failed; every message is abandoned and delivered again", messages.Count);
            }

            await renewal.CancelAsync();
            await renewing;
            await SettleAsync(messages, _ => false, receiver);
            if (exception is OperationCanceledException && cancellationToken.IsCancellationRequested)
            {
                return new DrainOutcome(messages.Count, 0, messages.Count, 0);
            }

            throw;
        }

        await renewal.CancelAsync();
        await renewing;
        var completed = await SettleAsync(messages, index => !batch.Undelivered.Contains(index), receiver);
        if (batch.Failure is not null)
        {
            logger.LogWarning("ForwardRounds: {Failure}", batch.Failure);
        }

        return new DrainOutcome(messages.Count, completed, messages.Count - completed, batch.Outcome.Forwarded);
    }

    /// <summary>Completes the messages <paramref name="done"/> says are done and abandons the others; returns how many were completed.</summary>
    private async Task<int> SettleAsync(IReadOnlyList<ServiceBusReceivedMessage> messages, Func<int, bool> done, ServiceBusReceiver receiver)
    {
        var completed = 0;
        for (var index = 0; index < messages.Count; index++)
        {
            var message = messages[index];
            try
            {
                // Settled even during a stop (CancellationToken.None): a message left locked waits out its lock.
                if (done(index))
                {
                    await receiver.CompleteMessageAsync(message, CancellationToken.None);
                    completed++;
                }
                else
                {
                    await receiver.AbandonMessageAsync(message, cancellationToken: CancellationToken.None);
                }
            }
            catch (ServiceBusException exception) when (exception.Reason is ServiceBusFailureReason.MessageLockLost or ServiceBusFailureReason.ServiceCommunicationProblem or ServiceBusFailureReason.ServiceTimeout)
            {
                // The message comes back after its lock; its rounds reach Gamity again, which de-duplicates them.
                logger.LogWarning("ForwardRounds: message {MessageId} could not be settled ({Reason}); it will be delivered again", message.MessageId, exception.Reason);
            }
        }

        return completed;
    }

    /// <summary>Renews each lock that comes within <see cref="RoundsDrainOptions.RenewWithin"/> of its end, until the batch is settled.</summary>
    private async Task RenewLocksAsync(ServiceBusReceiver receiver, IReadOnlyList<ServiceBusReceivedMessage> messages, CancellationToken stop)
    {
        var within = options.Value.RenewWithin;
        var lockedUntil = messages.Select(m => m.LockedUntil).ToArray();
        try
        {
            while (true)
            {
                // At most one pass a second, whatever the locks' duration.
                var wait = lockedUntil.Min() - within - time.GetUtcNow();
                await Task.Delay(wait > TimeSpan.FromSeconds(1) ? wait : TimeSpan.FromSeconds(1), time, stop);

                for (var i = 0; i < messages.Count; i++)
                {
                    if (lockedUntil[i] - time.GetUtcNow() <= within)
                    {
                        await receiver.RenewMessageLockAsync(messages[i], stop); // updates the message's LockedUntil
                        lockedUntil[i] = messages[i].LockedUntil > lockedUntil[i] ? messages[i].LockedUntil : time.GetUtcNow() + within;
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        catch (ServiceBusException exception)
        {
            logger.LogWarning("ForwardRounds: renewing a lock failed ({Reason}); the batch goes on, an expired message is delivered again", exception.Reason);
        }
    }
}

/// <summary>What one drain invocation did.</summary>
public sealed record DrainOutcome(int Messages, int Completed, int Abandoned, int RoundsForwarded)
{
    public static readonly DrainOutcome Empty = new(0, 0, 0, 0);

    public static DrainOutcome operator +(DrainOutcome a, DrainOutcome b) =>
        new(a.Messages + b.Messages, a.Completed + b.Completed, a.Abandoned + b.Abandoned, a.RoundsForwarded + b.RoundsForwarded);
}
