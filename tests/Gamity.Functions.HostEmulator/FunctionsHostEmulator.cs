using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Gamity.Functions.HostEmulator.Rpc;
using Gamity.Standalone;
using Gamity.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gamity.Functions.HostEmulator;

/// <summary>
/// A test double of the Azure Functions host (docs/adr/0016-functions-host-emulator.md): a gRPC server speaking the
/// host side of <c>FunctionRpc.EventStream</c>, which starts the built Function App as a child process the way the host
/// does, performs the handshake (init, metadata, one load per function) and then invokes functions — timers with a
/// <c>TimerInfo</c>, queue messages with the trigger metadata, HTTP requests through the worker's ASP.NET Core
/// integration. <c>[DurableClient]</c> inputs point at a Durable Task sidecar on the same storage, so the worker's client
/// is real; orchestrations themselves are not run here.
/// </summary>
public sealed class FunctionsHostEmulator : IAsyncDisposable
{
    /// <summary>What the host passes as <c>--grpcMaxMessageLength</c>.</summary>
    public const int MaxMessageLength = int.MaxValue;

    public static readonly TimeSpan HandshakeTimeout = TimeSpan.FromSeconds(60);
    public static readonly TimeSpan InvocationTimeout = TimeSpan.FromMinutes(2);

    private readonly WebApplication server;
    private readonly DurableSidecar durable;
    private readonly AppProcess worker;
    private readonly HttpClient http = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { Timeout = InvocationTimeout };
    private readonly string durableClientInput;

    private FunctionsHostEmulator(WebApplication server, DurableSidecar durable, AppProcess worker, WorkerStream stream,
        Uri workerHttp, IReadOnlyList<WorkerFunction> functions, string durableClientInput, IReadOnlyList<RpcFunctionMetadata> reported)
    {
        this.server = server;
        this.durable = durable;
        this.worker = worker;
        Stream = stream;
        WorkerHttpUri = workerHttp;
        Functions = functions;
        this.durableClientInput = durableClientInput;
        ReportedMetadata = reported;
    }

    public WorkerStream Stream { get; }

    /// <summary>The worker's ASP.NET Core server (its <c>HttpUri</c> capability).</summary>
    public Uri WorkerHttpUri { get; }

    /// <summary>Every function the worker reported and loaded.</summary>
    public IReadOnlyList<WorkerFunction> Functions { get; }

    /// <summary>The function metadata the worker reported at run time (its answer to <c>FunctionsMetadataRequest</c>).</summary>
    public IReadOnlyList<RpcFunctionMetadata> ReportedMetadata { get; }

    /// <summary>What the worker process wrote to stdout and stderr.</summary>
    public string Output => worker.Output;

    /// <summary>
    /// Starts the host side, then the worker in <paramref name="workerDirectory"/> (the Function App's build output) with
    /// <paramref name="settings"/> as its environment (app settings, <c>AzureWebJobsStorage</c>…), and completes the
    /// handshake. Throws <see cref="WorkerDidNotStartException"/> when the worker exits before connecting.
    /// </summary>
    public static async Task<FunctionsHostEmulator> StartAsync(string workerDirectory, IReadOnlyDictionary<string, string?> settings, CancellationToken cancellationToken)
    {
        var stream = new WorkerStream();
        var server = await StartServerAsync(stream, cancellationToken);
        var hostUri = Address(server);
        var durable = await StartDurableAsync(workerDirectory, settings, cancellationToken);
        var workerId = Guid.NewGuid().ToString();
        var worker = StartWorker(workerDirectory, settings, hostUri, workerId);
        try
        {
            var connected = await Task.WhenAny(stream.Started, worker.ExitedAsync(cancellationToken), Task.Delay(HandshakeTimeout, cancellationToken));
            if (connected != stream.Started)
            {
                throw new WorkerDidNotStartException(worker.HasExited ? worker.ExitCode : null, worker.Output);
            }

            if (stream.Started.Result.WorkerId != workerId)
            {
                throw new InvalidOperationException($"The worker said it is '{stream.Started.Result.WorkerId}', it was started as '{workerId}'");
            }

            var init = (await stream.RequestAsync(new StreamingMessage
            {
                WorkerInitRequest = new WorkerInitRequest
                {
                    HostVersion = "4.1044.0",
                    WorkerDirectory = workerDirectory,
                    FunctionAppDirectory = workerDirectory,
                },
            }, HandshakeTimeout)).WorkerInitResponse;
            ExpectSuccess(init.Result, "WorkerInitResponse", worker);
            var workerHttp = new Uri(init.Capabilities.TryGetValue("HttpUri", out var uri) ? uri : throw new InvalidOperationException("The worker did not advertise HttpUri (the ASP.NET Core integration)"));

            var metadata = (await stream.RequestAsync(new StreamingMessage
            {
                FunctionsMetadataRequest = new FunctionsMetadataRequest { FunctionAppDirectory = workerDirectory },
            }, HandshakeTimeout)).FunctionMetadataResponse;
            ExpectSuccess(metadata.Result, "FunctionMetadataResponse", worker);

            var routePrefix = HostJson(workerDirectory)["extensions"]?["http"]?["routePrefix"]?.GetValue<string>() ?? "api";
            var functions = metadata.FunctionMetadataResults.Select(m => new WorkerFunction(m, routePrefix)).ToList();
            foreach (var function in functions)
            {
                var loaded = (await stream.RequestAsync(new StreamingMessage
                {
                    FunctionLoadRequest = new FunctionLoadRequest { FunctionId = function.Id, Metadata = function.Metadata.Clone() },
                }, HandshakeTimeout)).FunctionLoadResponse;
                ExpectSuccess(loaded.Result, $"FunctionLoadResponse for {function.Name}", worker);
            }

            // The Durable extension's client binding data (its worker-side DurableTaskClientConverter reads these names,
            // case-sensitively). Without maxGrpcMessageSizeInBytes the client's channel would accept no message at all.
            var durableInput = new JsonObject
            {
                ["rpcBaseUrl"] = durable.Address,
                ["taskHubName"] = durable.HubName,
                ["connectionName"] = "AzureWebJobsStorage",
                ["requiredQueryStringParameters"] = string.Empty,
                ["httpBaseUrl"] = new Uri(hostUri, "runtime/webhooks/durabletask").ToString(),
                ["maxGrpcMessageSizeInBytes"] = MaxMessageLength,
            }.ToJsonString();
            return new FunctionsHostEmulator(server, durable.Sidecar, worker, stream, workerHttp, functions, durableInput, [.. metadata.FunctionMetadataResults]);
        }
        catch
        {
            await worker.DisposeAsync();
            await durable.Sidecar.DisposeAsync();
            await server.DisposeAsync();
            throw;
        }
    }

    public WorkerFunction Function(string name) =>
        Functions.SingleOrDefault(f => f.Name == name) ?? throw new InvalidOperationException($"The worker has no function {name}");

    /// <summary>Invokes <paramref name="function"/> with its trigger's data and metadata; other inputs (a durable client) are filled in as the host would.</summary>
    public async Task<InvocationResponse> InvokeAsync(WorkerFunction function, TypedData trigger, IReadOnlyDictionary<string, TypedData>? triggerMetadata = null, string? invocationId = null)
    {
        var invocation = new InvocationRequest
        {
            InvocationId = invocationId ?? Guid.NewGuid().ToString(),
            FunctionId = function.Id,
            TraceContext = new RpcTraceContext { TraceParent = $"00-{ActivityTraceId.CreateRandom()}-{ActivitySpanId.CreateRandom()}-01" },
        };
        invocation.InputData.Add(new ParameterBinding { Name = function.TriggerName, Data = trigger });
        foreach (var input in function.OtherInputs)
        {
            if ((string?)input["type"] == "durableClient")
            {
                invocation.InputData.Add(new ParameterBinding { Name = (string)input["name"]!, Data = new TypedData { String = durableClientInput } });
            }
        }

        foreach (var (name, value) in triggerMetadata ?? new Dictionary<string, TypedData>())
        {
            invocation.TriggerMetadata[name] = value;
        }

        return await Stream.InvokeAsync(invocation, InvocationTimeout);
    }

    /// <summary>A timer function's occurrence, with the <c>TimerInfo</c> the host sends.</summary>
    public Task<InvocationResponse> InvokeTimerAsync(string name, bool isPastDue = false) =>
        InvokeAsync(Function(name), TriggerPayloads.Timer(DateTimeOffset.UtcNow, isPastDue));

    /// <summary>
    /// An HTTP request the way the host proxies it: forwarded to the worker's <c>HttpUri</c> with <c>x-ms-invocation-id</c>,
    /// while the matching <c>InvocationRequest</c> goes over the stream. Returns the worker's answer and the invocation's result.
    /// </summary>
    public async Task<(HttpResponseMessage Response, InvocationResponse Invocation)> SendAsync(HttpRequestMessage request)
    {
        var path = request.RequestUri!.IsAbsoluteUri ? request.RequestUri.PathAndQuery : request.RequestUri.OriginalString;
        var pathOnly = path.Split('?')[0].TrimStart('/');
        var function = HttpFunctionFor(request.Method, path) ?? throw new InvalidOperationException($"No HTTP function serves {request.Method} /{pathOnly}");
        var invocationId = Guid.NewGuid().ToString();
        request.RequestUri = new Uri(WorkerHttpUri, path.TrimStart('/'));
        request.Headers.TryAddWithoutValidation("x-ms-invocation-id", invocationId);

        var routeValues = function.RouteValues(pathOnly).ToDictionary(v => v.Key, v => new TypedData { String = v.Value });
        var invoking = InvokeAsync(function, TriggerPayloads.Http(request), routeValues, invocationId);
        var response = await http.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return (response, await invoking);
    }

    /// <summary>The HTTP function the host would route <paramref name="method"/> <paramref name="pathAndQuery"/> to, if any.</summary>
    public WorkerFunction? HttpFunctionFor(HttpMethod method, string pathAndQuery)
    {
        var path = pathAndQuery.Split('?')[0].TrimStart('/');
        return Functions.FirstOrDefault(f => f.TriggerType == "httpTrigger" && f.Serves(method.Method, path));
    }

    /// <summary>The worker's logs at Error or above, except those containing one of <paramref name="expected"/>.</summary>
    public IReadOnlyList<RpcLog> UnexpectedErrors(params string[] expected) =>
        [.. Stream.Logs.Where(l => l.Level >= RpcLog.Types.Level.Error && !expected.Any(e => l.Message.Contains(e, StringComparison.Ordinal) || (l.Exception?.Message?.Contains(e, StringComparison.Ordinal) ?? false)))];

    public async ValueTask DisposeAsync()
    {
        if (!worker.HasExited)
        {
            try
            {
                await Stream.SendAsync(new StreamingMessage { WorkerTerminate = new WorkerTerminate { GracePeriod = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(TimeSpan.FromSeconds(5)) } });
                await worker.WaitForExitAsync(TimeSpan.FromSeconds(10));
            }
            catch (Exception exception) when (exception is OperationCanceledException or InvalidOperationException or System.Threading.Channels.ChannelClosedException)
            {
            }
        }

        await worker.DisposeAsync(); // kills it if the terminate did not end it
        http.Dispose();
        // No orchestration worker ever connects to this sidecar, so its service never starts: a graceful stop would wait
        // for that start in vain (DurableSidecar.StopAsync). Disposing it ends its server and the service.
        await durable.DisposeAsync();
        await server.StopAsync();
        await server.DisposeAsync();
    }

    private static async Task<WebApplication> StartServerAsync(WorkerStream stream, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc(grpc =>
        {
            grpc.MaxReceiveMessageSize = null;
            grpc.MaxSendMessageSize = null;
        });
        builder.Services.AddSingleton(stream);
        var app = builder.Build();
        app.MapGrpcService<FunctionRpcService>();
        await app.StartAsync(cancellationToken);
        return app;
    }

    private static Uri Address(WebApplication app) =>
        new(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First().Replace("[::1]", "127.0.0.1", StringComparison.Ordinal) + "/");

    private sealed record Durable(DurableSidecar Sidecar, string Address, string HubName);

    /// <summary>The Durable Task sidecar the worker's <c>[DurableClient]</c> talks to, on the app's storage and task hub (its host.json).</summary>
    private static async Task<Durable> StartDurableAsync(string workerDirectory, IReadOnlyDictionary<string, string?> settings, CancellationToken cancellationToken)
    {
        var durableSettings = new DurableTaskSettings();
        HostJsonConfiguration(workerDirectory).GetSection(DurableTaskSettings.Section).Bind(durableSettings);
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key.Replace("__", ":", StringComparison.Ordinal), s.Value)))
            .Build();
        configuration.GetSection(DurableTaskSettings.HostOverrideSection).Bind(durableSettings);
        var address = $"http://127.0.0.1:{FreePort()}";
        var sidecar = new DurableSidecar(address, durableSettings, configuration, NullLoggerFactory.Instance);
        await sidecar.StartAsync(cancellationToken);
        return new Durable(sidecar, address, durableSettings.HubName);
    }

    /// <summary>The worker as the host starts it: its arguments (both spellings; the functions- ones are the current names) and environment.</summary>
    private static AppProcess StartWorker(string workerDirectory, IReadOnlyDictionary<string, string?> settings, Uri hostUri, string workerId)
    {
        var requestId = Guid.NewGuid().ToString();
        var maxMessageLength = MaxMessageLength.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var environment = new Dictionary<string, string?>
        {
            ["FUNCTIONS_WORKER_RUNTIME"] = "dotnet-isolated",
            ["AzureWebJobsScriptRoot"] = workerDirectory,
            ["FUNCTIONS_APPLICATION_DIRECTORY"] = workerDirectory,
        };
        foreach (var (key, value) in settings)
        {
            environment[key] = value;
        }

        return AppProcess.StartIn(workerDirectory, AppProcess.FunctionApp, environment,
            "--host", hostUri.Host, "--port", hostUri.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--workerId", workerId, "--requestId", requestId, "--grpcMaxMessageLength", maxMessageLength,
            "--functions-uri", hostUri.ToString(), "--functions-worker-id", workerId, "--functions-request-id", requestId,
            "--functions-grpc-max-message-length", maxMessageLength);
    }

    internal static JsonObject HostJson(string workerDirectory) => JsonNode.Parse(File.ReadAllText(Path.Combine(workerDirectory, "host.json")))!.AsObject();

    private static IConfiguration HostJsonConfiguration(string workerDirectory) =>
        new ConfigurationBuilder().AddJsonFile(Path.Combine(workerDirectory, "host.json")).Build();

    private static void ExpectSuccess(StatusResult? result, string what, AppProcess worker)
    {
        if (result?.Status != StatusResult.Types.Status.Success)
        {
            throw new InvalidOperationException($"{what}: {result?.Status} {result?.Exception?.Message}\n{worker.Output}");
        }
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }



}

/// <summary>The worker ended before it connected (a bad setting refuses the start, exit code 2).</summary>
public sealed class WorkerDidNotStartException(int? exitCode, string output)
    : Exception($"The worker did not connect (exit code {exitCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none: still running"}):\n{output}")
{
    public int? ExitCode { get; } = exitCode;

    public string Output { get; } = output;
}
