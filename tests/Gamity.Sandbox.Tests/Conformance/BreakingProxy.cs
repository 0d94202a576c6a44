using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Gamity.Testing;

namespace Gamity.Sandbox.Tests.Conformance;

/// <summary>One request through the proxy: what came in (and may be rewritten), and the answer going back.</summary>
public sealed class ProxiedCall
{
    public required string Method { get; init; }

    public required string Path { get; init; }

    public required string PathAndQuery { get; set; }

    public byte[] Body { get; set; } = [];

    public Dictionary<string, string> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Set before forwarding to answer without the real app.</summary>
    public int? Status { get; set; }

    public byte[] Answer { get; set; } = [];

    public string? AnswerType { get; set; }

    public Dictionary<string, string> AnswerHeaders { get; } = new(StringComparer.OrdinalIgnoreCase);

    public bool IsPost(string path) => Method == "POST" && Path.Equals(path, StringComparison.OrdinalIgnoreCase);

    public void AnswerJson(int status, string json)
    {
        Status = status;
        Answer = System.Text.Encoding.UTF8.GetBytes(json);
        AnswerType = "application/json";
    }
}

/// <summary>A way to break the contract: a change to requests on their way in and/or to answers on their way out.</summary>
public sealed record Break(string Description, Action<ProxiedCall>? Inbound = null, Action<ProxiedCall>? Outbound = null)
{
    public static readonly Break None = new("nothing broken");
}

/// <summary>
/// A deliberately broken deployment: a reverse proxy in front of the real standalone app that breaks one rule (ignores
/// the key, executes every repeat anew, answers 500 to bad bodies…), so each conformance check can be shown to fail.
/// </summary>
public sealed class BreakingProxy : IAsyncDisposable
{
    private static readonly string[] ForwardedHeaders = ["X-API-Key", "X-Message-Id"];
    private static readonly string[] ReturnedHeaders = ["Retry-After", "Cache-Control"];
    private readonly WebApplication app;
    private readonly HttpClient upstream;

    private BreakingProxy(WebApplication app, HttpClient upstream)
    {
        this.app = app;
        this.upstream = upstream;
        Address = app.ListeningAddress();
    }

    public Uri Address { get; }

    public static async Task<BreakingProxy> StartAsync(Uri target, Break @break)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var upstream = new HttpClient { BaseAddress = target, Timeout = TimeSpan.FromMinutes(2) };
        app.Run(async http => await ForwardAsync(http, upstream, @break));
        await app.StartAsync(TestContext.Current.CancellationToken);
        return new BreakingProxy(app, upstream);
    }

    private static async Task ForwardAsync(HttpContext http, HttpClient upstream, Break @break)
    {
        using var body = new MemoryStream();
        await http.Request.Body.CopyToAsync(body, http.RequestAborted);
        var call = new ProxiedCall
        {
            Method = http.Request.Method,
            Path = http.Request.Path.Value ?? "/",
            PathAndQuery = (http.Request.Path + http.Request.QueryString).ToString(),
            Body = body.ToArray(),
        };
        foreach (var name in ForwardedHeaders.Append("Content-Type"))
        {
            if (http.Request.Headers.TryGetValue(name, out var value))
            {
                call.Headers[name] = value.ToString();
            }
        }

        @break.Inbound?.Invoke(call);
        if (call.Status is null)
        {
            using var request = new HttpRequestMessage(new HttpMethod(call.Method), call.PathAndQuery.TrimStart('/'));
            if (call.Body.Length > 0 || call.Method == "POST")
            {
                request.Content = new ByteArrayContent(call.Body);
                if (call.Headers.TryGetValue("Content-Type", out var type))
                {
                    request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(type);
                }
            }

            foreach (var name in ForwardedHeaders.Where(call.Headers.ContainsKey))
            {
                request.Headers.TryAddWithoutValidation(name, call.Headers[name]);
            }

            using var response = await upstream.SendAsync(request, http.RequestAborted);
            call.Status = (int)response.StatusCode;
            call.Answer = await response.Content.ReadAsByteArrayAsync(http.RequestAborted);
            call.AnswerType = response.Content.Headers.ContentType?.ToString();
            foreach (var name in ReturnedHeaders)
            {
                if (response.Headers.TryGetValues(name, out var values))
                {
                    call.AnswerHeaders[name] = string.Join(",", values);
                }
            }

            @break.Outbound?.Invoke(call);
        }

        http.Response.StatusCode = call.Status.Value;
        foreach (var (name, value) in call.AnswerHeaders)
        {
            http.Response.Headers[name] = value;
        }

        if (call.AnswerType is not null)
        {
            http.Response.ContentType = call.AnswerType;
        }

        await http.Response.Body.WriteAsync(call.Answer, http.RequestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        upstream.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
