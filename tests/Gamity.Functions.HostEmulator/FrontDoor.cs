using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gamity.Functions.HostEmulator;

/// <summary>
/// The host's public HTTP endpoint, for black-box clients in tests (the conformance kit): each request is routed to its
/// function and proxied through <see cref="FunctionsHostEmulator.SendAsync"/>; a path no function serves is 404.
/// Test infrastructure only: <c>scripts/run-local.sh</c> (the standalone host) is how the product runs (ADR 0016).
/// </summary>
public sealed class FrontDoor : IAsyncDisposable
{
    private static readonly HashSet<string> ContentHeaders = new(StringComparer.OrdinalIgnoreCase) { "Content-Type", "Content-Length", "Content-Encoding", "Content-Language" };
    private readonly WebApplication app;

    private FrontDoor(WebApplication app)
    {
        this.app = app;
        Address = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First() + "/");
    }

    public Uri Address { get; }

    public static async Task<FrontDoor> StartAsync(FunctionsHostEmulator host, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0);
            kestrel.Limits.MaxRequestBodySize = null; // the worker enforces its own limits
        });
        var app = builder.Build();
        app.Run(http => ForwardAsync(host, http));
        await app.StartAsync(cancellationToken);
        return new FrontDoor(app);
    }

    private static async Task ForwardAsync(FunctionsHostEmulator host, HttpContext http)
    {
        var method = new HttpMethod(http.Request.Method);
        var pathAndQuery = http.Request.Path + http.Request.QueryString;
        if (host.HttpFunctionFor(method, pathAndQuery) is null)
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        using var body = new MemoryStream();
        await http.Request.Body.CopyToAsync(body, http.RequestAborted);
        using var request = new HttpRequestMessage(method, pathAndQuery);
        if (body.Length > 0 || HttpMethods.IsPost(http.Request.Method) || HttpMethods.IsPut(http.Request.Method))
        {
            request.Content = new ByteArrayContent(body.ToArray());
        }

        foreach (var (name, values) in http.Request.Headers)
        {
            if (ContentHeaders.Contains(name))
            {
                request.Content?.Headers.TryAddWithoutValidation(name, [.. values]);
            }
            else if (!name.Equals("Host", StringComparison.OrdinalIgnoreCase))
            {
                request.Headers.TryAddWithoutValidation(name, [.. values]);
            }
        }

        var (response, _) = await host.SendAsync(request);
        using (response)
        {
            http.Response.StatusCode = (int)response.StatusCode;
            foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
            {
                if (!name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase) && !name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
                {
                    http.Response.Headers[name] = values.ToArray();
                }
            }

            await response.Content.CopyToAsync(http.Response.Body, http.RequestAborted);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
