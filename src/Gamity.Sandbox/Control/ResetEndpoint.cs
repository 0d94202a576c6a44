using Gamity.Sandbox.Shared;

namespace Gamity.Sandbox.Control;

public static class ResetEndpoint
{
    /// <summary>
    /// <c>POST /sandbox/reset</c>: every state back to how it was at start — Gamity holds no operators or
    /// games or rounds, no calls counted, no management or round fault, casino catalog and active games back
    /// to the demo seed (or empty).
    /// </summary>
    public static IEndpointRouteBuilder MapSandboxReset(this IEndpointRouteBuilder app)
    {
        app.MapPost("/sandbox/reset", (IEnumerable<IResettableState> states) =>
        {
            foreach (var state in states)
            {
                state.Reset();
            }

            return TypedResults.NoContent();
        });
        return app;
    }
}
