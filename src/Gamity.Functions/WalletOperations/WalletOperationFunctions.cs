using System.Text.Json;
using Gamity.Functions.Configuration;
using Gamity.Functions.Debits;
using Gamity.Functions.Hosting;
using Gamity.Functions.Hosting.Invocation;
using Gamity.Functions.Http;
using Gamity.Functions.Inbound;
using Gamity.Functions.Payouts;
using Gamity.Functions.Wallet;
using Microsoft.Extensions.Options;

namespace Gamity.Functions.WalletOperations;

/// <summary>Trigger adapters of payouts, debits and their durable workflow.</summary>
public static class WalletOperationFunctions
{
    /// <summary><c>POST /api/gamity/payouts</c>: Gamity pays a prize (contract §6). Idempotent on <c>payoutRef</c>.</summary>
    public static readonly HttpFunction ReceivePayout = new("ReceivePayout", "POST", "gamity/payouts",
        (HttpRequest request, WalletOperationEngine engine, IOptions<GamityResponses> responses, IOptions<WalletOptions> wallet, CancellationToken ct) =>
            ReceiveAsync(request, engine, responses.Value, wallet.Value, PayoutRequest.Read, p => (OperationKind.Payout, p.PayoutRef, p.Hash(), p.Work()), ct),
        HttpAccess.GamityKey);

    /// <summary><c>POST /api/gamity/debits</c>: Gamity takes a buy-in (contract §7). Idempotent on <c>debitRef</c>.</summary>
    public static readonly HttpFunction ReceiveDebit = new("ReceiveDebit", "POST", "gamity/debits",
        (HttpRequest request, WalletOperationEngine engine, IOptions<GamityResponses> responses, IOptions<WalletOptions> wallet, CancellationToken ct) =>
            ReceiveAsync(request, engine, responses.Value, wallet.Value, DebitRequest.Read, d => (OperationKind.Debit, d.DebitRef, d.Hash(), d.Work()), ct),
        HttpAccess.GamityKey);

    public static readonly HttpFunction GetPayout = View("GetPayout", "payouts", OperationKind.Payout);

    public static readonly HttpFunction GetDebit = View("GetDebit", "debits", OperationKind.Debit);

    /// <summary><c>POST /api/payouts/{ref}/redrive</c>: a <c>Failed</c> payout gets a fresh retry budget.</summary>
    public static readonly HttpFunction RedrivePayout = Redrive("RedrivePayout", "payouts", OperationKind.Payout);

    /// <summary><c>POST /api/debits/{ref}/redrive</c>: a debit whose rollback failed tries the rollback again.</summary>
    public static readonly HttpFunction RedriveDebit = Redrive("RedriveDebit", "debits", OperationKind.Debit);

    /// <summary>One workflow step per message; the message's visibility delay is the step's timer.</summary>
    public static readonly QueueFunction RunWalletOperation = new("RunWalletOperation", WalletOperationStore.QueueName, async (services, message, ct) =>
    {
        var step = JsonSerializer.Deserialize(message.Body, WalletOperationsJsonContext.Default.OperationMessage)
            ?? throw new InvocationFormatException("The wallet-operations message is not {\"ref\":…,\"kind\":…}.");
        await services.GetRequiredService<WalletOperationEngine>().RunStepAsync(step.Ref, step.Kind, ct);
        return InvocationResult.WithLog($"{step.Kind} {step.Ref}: step run");
    });

    /// <summary>Every minute: re-drives any open operation whose next step is overdue (a lost message, a crash between writes).</summary>
    public static readonly TimerFunction SweepWalletOperations = new("SweepWalletOperations", nameof(SchedulesOptions.SweepWalletOperations), s => s.SweepWalletOperations,
        async (services, _, ct) =>
        {
            var store = services.GetRequiredService<WalletOperationStore>();
            var overdue = await store.GetOverdueAsync(services.GetRequiredService<TimeProvider>().GetUtcNow(), 1_000, ct);
            foreach (var step in overdue)
            {
                await store.EnqueueAsync(step.Ref, step.Kind, TimeSpan.Zero, ct);
            }

            return InvocationResult.WithLog($"SweepWalletOperations: {overdue.Count} overdue operation(s) re-driven");
        });

    public static IEnumerable<FunctionDefinition> All =>
        [ReceivePayout, ReceiveDebit, GetPayout, GetDebit, RedrivePayout, RedriveDebit, RunWalletOperation, SweepWalletOperations];

    public static IServiceCollection AddWalletOperations(this IServiceCollection services)
    {
        services.AddValidatedOptions<WalletOptions>(WalletOptions.Section, WalletOptions.Validate);
        services.AddValidatedOptions<InboundOptions>(InboundOptions.Section, InboundOptions.Validate);
        services.AddValidatedOptions<GamityResponses>(GamityResponses.Section, GamityResponses.Validate);
        services.AddSingleton<ClientAddressPolicy>();
        services.AddHostedService<InboundStartupWarning>();
        services.AddSingleton<WalletOperationStore>();
        services.AddSingleton<WalletMetrics>();
        services.AddSingleton<CrashHook>();
        services.AddTransient<WalletOperationEngine>();
        services.AddHttpClient<WalletClient>((sp, http) =>
            {
                var wallet = sp.GetRequiredService<IOptions<WalletOptions>>().Value;
                http.BaseAddress = new Uri(wallet.BaseUrl.TrimEnd('/') + "/");
                if (!string.IsNullOrEmpty(wallet.ApiKey))
                {
                    http.DefaultRequestHeaders.Add("X-API-Key", wallet.ApiKey);
                }

                http.Timeout = Timeout.InfiniteTimeSpan; // every call has its own deadline
            })
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), MaxConnectionsPerServer = 256 });
        return services;
    }

    private static async Task<IResult> ReceiveAsync<TRequest>(
        HttpRequest request, WalletOperationEngine engine, GamityResponses responses, WalletOptions wallet,
        Func<InboundRequestReader, TRequest?> read, Func<TRequest, (OperationKind Kind, string Ref, string Hash, WalletWork Work)> describe, CancellationToken ct)
        where TRequest : class
    {
        var (document, error, tooLarge) = await InboundRequestReader.ReadBodyAsync(request, ct);
        if (document is null)
        {
            return tooLarge
                ? BoundedBody.TooLargeProblem(InboundRequestReader.MaxBodyBytes, "the inbound body limit")
                : GamityAnswers.Invalid(responses, new Dictionary<string, string[]> { ["body"] = [error!] });
        }

        using (document)
        {
            var reader = InboundRequestReader.For(document);
            if (read(reader) is not { } parsed)
            {
                return GamityAnswers.Invalid(responses, reader.Errors);
            }

            var (kind, reference, hash, work) = describe(parsed);
            if (work.Amount > wallet.MaxAmountFor(work.Currency))
            {
                // A ref stored before Wallet__MaxAmount was lowered keeps its answer; a new one is refused and nothing is stored.
                return await engine.FindAsync(reference, kind, ct) is { } existing
                    ? GamityAnswers.For(new ReceiveResult(existing, Conflict: !string.Equals(existing.RequestHash, hash, StringComparison.Ordinal)), responses)
                    : GamityAnswers.AboveMaximum(responses, kind, reference, work, wallet.MaxAmountFor(work.Currency));
            }

            return GamityAnswers.For(await engine.ReceiveAsync(kind, reference, hash, work, ct), responses);
        }
    }

    // Operator routes take the ref in any letter case: records are keyed by its canonical form.
    private static HttpFunction View(string name, string resource, OperationKind kind) => new(name, "GET", resource + "/{ref}",
        async Task<IResult> (string @ref, WalletOperationStore store, CancellationToken ct) =>
            InboundRequestReader.CanonicalUuid(@ref) is not { } canonical ? NotARef()
            : await store.GetAsync(canonical, kind, ct) is { } operation ? TypedResults.Ok(OperationView.Of(operation))
            : TypedResults.NotFound(),
        HttpAccess.AdminKey);

    private static HttpFunction Redrive(string name, string resource, OperationKind kind) => new(name, "POST", resource + "/{ref}/redrive",
        async Task<IResult> (string @ref, WalletOperationEngine engine, CancellationToken ct) => InboundRequestReader.CanonicalUuid(@ref) is not { } canonical ? NotARef() : await engine.RedriveAsync(canonical, kind, ct) switch
        {
            (null, _) => TypedResults.NotFound(),
            ({ } operation, true) => TypedResults.Ok(OperationView.Of(operation)),
            ({ } other, false) => TypedResults.Problem($"Only a Failed {kind.ToString().ToLowerInvariant()} can be re-driven; this one is {other.State}.", statusCode: StatusCodes.Status409Conflict),
        },
        HttpAccess.AdminKey);

    private static IResult NotARef() =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["ref"] = ["ref must be a UUID (e.g. 0e17e833-a4db-41d0-83d1-adb539631864)"] });

    private sealed class InboundStartupWarning(ClientAddressPolicy policy, ILogger<InboundStartupWarning> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            if (policy.AllowsEveryone)
            {
                logger.LogWarning("Inbound__AllowedIpRanges is empty: payouts and debits are accepted from any address. Set Gamity's egress ranges in production.");
            }

            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
