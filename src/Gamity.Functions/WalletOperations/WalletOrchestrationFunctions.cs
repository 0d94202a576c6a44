using Gamity.Integration.WalletOperations;
using Microsoft.DurableTask;

namespace Gamity.Functions.WalletOperations;

/// <summary>
/// The wallet orchestrations and activities (Gamity.Integration, docs/adr/0012-durable-wallet-workflow.md) as functions:
/// short adapters over the class-based ones, since the Durable source generator is not used here.
/// </summary>
public static class WalletOrchestrationFunctions
{
    [Function(nameof(RetryPayout))]
    public static Task<OperationState> RetryPayout([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new RetryPayout().RunAsync(context, context.GetInput<WalletRetryInput>()!);

    [Function(nameof(ResolveDebit))]
    public static Task<OperationState> ResolveDebit([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new ResolveDebit().RunAsync(context, context.GetInput<WalletRetryInput>()!);

    [Function(nameof(AttemptWalletOperation))]
    public static Task<AttemptReport> AttemptWalletOperation([ActivityTrigger] WalletStep step, FunctionContext context) =>
        Run<AttemptWalletOperation>(context, step);

    [Function(nameof(LookUpUnknownDebit))]
    public static Task<AttemptReport> LookUpUnknownDebit([ActivityTrigger] WalletStep step, FunctionContext context) =>
        Run<LookUpUnknownDebit>(context, step);

    [Function(nameof(RollBackDebit))]
    public static Task<AttemptReport> RollBackDebit([ActivityTrigger] WalletStep step, FunctionContext context) =>
        Run<RollBackDebit>(context, step);

    [Function(nameof(GiveUpWalletOperation))]
    public static Task<AttemptReport> GiveUpWalletOperation([ActivityTrigger] WalletStep step, FunctionContext context) =>
        Run<GiveUpWalletOperation>(context, step);

    private static Task<AttemptReport> Run<TActivity>(FunctionContext context, WalletStep step)
        where TActivity : TaskActivity<WalletStep, AttemptReport> =>
        context.InstanceServices.GetRequiredService<TActivity>().RunAsync(new FunctionActivityContext(typeof(TActivity).Name, context.InvocationId), step);

    /// <summary>What the class-based activity sees of its invocation; none of ours reads it.</summary>
    private sealed class FunctionActivityContext(string name, string instanceId) : TaskActivityContext
    {
        public override TaskName Name => name;

        public override string InstanceId => instanceId;
    }
}
