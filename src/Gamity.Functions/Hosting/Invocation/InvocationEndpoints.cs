using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Gamity.Functions.Hosting.Invocation;

/// <summary>Functions mode: the host calls <c>POST /{FunctionName}</c> for every non-HTTP trigger (reference §3).</summary>
internal static class InvocationEndpoints
{
    public static void MapInvocationEndpoints(this IEndpointRouteBuilder app, IEnumerable<FunctionDefinition> functions)
    {
        foreach (var function in functions.Where(f => f is not HttpFunction))
        {
            app.MapPost("/" + function.Name, (HttpContext http, ILoggerFactory loggers) => InvokeAsync(http, function, loggers))
                .WithName("Invoke" + function.Name)
                .ExcludeFromDescription();
        }
    }

    private static async Task<Results<JsonHttpResult<InvocationResult>, ProblemHttpResult>> InvokeAsync(
        HttpContext http, FunctionDefinition function, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger("Gamity.Functions.Invocation." + function.Name);
        var cancellation = http.RequestAborted;
        try
        {
            using var document = await ParseBodyAsync(http, cancellation);
            var request = InvocationRequest.Parse(document);
            var services = http.RequestServices;
            var result = function switch
            {
                TimerFunction timer => await timer.Handler(services, TimerInfo.Decode(request, TimerFunction.BindingName), cancellation),
                QueueFunction queue => await queue.Handler(services, QueueMessageInfo.Decode(request, QueueFunction.BindingName), cancellation),
                ServiceBusBatchFunction batch => await batch.Handler(services, ServiceBusTriggerData.DecodeBatch(request, ServiceBusBatchFunction.BindingName), cancellation),
                _ => throw new InvalidOperationException($"Function '{function.Name}' has no invocation adapter."),
            };
            return TypedResults.Json(result, InvocationJsonContext.Default.InvocationResult);
        }
        catch (InvocationFormatException exception)
        {
            logger.LogWarning("Refused a malformed invocation of {Function}: {Reason}", function.Name, exception.Message);
            return TypedResults.Problem(exception.Message, statusCode: StatusCodes.Status400BadRequest, title: "Malformed invocation payload");
        }
        catch (Exception exception) when (!cancellation.IsCancellationRequested)
        {
            // Any non-2xx answer fails the invocation (reference §4.3): the host retries or abandons per trigger.
            logger.LogError(exception, "{Function} failed", function.Name);
            return TypedResults.Problem($"{function.Name} failed: {exception.Message}", statusCode: StatusCodes.Status500InternalServerError, title: "Function failed");
        }
    }

    private static async Task<JsonDocument> ParseBodyAsync(HttpContext http, CancellationToken cancellation)
    {
        try
        {
            return await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: cancellation);
        }
        catch (JsonException exception)
        {
            throw new InvocationFormatException($"The invocation body is not valid JSON: {exception.Message}");
        }
    }
}
