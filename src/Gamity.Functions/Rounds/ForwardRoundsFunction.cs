using Gamity.Integration.Rounds;

namespace Gamity.Functions.Rounds;

/// <summary>
/// The Service Bus rounds queue, drained by a timer: the Service Bus trigger extension is not served to us. When it
/// is, this becomes <c>[ServiceBusTrigger("%Rounds:QueueName%", Connection = "ServiceBus", IsBatched = true)]</c>
/// over the same batch handler (docs/adr/0011).
/// </summary>
public static class ForwardRoundsFunction
{
    [Function("ForwardRounds")]
    public static Task ForwardRounds([TimerTrigger("%Schedules:ForwardRounds%")] TimerInfo timer, FunctionContext context, CancellationToken cancellationToken) =>
        RoundsRegistration.ForwardRounds.RunAsync(context.InstanceServices, timer.IsPastDue, cancellationToken);
}
