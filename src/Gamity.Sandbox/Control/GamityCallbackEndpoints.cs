using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Gamity.Sandbox.Shared;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Gamity.Sandbox.Control;

/// <summary>
/// The sandbox acting as Gamity toward a casino (a conformance driver): <c>POST /sandbox/gamity/send-payout</c>
/// and <c>send-debit</c> send a payout (gamity-contract.md §6) or debit (§7) body to any URL and retry it like Gamity's
/// "Auto payout" (§10.2). The body is sent exactly as given and not validated, so broken bodies can be tried too.
/// </summary>
public static class GamityCallbackEndpoints
{
    public const int DefaultRetries = 5;
    public const int MaxRetries = 100;
    public const int DefaultAttemptTimeoutMs = 30_000;
    public const int MaxAttemptTimeoutMs = 600_000;
    public const int MaxRetryIntervalMs = 86_400_000;

    public static IEndpointRouteBuilder MapGamityCallbacks(this IEndpointRouteBuilder app)
    {
        var gamity = app.MapGroup("/sandbox/gamity");
        gamity.MapPost("send-payout", async (HttpRequest request, GamityCallbackSender sender, IOptions<SandboxOptions> options) =>
        {
            var read = await JsonBody.ReadAsync(request, SandboxJsonContext.Default.SendPayoutRequest);
            return read.Failed
                ? read.Problem
                : await SendAsync("send-payout", "payout", read.Value.Payout, read.Value, request.HttpContext, sender, options.Value);
        });
        gamity.MapPost("send-debit", async (HttpRequest request, GamityCallbackSender sender, IOptions<SandboxOptions> options) =>
        {
            var read = await JsonBody.ReadAsync(request, SandboxJsonContext.Default.SendDebitRequest);
            return read.Failed
                ? read.Problem
                : await SendAsync("send-debit", "debit", read.Value.Debit, read.Value, request.HttpContext, sender, options.Value);
        });
        return app;
    }

    private static async Task<Results<Ok<CallbackReport>, ProblemHttpResult, EmptyHttpResult>> SendAsync(
        string name, string bodyField, JsonElement? body, ICallbackSettings settings, HttpContext http, GamityCallbackSender sender, SandboxOptions options)
    {
        var errors = new ValidationErrors();
        if (!Uri.TryCreate(settings.Target, UriKind.Absolute, out var target) || (target.Scheme != Uri.UriSchemeHttp && target.Scheme != Uri.UriSchemeHttps))
        {
            errors.Add("target must be an absolute http or https URL.");
        }

        if (body is not { ValueKind: JsonValueKind.Object })
        {
            errors.Add($"{bodyField} must be a JSON object (the body to send).");
        }

        if (settings.Retries is < 0 or > MaxRetries)
        {
            errors.Add($"retries must be between 0 and {MaxRetries}.");
        }

        if (settings.RetryIntervalMs is < 0 or > MaxRetryIntervalMs)
        {
            errors.Add($"retryIntervalMs must be between 0 and {MaxRetryIntervalMs}.");
        }

        if (settings.AttemptTimeoutMs is < 1 or > MaxAttemptTimeoutMs)
        {
            errors.Add($"attemptTimeoutMs must be between 1 and {MaxAttemptTimeoutMs}.");
        }

        if (errors.Any)
        {
            return Problems.Validation(errors);
        }

        var plan = new CallbackPlan(
            name,
            target!,
            settings.ApiKey,
            Encoding.UTF8.GetBytes(body!.Value.GetRawText()),
            settings.Retries ?? DefaultRetries,
            settings.RetryIntervalMs is int intervalMs ? TimeSpan.FromMilliseconds(intervalMs) : options.GamityRetryInterval,
            TimeSpan.FromMilliseconds(settings.AttemptTimeoutMs ?? DefaultAttemptTimeoutMs));
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(
            http.RequestAborted, http.RequestServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping);
        try
        {
            return TypedResults.Ok(await sender.SendAsync(plan, stopping.Token));
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            // Whoever asked gave up waiting; the remaining attempts are dropped.
            return TypedResults.Empty;
        }
    }
}

/// <summary>The settings both driver requests share.</summary>
public interface ICallbackSettings
{
    string? Target { get; }
    string? ApiKey { get; }
    int? Retries { get; }
    int? RetryIntervalMs { get; }
    int? AttemptTimeoutMs { get; }
}

/// <summary>Body of <c>POST /sandbox/gamity/send-payout</c>; unknown fields are 400 so a typo is not silently ignored.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record SendPayoutRequest(
    string? Target, string? ApiKey, JsonElement? Payout, int? Retries = null, int? RetryIntervalMs = null, int? AttemptTimeoutMs = null)
    : ICallbackSettings;

/// <summary>Body of <c>POST /sandbox/gamity/send-debit</c>.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record SendDebitRequest(
    string? Target, string? ApiKey, JsonElement? Debit, int? Retries = null, int? RetryIntervalMs = null, int? AttemptTimeoutMs = null)
    : ICallbackSettings;
