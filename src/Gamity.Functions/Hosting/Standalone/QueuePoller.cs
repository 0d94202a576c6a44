using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Gamity.Functions.Hosting.Invocation;

namespace Gamity.Functions.Hosting.Standalone;

/// <summary>
/// Settings shared by the standalone poller and host.json's <c>extensions.queues</c>, so a message is retried
/// and poisoned the same way in both modes (a test keeps them equal).
/// </summary>
public sealed class QueuePollerOptions
{
    public const string Section = "Standalone:Queues";

    public int BatchSize { get; set; } = 16;

    /// <summary>After this many failed deliveries the message moves to <c>{queue}-poison</c>.</summary>
    public int MaxDequeueCount { get; set; } = 5;

    /// <summary>How long a received message stays invisible while it is processed (a crashed worker's message reappears after it).</summary>
    public TimeSpan VisibilityTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a failed message waits before its next delivery (host.json <c>visibilityTimeout</c>).</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Longest wait between polls of an empty queue (host.json <c>maxPollingInterval</c>).</summary>
    public TimeSpan MaxPollingInterval { get; set; } = TimeSpan.FromSeconds(2);
}

/// <summary>The standalone stand-in for the host's queue trigger: receive, run, delete; retry with a delay; poison after N.</summary>
public sealed class QueuePoller(
    QueueServiceClient queues,
    string queueName,
    QueuePollerOptions options,
    Func<QueueMessageInfo, CancellationToken, Task> handler,
    TimeProvider time,
    ILogger logger)
{
    private static readonly TimeSpan MinPollingInterval = TimeSpan.FromMilliseconds(50);
    private readonly QueueClient queue = queues.GetQueueClient(queueName);
    private readonly QueueClient poison = queues.GetQueueClient(queueName + "-poison");
    private readonly Storage.CreateOnce createQueues = new(async ct =>
    {
        await queues.GetQueueClient(queueName).CreateIfNotExistsAsync(cancellationToken: ct);
        await queues.GetQueueClient(queueName + "-poison").CreateIfNotExistsAsync(cancellationToken: ct);
    });

    public string QueueName => queueName;

    public async Task RunAsync(CancellationToken stoppingToken)
    {
        var idle = MinPollingInterval;
        while (!stoppingToken.IsCancellationRequested)
        {
            if (await PollOnceAsync(stoppingToken) > 0)
            {
                idle = MinPollingInterval;
                continue;
            }

            await Task.Delay(idle, time, stoppingToken);
            idle = TimeSpan.FromTicks(Math.Min(idle.Ticks * 2, options.MaxPollingInterval.Ticks));
        }
    }

    /// <summary>Receives one batch and processes it; returns how many messages were received.</summary>
    public async Task<int> PollOnceAsync(CancellationToken stoppingToken)
    {
        await createQueues.EnsureAsync(stoppingToken);
        QueueMessage[] messages = await queue.ReceiveMessagesAsync(options.BatchSize, options.VisibilityTimeout, stoppingToken);
        await Parallel.ForEachAsync(
            messages,
            new ParallelOptions { MaxDegreeOfParallelism = options.BatchSize, CancellationToken = stoppingToken },
            async (message, ct) => await ProcessAsync(message, ct));
        return messages.Length;
    }

    private async Task ProcessAsync(QueueMessage message, CancellationToken stoppingToken)
    {
        var info = new QueueMessageInfo(message.Body.ToString(), message.MessageId, (int)message.DequeueCount, message.InsertedOn);
        try
        {
            await handler(info, stoppingToken);
            await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, stoppingToken);
        }
        catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
        {
            if (message.DequeueCount >= options.MaxDequeueCount)
            {
                logger.LogError(exception, "Message {MessageId} on {Queue} failed {Count} times; moved to {Poison}", message.MessageId, queueName, message.DequeueCount, poison.Name);
                await poison.SendMessageAsync(message.Body, cancellationToken: stoppingToken);
                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, stoppingToken);
            }
            else
            {
                logger.LogWarning(exception, "Message {MessageId} on {Queue} failed (delivery {Count}); retrying in {Delay}", message.MessageId, queueName, message.DequeueCount, options.RetryDelay);
                await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: options.RetryDelay, cancellationToken: stoppingToken);
            }
        }
    }
}

/// <summary>Runs one <see cref="QueuePoller"/> per <see cref="QueueFunction"/> in standalone mode.</summary>
internal sealed class QueuePollerService(
    IEnumerable<FunctionDefinition> functions,
    Storage.StorageClients storage,
    IServiceScopeFactory scopes,
    Microsoft.Extensions.Options.IOptions<QueuePollerOptions> options,
    TimeProvider time,
    ILoggerFactory loggers) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(functions.OfType<QueueFunction>().Select(function =>
        {
            var poller = new QueuePoller(storage.Queues, function.QueueName, options.Value, async (message, ct) =>
            {
                await using var scope = scopes.CreateAsyncScope();
                await function.Handler(scope.ServiceProvider, message, ct);
            }, time, loggers.CreateLogger("Gamity.Functions.Queue." + function.Name));
            return Task.Run(() => RunUntilStoppedAsync(poller, stoppingToken), stoppingToken);
        }));

    private async Task RunUntilStoppedAsync(QueuePoller poller, CancellationToken stoppingToken)
    {
        var logger = loggers.CreateLogger<QueuePollerService>();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await poller.RunAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                // Storage unreachable: keep the process alive and try again, as the host's listener does.
                logger.LogError(exception, "Polling {Queue} failed; retrying in 5 s", poller.QueueName);
                await Task.Delay(TimeSpan.FromSeconds(5), time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }
}
