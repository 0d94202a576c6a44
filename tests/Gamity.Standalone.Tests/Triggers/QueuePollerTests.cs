using System.Collections.Concurrent;
using Gamity.Integration.Scheduling;
using Gamity.Standalone;
using Gamity.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gamity.Standalone.Tests.Triggers;

public class QueuePollerTests(Azurite azurite)
{
    [Fact]
    public async Task Messages_are_handled_once_and_deleted()
    {
        var storage = TestStorage.Clients(azurite.NewAccount());
        var ct = TestContext.Current.CancellationToken;
        var seen = new ConcurrentBag<QueueMessageText>();
        var poller = new QueuePoller(storage, "work", new QueuePollerOptions(), (m, _) => { seen.Add(m); return Task.CompletedTask; }, TimeProvider.System, NullLogger.Instance);
        var queue = storage.Queues.GetQueueClient("work");
        await queue.CreateIfNotExistsAsync(cancellationToken: ct);
        for (var i = 0; i < 20; i++)
        {
            await queue.SendMessageAsync($$"""{"n":{{i}}}""", ct);
        }

        while (await poller.PollOnceAsync(ct) > 0)
        {
        }

        Assert.Equal(Enumerable.Range(0, 20).Select(i => $$"""{"n":{{i}}}""").Order(), seen.Select(m => m.Body).Order());
        Assert.All(seen, m => Assert.Equal(1, m.DequeueCount));
        Assert.Equal(0, (await queue.GetPropertiesAsync(ct)).Value.ApproximateMessagesCount);
    }

    [Fact]
    public async Task A_failing_message_is_retried_then_moved_to_poison_after_max_dequeue_count()
    {
        var storage = TestStorage.Clients(azurite.NewAccount());
        var ct = TestContext.Current.CancellationToken;
        var attempts = new ConcurrentBag<long>();
        var options = new QueuePollerOptions { MaxDequeueCount = 3, RetryDelay = TimeSpan.Zero };
        var poller = new QueuePoller(storage, "work", options, (m, _) =>
        {
            attempts.Add(m.DequeueCount);
            return m.Body == "bad" ? Task.FromException(new InvalidOperationException("boom")) : Task.CompletedTask;
        }, TimeProvider.System, NullLogger.Instance);
        var queue = storage.Queues.GetQueueClient("work");
        await queue.CreateIfNotExistsAsync(cancellationToken: ct);
        await queue.SendMessageAsync("bad", ct);
        await queue.SendMessageAsync("good", ct);

        for (var i = 0; i < 20 && attempts.Count < 4; i++)
        {
            await poller.PollOnceAsync(ct);
        }

        Assert.Equal([1L, 1L, 2L, 3L], attempts.Order());
        var poison = storage.Queues.GetQueueClient("work-poison");
        var poisoned = (await poison.ReceiveMessagesAsync(10, cancellationToken: ct)).Value;
        Assert.Equal("bad", Assert.Single(poisoned).Body.ToString());
        Assert.Equal(0, (await queue.GetPropertiesAsync(ct)).Value.ApproximateMessagesCount);
    }

    [Fact]
    public async Task A_message_that_is_not_base64_is_poisoned_at_once_and_never_holds_back_the_others()
    {
        var storage = TestStorage.Clients(azurite.NewAccount());
        var ct = TestContext.Current.CancellationToken;
        var seen = new ConcurrentBag<string>();
        var poller = new QueuePoller(storage, "work", new QueuePollerOptions { BatchSize = 8 }, (m, _) =>
        {
            seen.Add(m.Body);
            return Task.CompletedTask;
        }, TimeProvider.System, NullLogger.Instance);
        var queue = storage.Queues.GetQueueClient("work");
        var raw = storage.RawQueues.GetQueueClient("work");
        await queue.CreateIfNotExistsAsync(cancellationToken: ct);
        for (var i = 0; i < 30; i++)
        {
            await (i == 10 ? raw.SendMessageAsync("%%% not base64 %%%", ct) : queue.SendMessageAsync($"good-{i}", ct));
        }

        for (var polls = 0; polls < 20 && await poller.PollOnceAsync(ct) > 0; polls++)
        {
        }

        Assert.Equal(Enumerable.Range(0, 30).Where(i => i != 10).Select(i => $"good-{i}").Order(), seen.Order());
        var poisoned = (await storage.RawQueues.GetQueueClient("work-poison").ReceiveMessagesAsync(10, cancellationToken: ct)).Value;
        Assert.Equal("%%% not base64 %%%", Assert.Single(poisoned).Body.ToString());
        Assert.Equal(0, (await queue.GetPropertiesAsync(ct)).Value.ApproximateMessagesCount);
    }
}
