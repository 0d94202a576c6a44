using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.Configuration;

namespace Gamity.Functions.HostEmulator;

/// <summary>
/// The one part of the worker the drain test replaces: a Service Bus client, loaded into the worker process through
/// <c>Testing__ServiceBusClient</c> (ADR 0016). Its receiver hands out the messages of <c>messages.json</c> in the folder
/// <c>Testing__ServiceBusFolder</c> (<c>[{"messageId", "body"}]</c>) and appends each settlement to <c>settled.txt</c>
/// (<c>complete {id}</c> / <c>abandon {id}</c>), so the test reads what the real drain did.
/// </summary>
public sealed class FolderServiceBusClient(IConfiguration configuration) : ServiceBusClient
{
    public const string FolderSetting = "Testing:ServiceBusFolder";

    private readonly string folder = configuration[FolderSetting] ?? throw new InvalidOperationException($"{FolderSetting} is not set");

    public static void WriteMessages(string folder, IEnumerable<(string MessageId, string Body)> messages) =>
        File.WriteAllText(Path.Combine(folder, "messages.json"), new JsonArray([.. messages.Select(m => (JsonNode)new JsonObject { ["messageId"] = m.MessageId, ["body"] = m.Body })]).ToJsonString());

    public static IReadOnlyList<string> Settlements(string folder)
    {
        var path = Path.Combine(folder, "settled.txt");
        return File.Exists(path) ? File.ReadAllLines(path) : [];
    }

    public override ServiceBusReceiver CreateReceiver(string queueName, ServiceBusReceiverOptions options) => new FolderReceiver(folder);

    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private sealed class FolderReceiver(string folder) : ServiceBusReceiver
    {
        private readonly Lock sync = new();
        private Queue<ServiceBusReceivedMessage>? pending;

        public override Task<IReadOnlyList<ServiceBusReceivedMessage>> ReceiveMessagesAsync(int maxMessages, TimeSpan? maxWaitTime = null, CancellationToken cancellationToken = default)
        {
            lock (sync)
            {
                pending ??= new Queue<ServiceBusReceivedMessage>(JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "messages.json")))!.AsArray().Select(m =>
                    ServiceBusModelFactory.ServiceBusReceivedMessage(
                        body: BinaryData.FromString((string)m!["body"]!), messageId: (string)m["messageId"]!, lockTokenGuid: Guid.NewGuid(),
                        lockedUntil: DateTimeOffset.UtcNow.AddMinutes(1), deliveryCount: 1, enqueuedTime: DateTimeOffset.UtcNow)));
                var batch = new List<ServiceBusReceivedMessage>();
                while (batch.Count < maxMessages && pending.TryDequeue(out var message))
                {
                    batch.Add(message);
                }

                return Task.FromResult<IReadOnlyList<ServiceBusReceivedMessage>>(batch);
            }
        }

        public override Task CompleteMessageAsync(ServiceBusReceivedMessage message, CancellationToken cancellationToken = default) => SettleAsync("complete", message);

        public override Task AbandonMessageAsync(ServiceBusReceivedMessage message, IDictionary<string, object>? propertiesToModify = null, CancellationToken cancellationToken = default) =>
            SettleAsync("abandon", message);

        public override Task RenewMessageLockAsync(ServiceBusReceivedMessage message, CancellationToken cancellationToken = default) => Task.CompletedTask;

        public override ValueTask DisposeAsync() => ValueTask.CompletedTask;

        public override Task CloseAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

        private Task SettleAsync(string settlement, ServiceBusReceivedMessage message)
        {
            lock (sync)
            {
                File.AppendAllLines(Path.Combine(folder, "settled.txt"), [$"{settlement} {message.MessageId}"]);
            }

            return Task.CompletedTask;
        }
    }
}
