using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Azure.Messaging.ServiceBus;
using Gamity.Benchmarks.Sync;
using Gamity.Integration;
using Gamity.Integration.Rounds;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gamity.Benchmarks.Rounds;

/// <summary>
/// The per-instance capacity of the Service Bus path (<c>ForwardRounds</c>, docs/adr/0011): the product's services
/// built in this process as a host builds them, <see cref="RoundsDrain.RunAsync"/> driven by an in-memory receiver
/// that serves pre-built batches of 100 messages × 10 rounds (then an empty batch), Azurite and the sandbox as child
/// processes. Baseline in the same run: the same messages through <see cref="RoundsPipeline.ProcessBatchAsync"/>
/// directly, 100 messages per call (the pipeline alone, no receiver, no settlement). Each phase is checked: the
/// sandbox stored every round exactly once, every message was completed, none abandoned.
/// </summary>
public static class RoundsDrainBenchmark
{
    public const int RoundsPerMessage = 10;
    public const int MessagesPerBatch = 100;

    public static async Task<int> RunAsync(string[] args)
    {
        var options = DrainBenchOptions.Parse(args);
        var messageCount = options.Rounds / RoundsPerMessage;
        var batchCount = (messageCount + MessagesPerBatch - 1) / MessagesPerBatch;
        if (options.Rounds % (RoundsPerMessage * MessagesPerBatch) != 0)
        {
            await Console.Error.WriteLineAsync($"--rounds must be a multiple of {RoundsPerMessage * MessagesPerBatch}");
            return 64;
        }

        if (options.WaitIdle)
        {
            await MachineLoad.WaitUntilNoTestRunAsync(Console.Out);
        }

        Console.WriteLine($"# machine: {MachineLoad.Machine()}; {MachineLoad.LoadAverage()}");
        using var stack = await BenchStack.StartBackendsAsync();
        var settings = stack.AppSettings(new Dictionary<string, string>
        {
            ["Rounds__FilterByActiveGames"] = "false",
            ["Rounds__MaxParallelBatches"] = "8",
            ["Rounds__Drain__Budget"] = "00:09:00", // the most the options allow; one run of 200,000 rounds takes seconds
        });
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key.Replace("__", ":", StringComparison.Ordinal), (string?)s.Value)))
            .Build();

        // What a host gives the product: configuration, logging and metrics (HostApplicationBuilder), the clock
        // (GamityDefaults.AddGamityDefaults), then the product's own registration. The Service Bus client is the
        // in-memory one: it replaces the registration from configuration (no ServiceBus setting here).
        var bus = new InMemoryServiceBus();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(logging => logging.AddConfiguration(configuration.GetSection("Logging")).AddSimpleConsole(console => console.SingleLine = true));
        services.AddMetrics();
        services.AddSingleton(TimeProvider.System);
        services.AddGamityIntegration(configuration);
        services.AddSingleton(new RoundsServiceBus(bus));
        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });

        var batches = Enumerable.Range(0, batchCount).Select(b => BuildBatch(b, Math.Min(MessagesPerBatch, messageCount - (b * MessagesPerBatch)))).ToArray();
        var pipelineBatches = batches.Select(batch => batch.Select(m => new RoundMessage(m.Body.ToMemory(), m.MessageId)).ToArray()).ToArray();
        using var http = new HttpClient { BaseAddress = new Uri(stack.SandboxUrl), Timeout = TimeSpan.FromMinutes(2) };
        Console.WriteLine($"# {options.Rounds:N0} rounds = {messageCount:N0} messages × {RoundsPerMessage} rounds, {batchCount} receives of {MessagesPerBatch} messages; " +
                          $"{options.Warmups} warm-up + {options.Runs} measured runs of each phase, alternating");

        var results = new List<PhaseResult>();
        for (var run = -options.Warmups; run < options.Runs; run++)
        {
            foreach (var phase in new[] { Phase.Pipeline, Phase.Drain })
            {
                (await http.DeleteAsync("/sandbox/gamity/rounds")).EnsureSuccessStatusCode();
                var result = phase == Phase.Pipeline
                    ? await MeasureAsync(phase, run, stack, () => PipelineAsync(provider, pipelineBatches))
                    : await MeasureAsync(phase, run, stack, () => DrainAsync(provider, bus, batches));
                var summary = JsonNode.Parse(await http.GetStringAsync("/sandbox/gamity/rounds/summary"))!;
                result = result with
                {
                    Stored = summary["count"]!.GetValue<int>(),
                    Duplicates = summary["duplicates"]!.GetValue<long>(),
                    SandboxCalls = summary["batches"]!.GetValue<long>(),
                    SandboxRejected = summary["rejected"]!.GetValue<long>(),
                };
                results.Add(result);
                Console.WriteLine($"# {(run < 0 ? "warm-up" : $"run {run + 1}")} {phase}: {result.Seconds:F2} s, {options.Rounds / result.Seconds:F0} rounds/s, " +
                                  $"stored {result.Stored} (duplicates {result.Duplicates}, batch calls {result.SandboxCalls}, rejected {result.SandboxRejected}), " +
                                  $"completed {result.Completed}, abandoned {result.Abandoned}, renewals {result.Renewals}; CPU s: this process {result.OwnCpu:F2}, sandbox {result.SandboxCpu:F2}, Azurite {result.StorageCpu:F2}" +
                                  (result.SawTestRun ? "; a test run was going on (polluted)" : string.Empty) + $"; {MachineLoad.LoadAverage()}");
            }
        }

        var failures = results.Where(r => !r.Verified(options.Rounds, messageCount)).ToList();
        Print(results.Where(r => r.Run >= 0).ToList(), options.Rounds, messageCount);
        Console.WriteLine($"# after: {MachineLoad.LoadAverage()}");
        foreach (var failure in failures)
        {
            await Console.Error.WriteLineAsync($"# NOT VERIFIED: {failure}");
        }

        return failures.Count == 0 ? 0 : 1;
    }

    private enum Phase
    {
        Pipeline,
        Drain,
    }

    private static async Task<PhaseResult> MeasureAsync(Phase phase, int run, BenchStack stack, Func<Task<(int Forwarded, int Completed, int Abandoned, int Renewals)>> body)
    {
        using var watch = MachineLoad.WatchForTestRun();
        var (own, sandbox, storage) = (Process.GetCurrentProcess().TotalProcessorTime, stack.Sandbox.CpuTime(), stack.Storage.CpuTime());
        var clock = Stopwatch.StartNew();
        var (forwarded, completed, abandoned, renewals) = await body();
        var seconds = clock.Elapsed.TotalSeconds;
        return new PhaseResult(phase.ToString(), run, seconds, forwarded, completed, abandoned, renewals,
            (Process.GetCurrentProcess().TotalProcessorTime - own).TotalSeconds, (stack.Sandbox.CpuTime() - sandbox).TotalSeconds,
            (stack.Storage.CpuTime() - storage).TotalSeconds, watch.SawTestRun);
    }

    /// <summary>The baseline: each batch of 100 messages straight into the pipeline, one after the other (as the drain does).</summary>
    private static async Task<(int, int, int, int)> PipelineAsync(IServiceProvider provider, RoundMessage[][] batches)
    {
        var pipeline = provider.GetRequiredService<RoundsPipeline>();
        var (forwarded, done, undelivered) = (0, 0, 0);
        foreach (var batch in batches)
        {
            var outcome = await pipeline.ProcessBatchAsync(batch, CancellationToken.None);
            forwarded += outcome.Outcome.Forwarded;
            undelivered += outcome.Undelivered.Count;
            done += batch.Length - outcome.Undelivered.Count;
        }

        return (forwarded, done, undelivered, 0);
    }

    /// <summary>One <c>ForwardRounds</c> invocation over the whole queue: receive 100, pipeline, settle one by one, until the empty receive.</summary>
    private static async Task<(int, int, int, int)> DrainAsync(IServiceProvider provider, InMemoryServiceBus bus, ServiceBusReceivedMessage[][] batches)
    {
        var receiver = bus.Load(batches);
        var outcome = await provider.GetRequiredService<RoundsDrain>().RunAsync(CancellationToken.None);
        if (outcome.Completed != receiver.Completed || outcome.Abandoned != receiver.Abandoned)
        {
            throw new InvalidOperationException($"the drain reports {outcome} but the receiver saw {receiver.Completed} completed, {receiver.Abandoned} abandoned");
        }

        return (outcome.RoundsForwarded, receiver.DistinctCompleted, receiver.Abandoned, receiver.Renewals);
    }

    private static ServiceBusReceivedMessage[] BuildBatch(int batch, int messages)
    {
        var lockedUntil = DateTimeOffset.UtcNow + TimeSpan.FromHours(1);
        return Enumerable.Range(0, messages).Select(m =>
        {
            var index = (batch * MessagesPerBatch) + m;
            return ServiceBusModelFactory.ServiceBusReceivedMessage(
                body: BinaryData.FromBytes(RoundsLoadDriver.Body("drain", index * RoundsPerMessage, RoundsPerMessage)),
                messageId: $"drain-message-{index:D7}",
                lockTokenGuid: Guid.NewGuid(),
                lockedUntil: lockedUntil,
                deliveryCount: 1);
        }).ToArray();
    }

    private static void Print(List<PhaseResult> measured, int rounds, int messages)
    {
        string Row(string label, IReadOnlyList<PhaseResult> runs)
        {
            var rates = runs.Select(r => rounds / r.Seconds).ToArray();
            var stats = Stats.Of(rates);
            var perRun = string.Join(" · ", rates.Select(r => r.ToString("N0", CultureInfo.InvariantCulture)));
            return $"| {label} | {runs.Count} | {runs.Average(r => r.Seconds):F2} | **{stats.Mean:N0}** ± {stats.StdDev:N0} ({perRun}) | {runs.Average(r => r.OwnCpu):F2} | {runs.Average(r => r.SandboxCpu):F2} | " +
                   $"{string.Join(" · ", runs.Select(r => r.Stored))} | {string.Join(" · ", runs.Select(r => r.Completed))} | {runs.Sum(r => r.Abandoned)} |" +
                   (runs.Any(r => r.SawTestRun) ? " a test run overlapped (polluted) |" : " |");
        }

        var pipeline = measured.Where(r => r.Phase == nameof(Phase.Pipeline)).ToList();
        var drain = measured.Where(r => r.Phase == nameof(Phase.Drain)).ToList();
        Console.WriteLine();
        Console.WriteLine($"{rounds:N0} rounds = {messages:N0} messages × {RoundsPerMessage} rounds, batches of {MessagesPerBatch} messages; Rounds__MaxParallelBatches=8, filter off");
        Console.WriteLine();
        Console.WriteLine("| path | runs | seconds (mean) | rounds/s (mean ± sd, each run) | CPU s of this process | CPU s of the sandbox | rounds stored (each run) | messages completed (each run) | abandoned | note |");
        Console.WriteLine("|---|---:|---:|---|---:|---:|---|---|---:|---|");
        Console.WriteLine(Row("`RoundsPipeline.ProcessBatchAsync`, 100 messages per call (baseline)", pipeline));
        Console.WriteLine(Row("`RoundsDrain.RunAsync` over the in-memory receiver (receive 100, pipeline, settle)", drain));
        var ratio = drain.Average(r => rounds / r.Seconds) / pipeline.Average(r => rounds / r.Seconds);
        Console.WriteLine();
        Console.WriteLine($"drain / pipeline: {ratio:P0}");
    }

    private sealed record PhaseResult(
        string Phase, int Run, double Seconds, int Forwarded, int Completed, int Abandoned, int Renewals, double OwnCpu, double SandboxCpu, double StorageCpu, bool SawTestRun)
    {
        public int Stored { get; init; }

        public long Duplicates { get; init; }

        public long SandboxCalls { get; init; }

        public long SandboxRejected { get; init; }

        public bool Verified(int rounds, int messages) =>
            Stored == rounds && Duplicates == 0 && SandboxRejected == 0 && Forwarded == rounds && Completed == messages && Abandoned == 0;
    }

    private sealed record DrainBenchOptions(int Rounds, int Runs, int Warmups, bool WaitIdle)
    {
        public static DrainBenchOptions Parse(string[] args)
        {
            var options = new DrainBenchOptions(200_000, 5, 2, true);
            for (var i = 0; i < args.Length; i++)
            {
                options = args[i] switch
                {
                    "--rounds" => options with { Rounds = int.Parse(args[++i], CultureInfo.InvariantCulture) },
                    "--runs" => options with { Runs = int.Parse(args[++i], CultureInfo.InvariantCulture) },
                    "--warmups" => options with { Warmups = int.Parse(args[++i], CultureInfo.InvariantCulture) },
                    "--no-wait-idle" => options with { WaitIdle = false },
                    _ => throw new ArgumentException($"unknown option {args[i]}"),
                };
            }

            return options.Rounds > 0 && options.Runs > 0 && options.Warmups >= 0 ? options : throw new ArgumentException("--rounds and --runs must be positive, --warmups not negative");
        }
    }
}

/// <summary>A <see cref="ServiceBusClient"/> with no connection: <see cref="CreateReceiver(string, ServiceBusReceiverOptions)"/> hands out the loaded receiver.</summary>
internal sealed class InMemoryServiceBus : ServiceBusClient
{
    private InMemoryReceiver? receiver;

    public InMemoryReceiver Load(IEnumerable<IReadOnlyList<ServiceBusReceivedMessage>> batches) => receiver = new InMemoryReceiver(batches);

    public override ServiceBusReceiver CreateReceiver(string queueName, ServiceBusReceiverOptions options) =>
        options.ReceiveMode == ServiceBusReceiveMode.PeekLock
            ? receiver ?? throw new InvalidOperationException("no batches loaded")
            : throw new InvalidOperationException("the drain must receive in peek-lock mode");

    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

/// <summary>Serves its batches one per receive, then empty batches; settlements and renewals only count.</summary>
internal sealed class InMemoryReceiver(IEnumerable<IReadOnlyList<ServiceBusReceivedMessage>> batches) : ServiceBusReceiver
{
    private static readonly IReadOnlyList<ServiceBusReceivedMessage> NoMessages = [];
    private readonly Queue<IReadOnlyList<ServiceBusReceivedMessage>> batches = new(batches);
    private readonly HashSet<string> completedIds = new(StringComparer.Ordinal);
    private int completed;
    private int abandoned;
    private int renewals;

    public int Completed => Volatile.Read(ref completed);

    public int Abandoned => Volatile.Read(ref abandoned);

    public int Renewals => Volatile.Read(ref renewals);

    public int DistinctCompleted
    {
        get
        {
            lock (completedIds)
            {
                return completedIds.Count;
            }
        }
    }

    public override Task<IReadOnlyList<ServiceBusReceivedMessage>> ReceiveMessagesAsync(int maxMessages, TimeSpan? maxWaitTime = null, CancellationToken cancellationToken = default)
    {
        lock (batches)
        {
            var next = batches.Count > 0 ? batches.Dequeue() : NoMessages;
            return next.Count <= maxMessages
                ? Task.FromResult(next)
                : throw new InvalidOperationException($"a batch of {next.Count} messages for a receive of at most {maxMessages}");
        }
    }

    public override Task CompleteMessageAsync(ServiceBusReceivedMessage message, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref completed);
        lock (completedIds)
        {
            completedIds.Add(message.MessageId);
        }

        return Task.CompletedTask;
    }

    public override Task AbandonMessageAsync(ServiceBusReceivedMessage message, IDictionary<string, object>? propertiesToModify = null, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref abandoned);
        return Task.CompletedTask;
    }

    public override Task RenewMessageLockAsync(ServiceBusReceivedMessage message, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref renewals);
        return Task.CompletedTask;
    }

    public override Task CloseAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
