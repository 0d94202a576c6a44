using Gamity.Integration.Access;
using Gamity.Integration.Rounds;
using Gamity.Integration.Scheduling;
using Microsoft.Extensions.Options;

namespace Gamity.Functions.Rounds;

public sealed class RoundsFunctions(RoundsPipeline pipeline, IOptions<RoundsOptions> options, OperatorGate gate, RoundsDeadLetters deadLetters)
{
    [Function("ReceiveRounds")]
    public Task<IResult> ReceiveAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = RoundsEndpoints.Route)] HttpRequest request, CancellationToken cancellationToken) =>
        Http.Result(RoundsEndpoints.ReceiveAsync(request.HttpContext, pipeline, options, cancellationToken));

    [Function("ListDeadLetteredRounds")]
    public Task<IResult> ListDeadLettersAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = RoundsEndpoints.DeadLettersRoute)] HttpRequest request, CancellationToken cancellationToken) =>
        Http.Result(RoundsEndpoints.ListDeadLettersAsync(request, gate, deadLetters, cancellationToken));

    [Function("ReplayDeadLetteredRounds")]
    public Task<IResult> ReplayDeadLettersAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = RoundsEndpoints.ReplayDeadLettersRoute)] HttpRequest request, CancellationToken cancellationToken) =>
        Http.Result(RoundsEndpoints.ReplayDeadLettersAsync(request, gate, deadLetters, cancellationToken));

    /// <summary>The host decodes the message (base64) and moves one it cannot decode, or that failed <c>maxDequeueCount</c> times, to <c>-poison</c>.</summary>
    [Function(nameof(ForwardQueuedRounds))]
    public Task ForwardQueuedRounds(
        [QueueTrigger("%Rounds:QueueName%", Connection = "AzureWebJobsStorage")] string message, string id, long dequeueCount, DateTimeOffset? insertionTime,
        FunctionContext context, CancellationToken cancellationToken) =>
        RoundsRegistration.ForwardQueuedRounds.RunAsync(context.InstanceServices, new QueueMessageText(message, id, dequeueCount, insertionTime), cancellationToken);
}
