using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Gamity.Integration.Scheduling;
using Gamity.Integration.Storage;

namespace Gamity.Standalone;

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

/// <summary>
/// The standalone stand-in for the host's queue trigger: receive, run, delete; retry with a delay; poison after N.
/// Messages are received as stored and decoded one by one: a message that is not base64 goes to
/// <c>{queue}-poison</c> at once, with the reason logged, and never reaches a handler or holds back the messages
/// behind it (the host's Storage Queues extension does the same).
/// </summary>
public sealed class QueuePoller
{
    private readonly string queueName;
    private readonly QueuePollerOptions options;
    private readonly Func<QueueMessageText, CancellationToken, Task> handler;
    private readonly TimeProvider time;
    private readonly ILogger logger;

    public QueuePoller(StorageClients storage, string queueName, QueuePollerOptions options, Func<QueueMessageText, CancellationToken, Task> handler, TimeProvider time, ILogger logger)
    {
        this.queueName = queueName;
        this.options = options;
        this.handler = handler;
        this.time = time;
        this.logger = logger;
        queue = storage.RawQueues.GetQueueClient(queueName);
        poison = storage.RawQueues.GetQueueClient(queueName + "-poison");
        createQueues = new(async ct =>
        {
            await queue.CreateIfNotExistsAsync(cancellationToken: ct);
            await poison.CreateIfNotExistsAsync(cancellationToken: ct);
        });
    }

    private static readonly TimeSpan MinPollingInterval = TimeSpan.FromMilliseconds(50);
    private readonly QueueClient queue;
    private readonly QueueClient poison;
    private readonly CreateOnce createQueues;

    public string QueueName => queueName;

    /// <summary>
    /// Keeps up to <see cref="QueuePollerOptions.BatchSize"/> messages in flight: a slow message (a wallet call
    /// waiting for its timeout) never holds back the others, as with the host's trigger.
    /// </summary>
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        await createQueues.EnsureAsync(stoppingToken);
        var running = new List<Task>();
        var idle = MinPollingInterval;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                running.RemoveAll(task => task.IsCompleted);
                var capacity = options.BatchSize - running.Count;
                if (capacity > 0)
                {
                    QueueMessage[] messages = await queue.ReceiveMessagesAsync(Math.Min(capacity, 32), options.VisibilityTimeout, stoppingToken);
                    if (messages.Length > 0)
                    {
                        idle = MinPollingInterval;
                        running.AddRange(messages.Select(m => ProcessAsync(m, stoppingToken)));
                        continue;
                    }
                }

                var pause = Task.Delay(idle, time, stoppingToken);
                await (running.Count == 0 ? pause : Task.WhenAny(Task.WhenAny(running), pause));
                idle = TimeSpan.FromTicks(Math.Min(idle.Ticks * 2, options.MaxPollingInterval.Ticks));
            }
        }
        finally
        {
            await Task.WhenAll(running).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>Receives one batch and processes it; returns how many messages were received.</summary>
    public async Task<int> PollOnceAsync(CancellationToken stoppingToken)
    {
        await createQueues.EnsureAsync(stoppingToken);
        QueueMessage[] messages = await queue.ReceiveMessagesAsync(options.BatchSize, options.VisibilityTimeout, stoppingToken);
        if (messages.Length == 0)
        {
            return 0;
        }

        await Parallel.ForEachAsync(
            messages,
            new ParallelOptions { MaxDegreeOfParallelism = options.BatchSize, CancellationToken = stoppingToken },
            async (message, ct) => await ProcessAsync(message, ct));

        return messages.Length;
    }

    private async Task ProcessAsync(QueueMessage message, CancellationToken stoppingToken)
    {
        if (TryDecode(message) is not { } body)
        {
            await PoisonUndecodableAsync(message, stoppingToken);
            return;
        }

        try
        {
            await handler(new QueueMessageText(body, message.MessageId, message.DequeueCount, message.InsertedOn), stoppingToken);
        }
        catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
        {
            logger.LogWarning(exception, "Message {MessageId} on {Queue} failed; it is retried in {Delay} or poisoned after {Max} deliveries", message.MessageId, queueName, options.RetryDelay, options.MaxDequeueCount);
            await RetryOrPoisonAsync(message, stoppingToken);
            return;
        }

        await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, stoppingToken);
    }

    /// <summary>The message text the host's queue trigger would see (base64 of UTF-8, its default encoding), or null.</summary>
    private static string? TryDecode(QueueMessage message)
    {
        var text = message.Body.ToString();
        var bytes = new byte[(text.Length * 3 / 4) + 3];
        return Convert.TryFromBase64String(text, bytes, out var written) ? System.Text.Encoding.UTF8.GetString(bytes, 0, written) : null;
    }

    private async Task PoisonUndecodableAsync(QueueMessage message, CancellationToken stoppingToken)
    {
        logger.LogError(
            "Message {MessageId} on {Queue} is not base64 (the queue's message encoding) and cannot be decoded; moved to {Poison} as it was, without running it",
            message.MessageId, queueName, poison.Name);
        await poison.SendMessageAsync(message.Body, cancellationToken: stoppingToken);
        await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, stoppingToken);
    }

    private async Task RetryOrPoisonAsync(QueueMessage message, CancellationToken stoppingToken)
    {
        if (message.DequeueCount >= options.MaxDequeueCount)
        {
            logger.LogError("Message {MessageId} on {Queue} failed {Count} times; moved to {Poison}", message.MessageId, queueName, message.DequeueCount, poison.Name);
            await poison.SendMessageAsync(message.Body, cancellationToken: stoppingToken);
            await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, stoppingToken);
        }
        else
        {
            await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: options.RetryDelay, cancellationToken: stoppingToken);
        }
    }
}

/// <summary>Runs one <see cref="QueuePoller"/> per <see cref="QueueJob"/>.</summary>
internal sealed class QueuePollerService(
    IEnumerable<QueueJob> jobs,
    IServiceProvider services,
    StorageClients storage,
    IServiceScopeFactory scopes,
    Microsoft.Extensions.Options.IOptions<QueuePollerOptions> options,
    TimeProvider time,
    ILoggerFactory loggers) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(jobs.Select(Poller).Select(poller => Task.Run(() => RunUntilStoppedAsync(poller, stoppingToken), stoppingToken)));

    private QueuePoller Poller(QueueJob job) =>
        new(storage, job.QueueName(services), options.Value, async (message, ct) =>
        {
            await using var scope = scopes.CreateAsyncScope();
            await job.RunAsync(scope.ServiceProvider, message, ct);
        }, time, loggers.CreateLogger("Gamity.Standalone.Queue." + job.Name));

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
