using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Gamity.Sandbox.Tests;

/// <summary>
/// A tiny stand-in for a casino's payout or debit endpoint (<c>POST /callback</c>) on a free loopback port:
/// answers each call with the next scripted step and records what it received.
/// </summary>
public sealed class FakeCasinoEndpoint : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly Func<int, Step> script;
    private int calls;

    private FakeCasinoEndpoint(WebApplication app, Func<int, Step> script)
    {
        this.app = app;
        this.script = script;
    }

    /// <summary>What the endpoint received, in order.</summary>
    public ConcurrentQueue<ReceivedCall> Received { get; } = new();

    public string Url => $"{app.Urls.Single()}/callback";

    /// <param name="script">The step for call n (0-based).</param>
    public static async Task<FakeCasinoEndpoint> StartAsync(Func<int, Step> script)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var endpoint = new FakeCasinoEndpoint(app, script);
        app.MapPost("/callback", endpoint.HandleAsync);
        await app.StartAsync(TestContext.Current.CancellationToken);
        return endpoint;
    }

    /// <summary>Answers 503 for the first <paramref name="failures"/> calls, then 200.</summary>
    public static Func<int, Step> FailThenSucceed(int failures, int failureStatus = 503) =>
        call => call < failures ? new Step(failureStatus, "{\"code\":\"UNAVAILABLE\"}") : new Step(200, "{\"transactionId\":\"tx-1\"}");

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        Received.Enqueue(new ReceivedCall(body, context.Request.Headers["X-API-Key"].ToString(), context.Request.ContentType));
        var step = script(Interlocked.Increment(ref calls) - 1);
        if (step.Delay > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(step.Delay, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        context.Response.StatusCode = step.Status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(step.Body, context.RequestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync(CancellationToken.None);
        await app.DisposeAsync();
    }

    public sealed record Step(int Status, string Body, TimeSpan Delay = default);

    public sealed record ReceivedCall(string Body, string ApiKey, string? ContentType);
}
