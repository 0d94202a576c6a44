using Gamity.Integration.Rounds;
using Gamity.Integration.Scheduling;
using Microsoft.Extensions.Options;

namespace Gamity.Functions.Rounds;

public sealed class RoundsFunctions(RoundsPipeline pipeline, IOptions<RoundsOptions> options)
{
    [Function("ReceiveRounds")]
    public Task<IResult> ReceiveAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = RoundsEndpoints.Route)] HttpRequest request, CancellationToken cancellationToken) =>
        Http.Result(RoundsEndpoints.ReceiveAsync(request.HttpContext, pipeline, options, cancellationToken));

    /// <summary>The host decodes the message (base64) and moves one it cannot decode, or that failed <c>maxDequeueCount</c> times, to <c>-poison</c>.</summary>
    [Function(nameof(ForwardQueuedRounds))]
    public Task ForwardQueuedRounds(
        [QueueTrigger("%Rounds:QueueName%", Connection = "AzureWebJobsStorage")] string message, string id, long dequeueCount, DateTimeOffset? insertionTime,
        FunctionContext context, CancellationToken cancellationToken) =>
        RoundsRegistration.ForwardQueuedRounds.RunAsync(context.InstanceServices, new QueueMessageText(message, id, dequeueCount, insertionTime), cancellationToken);
}
