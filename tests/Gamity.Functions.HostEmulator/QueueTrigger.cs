using System.Text;
using Azure.Storage.Queues;
using Gamity.Functions.HostEmulator.Rpc;

namespace Gamity.Functions.HostEmulator;

/// <summary>
/// What the host's Storage Queues extension does for a queue-triggered function, one pass at a time: receive, decode
/// (base64, the default <c>messageEncoding</c>), invoke, delete on success; on failure the message becomes visible
/// again, and one that failed <c>maxDequeueCount</c> times (host.json) — or cannot be decoded — moves to <c>{queue}-poison</c>.
/// </summary>
public sealed class QueueTrigger(FunctionsHostEmulator host, QueueServiceClient queues, string functionName, string queueName, int maxDequeueCount)
{
    /// <summary>Reads <c>extensions.queues.maxDequeueCount</c> from the Function App's host.json (the extension's default is 5).</summary>
    public static int MaxDequeueCount(string workerDirectory) =>
        FunctionsHostEmulator.HostJson(workerDirectory)["extensions"]?["queues"]?["maxDequeueCount"]?.GetValue<int>() ?? 5;

    /// <summary>Processes what is visible now; returns the invocations made.</summary>
    public async Task<IReadOnlyList<InvocationResponse>> RunOnceAsync(CancellationToken cancellationToken)
    {
        var queue = queues.GetQueueClient(queueName);
        var poison = queues.GetQueueClient(queueName + "-poison");
        var results = new List<InvocationResponse>();
        foreach (var message in (await queue.ReceiveMessagesAsync(maxMessages: 32, visibilityTimeout: TimeSpan.FromMinutes(5), cancellationToken)).Value)
        {
            string text;
            try
            {
                text = Encoding.UTF8.GetString(Convert.FromBase64String(message.MessageText));
            }
            catch (FormatException)
            {
                await MoveToPoisonAsync(queue, poison, message, cancellationToken);
                continue;
            }

            var (data, metadata) = TriggerPayloads.QueueMessage(text, message.MessageId, message.DequeueCount, message.InsertedOn, message.ExpiresOn, message.NextVisibleOn, message.PopReceipt);
            var result = await host.InvokeAsync(host.Function(functionName), data, metadata);
            results.Add(result);
            if (result.Result.Status == StatusResult.Types.Status.Success)
            {
                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
            }
            else if (message.DequeueCount >= maxDequeueCount)
            {
                await MoveToPoisonAsync(queue, poison, message, cancellationToken);
            }
            else
            {
                await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: TimeSpan.Zero, cancellationToken: cancellationToken);
            }
        }

        return results;
    }

    private static async Task MoveToPoisonAsync(QueueClient queue, QueueClient poison, Azure.Storage.Queues.Models.QueueMessage message, CancellationToken cancellationToken)
    {
        await poison.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await poison.SendMessageAsync(message.MessageText, cancellationToken);
        await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
    }
}
