using Gamity.Integration.Access;
using Gamity.Integration.Input;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.DurableTask.Client;

namespace Gamity.Integration.WalletOperations;

/// <summary>What operators see of a payout or a debit, and the re-drive of a failed one. Refs in any letter case.</summary>
public static class OperatorViews
{
    public static async Task<Results<Ok<OperationView>, ValidationProblem, ProblemHttpResult>> GetAsync(
        HttpRequest request, string @ref, OperationKind kind, OperatorGate gate, WalletOperationStore store, DurableTaskClient orchestrations, CancellationToken cancellationToken)
    {
        if (Refuse(request, @ref, gate, out var canonical) is { } refused)
        {
            return refused;
        }

        if (await store.GetAsync(canonical, kind, cancellationToken) is not { } operation)
        {
            return Unknown(canonical, kind);
        }

        var instance = await orchestrations.GetInstanceAsync(operation.InstanceId, getInputsAndOutputs: true, cancellationToken);
        return TypedResults.Ok(OperationView.Of(operation, instance is null ? null : new OrchestrationView(
            instance.InstanceId, instance.RuntimeStatus.ToString(), instance.CreatedAt, instance.LastUpdatedAt, instance.ReadCustomStatusAs<RetryProgress>())));
    }

    public static async Task<Results<Ok<OperationView>, ValidationProblem, ProblemHttpResult>> RedriveAsync(
        HttpRequest request, string @ref, OperationKind kind, OperatorGate gate, WalletOperationEngine engine, DurableTaskClient orchestrations, CancellationToken cancellationToken)
    {
        if (Refuse(request, @ref, gate, out var canonical) is { } refused)
        {
            return refused;
        }

        return await engine.RedriveAsync(canonical, kind, orchestrations, cancellationToken) switch
        {
            (null, _) => Unknown(canonical, kind),
            ({ } operation, true) => TypedResults.Ok(OperationView.Of(operation)),
            ({ } other, false) => TypedResults.Problem($"Only a Failed {kind.ToString().ToLowerInvariant()} can be re-driven; this one is {other.State}.", statusCode: StatusCodes.Status409Conflict),
        };
    }

    /// <summary>
    /// A 404 problem written by the endpoint itself: an empty 404 becomes problem+json only where status-code pages run
    /// (the standalone host), not under the Functions host (found by the host emulator's parity test).
    /// </summary>
    private static ProblemHttpResult Unknown(string canonical, OperationKind kind) =>
        TypedResults.Problem($"No {kind.ToString().ToLowerInvariant()} with ref {canonical} was received.", statusCode: StatusCodes.Status404NotFound, title: "Not Found");

    /// <summary>The operator gate, then the ref: null and its canonical form when both pass.</summary>
    private static Results<Ok<OperationView>, ValidationProblem, ProblemHttpResult>? Refuse(HttpRequest request, string @ref, OperatorGate gate, out string canonical)
    {
        canonical = InboundRequestReader.CanonicalUuid(@ref) ?? string.Empty;
        if (gate.Refuse(request) is { } refused)
        {
            return refused;
        }

        if (canonical.Length == 0)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["ref"] = ["ref must be a UUID (e.g. 0e17e833-a4db-41d0-83d1-adb539631864)"] });
        }

        return null;
    }
}
