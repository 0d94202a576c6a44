using System.Net;
using System.Net.Sockets;
using Azure.Identity;
using DurableTask.AzureStorage;
using DurableTask.Core;
using Gamity.Integration.Storage;
using Gamity.Integration.WalletOperations;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing.Sidecar.Grpc;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.Options;
using Gamity.Integration.Defaults;

namespace Gamity.Standalone;

/// <summary>
/// The Durable settings both hosts apply: <c>extensions:durableTask</c> of the Function App's host.json (linked into
/// this host's output), overridable the way the Functions host allows, <c>AzureFunctionsJobHost__extensions__durableTask__…</c>.
/// </summary>
public sealed class DurableTaskSettings
{
    public const string Section = "extensions:durableTask";
    public const string HostOverrideSection = "AzureFunctionsJobHost:extensions:durableTask";

    public string HubName { get; set; } = "GamityWallet";

    public StorageProviderSettings StorageProvider { get; set; } = new();

    public sealed class StorageProviderSettings
    {
        public int PartitionCount { get; set; } = 4;

        public TimeSpan MaxQueuePollingInterval { get; set; } = TimeSpan.FromSeconds(2);

        /// <summary>How long a message a process took stays hidden: after a crash, the wait before another picks it up (the provider's default, 5 min).</summary>
        public TimeSpan ControlQueueVisibilityTimeout { get; set; } = TimeSpan.FromMinutes(5);

        public TimeSpan WorkItemQueueVisibilityTimeout { get; set; } = TimeSpan.FromMinutes(5);
    }

    /// <summary>host.json next to the binary (not added to the app's configuration: its <c>logging</c> is the Functions host's), then the overrides.</summary>
    public static void Read(DurableTaskSettings settings, IConfiguration appConfiguration)
    {
        new ConfigurationBuilder().AddJsonFile(Path.Combine(AppContext.BaseDirectory, "host.json"), optional: true).Build().GetSection(Section).Bind(settings);
        appConfiguration.GetSection(HostOverrideSection).Bind(settings);
    }

    public static IEnumerable<string> Validate(DurableTaskSettings s)
    {
        // The Azure Storage provider's rules: 3–45 letters and digits, starting with a letter; 1–16 partitions.
        if (s.HubName.Length is < 3 or > 45 || !char.IsAsciiLetter(s.HubName[0]) || !s.HubName.All(char.IsAsciiLetterOrDigit))
        {
            yield return $"host.json extensions.durableTask.hubName must be 3–45 letters and digits starting with a letter (got '{s.HubName}').";
        }

        if (s.StorageProvider.PartitionCount is < 1 or > 16)
        {
            yield return "host.json extensions.durableTask.storageProvider.partitionCount must be 1–16.";
        }

        if (s.StorageProvider.MaxQueuePollingInterval < TimeSpan.FromMilliseconds(100) || s.StorageProvider.MaxQueuePollingInterval > TimeSpan.FromMinutes(1))
        {
            yield return "host.json extensions.durableTask.storageProvider.maxQueuePollingInterval must be between 00:00:00.1 and 00:01:00.";
        }

        if (s.StorageProvider.ControlQueueVisibilityTimeout < TimeSpan.FromSeconds(5) || s.StorageProvider.WorkItemQueueVisibilityTimeout < TimeSpan.FromSeconds(5))
        {
            yield return "host.json extensions.durableTask.storageProvider.controlQueueVisibilityTimeout and workItemQueueVisibilityTimeout must be at least 00:00:05.";
        }
    }
}

/// <summary>
/// The orchestrations outside Azure (docs/adr/0012-durable-wallet-workflow.md): the Durable Task Framework's Azure
/// Storage provider on <c>AzureWebJobsStorage</c> (the backend Durable Functions uses), served on a loopback port by
/// the Durable Task sidecar service, with the portable worker and client connected to it over gRPC. Durable across
/// restarts: the history is in storage.
/// </summary>
public static class DurableEngine
{
    public static IServiceCollection AddDurableEngine(this IServiceCollection services, IConfiguration configuration) =>
        services.AddDurableEngine(configuration, WalletOrchestrations.Register);

    /// <summary>The same engine running other orchestrations and activities (the benchmarks' bare spike of the engine).</summary>
    public static IServiceCollection AddDurableEngine(this IServiceCollection services, IConfiguration configuration, Action<DurableTaskRegistry> tasks)
    {
        services.AddValidatedOptions<DurableTaskSettings>(s => DurableTaskSettings.Read(s, configuration), DurableTaskSettings.Validate);
        var address = $"http://127.0.0.1:{FreeLoopbackPort()}";
        services.AddSingleton(sp => new DurableSidecar(address, sp.GetRequiredService<IOptions<DurableTaskSettings>>().Value, configuration, sp.GetRequiredService<ILoggerFactory>()));

        // Registered before the worker: hosted services start in this order and stop in the reverse.
        services.AddHostedService(sp => sp.GetRequiredService<DurableSidecar>());
        services.AddDurableTaskWorker(worker =>
        {
            worker.UseGrpc(address);
            worker.AddTasks(tasks);
        });
        services.AddDurableTaskClient(client => client.UseGrpc(address));
        return services;
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>The sidecar: <see cref="TaskHubGrpcServer"/> over the Azure Storage orchestration service, on its own Kestrel.</summary>
public sealed class DurableSidecar(string address, DurableTaskSettings settings, IConfiguration configuration, ILoggerFactory loggers) : IHostedService, IAsyncDisposable
{
    /// <summary>
    /// The lifetime the sidecar service sees. It starts the orchestration service when told the application started
    /// and stops it when told it is stopping; a stop before that start has finished throws inside its handler and
    /// takes the process down (the provider's StopAsync assumes a started service), so it is told only once the
    /// service runs (<see cref="StopAsync"/>).
    /// </summary>
    private readonly SidecarLifetime lifetime = new();
    private readonly CancellationTokenSource stopping = new();
    private readonly ILoggerFactory sidecarLoggers = LoggerFactory.Create(logging => logging
        .AddConfiguration(configuration.GetSection("Logging")).AddSimpleConsole(console => console.SingleLine = true));
    private AzureStorageOrchestrationService? service;
    private WebApplication? app;
    private Task? starting;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // The task hub's tables, queues and lease container are created when the service starts, not here: the app
        // must come up (and report unhealthy storage on /api/health) while storage is unreachable.
        service = new AzureStorageOrchestrationService(new AzureStorageOrchestrationServiceSettings
        {
            StorageAccountClientProvider = StorageAccount(configuration),
            TaskHubName = settings.HubName,
            PartitionCount = settings.StorageProvider.PartitionCount,
            MaxQueuePollingInterval = settings.StorageProvider.MaxQueuePollingInterval,
            ControlQueueVisibilityTimeout = settings.StorageProvider.ControlQueueVisibilityTimeout,
            WorkItemQueueVisibilityTimeout = settings.StorageProvider.WorkItemQueueVisibilityTimeout,
            // Its own factory: a start or stop still running while the app is disposed must not log into a disposed one.
            LoggerFactory = sidecarLoggers,
        });

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var uri = new Uri(address);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, uri.Port, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(sp => new TaskHubGrpcServer(
            lifetime, loggers, service, service, sp.GetRequiredService<IOptions<TaskHubGrpcServerOptions>>()));
        app = builder.Build();
        app.MapGrpcService<TaskHubGrpcServer>();
        await app.StartAsync(cancellationToken);
        _ = app.Services.GetRequiredService<TaskHubGrpcServer>(); // constructed now, so it sees ApplicationStarted
        starting = StartWhenStorageAnswersAsync(service, stopping.Token);
    }

    /// <summary>
    /// Creates the task hub (retried while storage does not answer), then lets the sidecar start the service: its
    /// start runs in a handler where a failure would end the process, so it only runs once storage has answered.
    /// </summary>
    private async Task StartWhenStorageAnswersAsync(AzureStorageOrchestrationService orchestrations, CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger<DurableSidecar>();
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await orchestrations.CreateIfNotExistsAsync().WaitAsync(cancellationToken);
                lifetime.Started();
                return;
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception exception)
            {
                logger.LogWarning(exception, "Durable task hub {Hub}: storage does not answer yet; orchestrations start once it does", settings.HubName);
                await Task.Delay(TimeSpan.FromSeconds(5), cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (app is null)
        {
            return;
        }

        await stopping.CancelAsync();
        if (starting is not null)
        {
            await starting;
        }

        if (lifetime.HasStarted && await RunsAsync(service!, TimeSpan.FromSeconds(30)))
        {
            lifetime.Stopping();
        }

        await app.StopAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (app is not null)
        {
            await app.DisposeAsync();
        }

        service?.Dispose();
        stopping.Dispose();
    }

    /// <summary>Whether the provider finished starting (its own flag: the pinned 2.11.2 exposes no public one).</summary>
    private static async Task<bool> RunsAsync(AzureStorageOrchestrationService service, TimeSpan wait)
    {
        var started = typeof(AzureStorageOrchestrationService).GetField("isStarted", System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic);
        if (started is null)
        {
            return true; // another provider version: let it stop as designed
        }

        var deadline = DateTime.UtcNow + wait;
        while (!(bool)started.GetValue(service)! && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50, CancellationToken.None);
        }

        return (bool)started.GetValue(service)!;
    }

    private sealed class SidecarLifetime : IHostApplicationLifetime
    {
        private readonly CancellationTokenSource started = new();
        private readonly CancellationTokenSource stopping = new();
        private readonly CancellationTokenSource stopped = new();

        public CancellationToken ApplicationStarted => started.Token;

        public CancellationToken ApplicationStopping => stopping.Token;

        public CancellationToken ApplicationStopped => stopped.Token;

        public void StopApplication()
        {
        }

        public bool HasStarted => started.IsCancellationRequested;

        public void Started() => started.Cancel();

        public void Stopping() => stopping.Cancel();
    }

    private static StorageAccountClientProvider StorageAccount(IConfiguration configuration)
    {
        if (configuration[StorageClients.SettingName] is { Length: > 0 } connectionString)
        {
            return new StorageAccountClientProvider(connectionString);
        }

        var section = configuration.GetSection(StorageClients.SettingName);
        var accountName = section["accountName"] ?? throw new InvalidOperationException(
            $"{StorageClients.SettingName} (a connection string) or {StorageClients.SettingName}__accountName is needed for the orchestrations' storage.");
        return new StorageAccountClientProvider(accountName, section["clientId"] is { Length: > 0 } clientId
            ? new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId))
            : new DefaultAzureCredential());
    }
}
