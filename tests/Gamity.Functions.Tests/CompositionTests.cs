using System.Reflection;
using System.Text;
using System.Text.Json.Nodes;
using Gamity.Functions.ActiveGames;
using Gamity.Functions.ApiDocument;
using Gamity.Functions.Catalog;
using Gamity.Functions.Debits;
using Gamity.Functions.Health;
using Gamity.Functions.Payouts;
using Gamity.Functions.PlayerTokens;
using Gamity.Functions.Rounds;
using Gamity.Functions.WalletOperations;
using Gamity.Functions.Widget;
using Gamity.Integration.WalletOperations;
using Gamity.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Moq;

namespace Gamity.Functions.Tests;

/// <summary>
/// The Function App composed exactly as Program.cs does (every registration validated at build, scopes checked),
/// and every adapter called once over real services: Azurite, and the sandbox as Gamity, casino and wallet. The
/// Functions host itself cannot run here, so its part — binding the trigger's input — is played by the test.
/// </summary>
public sealed class CompositionTests(Azurite azurite) : IAsyncLifetime
{
    private readonly HashSet<string> called = [];
    private Microsoft.AspNetCore.Builder.WebApplication? sandbox;
    private IHost? host;

    public async ValueTask InitializeAsync()
    {
        sandbox = await TestSandbox.StartAsync();
        var sandboxUrl = sandbox.Urls.Single();
        var settings = TestSettings.Minimal(azurite.NewAccount(), sandboxUrl, sandboxUrl);
        settings["Rounds:ApiKeys:0"] = "rounds-key";
        settings["Rounds:FilterByActiveGames"] = "false";
        host = Build(settings);
    }

    public async ValueTask DisposeAsync()
    {
        host?.Dispose();
        if (sandbox is not null)
        {
            await sandbox.DisposeAsync();
        }
    }

    internal static IHost Build(Dictionary<string, string?> settings)
    {
        var builder = FunctionsApplication.CreateBuilder([]);
        builder.Configuration.AddInMemoryCollection(settings);
        FunctionApp.Configure(builder);
        builder.ConfigureContainer(new DefaultServiceProviderFactory(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true }));
        return builder.Build();
    }

    [Fact]
    public void Every_function_class_resolves_with_its_dependencies()
    {
        using var scope = host!.Services.CreateScope();
        foreach (var type in FunctionClasses().Where(t => !t.IsAbstract || !t.IsSealed))
        {
            Assert.NotNull(ActivatorUtilities.CreateInstance(scope.ServiceProvider, type));
        }
    }

    [Fact]
    public async Task Every_adapter_hands_its_trigger_input_to_the_product()
    {
        await using var scope = host!.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        T Create<T>() => ActivatorUtilities.CreateInstance<T>(services);
        var context = new Mock<FunctionContext>();
        context.SetupGet(c => c.InstanceServices).Returns(services);
        var timer = new TimerInfo { IsPastDue = false };

        Assert.Equal(200, await CallAsync("Health", Create<HealthFunctions>().GetAsync(Request("GET", "/api/health"), Ct)));

        // Catalog: the sandbox's demo catalog goes to the sandbox's Gamity.
        var catalog = Create<CatalogFunctions>();
        await Call("SyncOperatorsAndBrands", catalog.SyncOperatorsAndBrands(timer, context.Object, Ct));
        await Call("SyncGames", catalog.SyncGames(timer, context.Object, Ct));
        Assert.Equal(200, await CallAsync("RunCatalogSync", catalog.RunSyncAsync(Request("POST", "/api/admin/catalog/sync/games", admin: true), "games", Ct)));
        Assert.Equal(200, await CallAsync("GetCatalogSyncRuns", catalog.GetRunsAsync(Request("GET", "/api/admin/catalog/runs/games", admin: true, query: "?take=5"), "games", Ct)));
        Assert.Equal(200, await CallAsync("PreviewCatalogSync", catalog.PreviewAsync(Request("GET", "/api/admin/catalog/preview/games", admin: true), "games", Ct)));
        await Call("RefreshActiveGames", ActiveGamesFunctions.RefreshActiveGames(timer, context.Object, Ct));

        // Rounds over HTTP and from the Storage queue.
        var rounds = Create<RoundsFunctions>();
        var round = TestRounds.Round(1, "fa").ToJsonString();
        Assert.Equal(200, await CallAsync("ReceiveRounds", rounds.ReceiveAsync(Request("POST", "/api/rounds", body: round, key: "rounds-key"), Ct)));
        await Call("ForwardRounds", ForwardRoundsFunction.ForwardRounds(timer, context.Object, Ct)); // no Service Bus here: drains nothing
        Assert.Equal(409, await CallAsync("ListDeadLetteredRounds", rounds.ListDeadLettersAsync(Request("GET", "/api/admin/rounds/dead-letters", admin: true), Ct)));
        Assert.Equal(409, await CallAsync("ReplayDeadLetteredRounds", rounds.ReplayDeadLettersAsync(Request("POST", "/api/admin/rounds/dead-letters/replay", admin: true, query: "?max=10"), Ct)));
        await Call("ForwardQueuedRounds", rounds.ForwardQueuedRounds(TestRounds.Round(2, "fa").ToJsonString(), "m-1", 1, DateTimeOffset.UtcNow, context.Object, Ct));

        // A payout and a debit, their operator views and re-drives (nothing failed, so a re-drive is a 409).
        // The host's [DurableClient] binding is played by a mock: a healthy wallet settles both inline, no orchestration starts.
        var orchestrations = new Mock<DurableTaskClient>("host");
        var payouts = Create<PayoutFunctions>();
        var payoutRef = Guid.NewGuid();
        Assert.Equal(200, await CallAsync("ReceivePayout", payouts.ReceiveAsync(Request("POST", "/api/gamity/payouts", body: GamityCalls.Payout(payoutRef).ToJsonString(), key: TestSettings.GamityInboundKey), orchestrations.Object, Ct)));
        Assert.Equal(200, await CallAsync("GetPayout", payouts.GetAsync(Request("GET", $"/api/payouts/{payoutRef}", admin: true), payoutRef.ToString().ToUpperInvariant(), orchestrations.Object, Ct)));
        Assert.Equal(409, await CallAsync("RedrivePayout", payouts.RedriveAsync(Request("POST", $"/api/payouts/{payoutRef}/redrive", admin: true), payoutRef.ToString(), orchestrations.Object, Ct)));
        var debits = Create<DebitFunctions>();
        var debitRef = Guid.NewGuid();
        Assert.Equal(200, await CallAsync("ReceiveDebit", debits.ReceiveAsync(Request("POST", "/api/gamity/debits", body: GamityCalls.Debit(debitRef).ToJsonString(), key: TestSettings.GamityInboundKey), orchestrations.Object, Ct)));
        Assert.Equal(200, await CallAsync("GetDebit", debits.GetAsync(Request("GET", $"/api/debits/{debitRef}", admin: true), debitRef.ToString(), orchestrations.Object, Ct)));
        Assert.Equal(409, await CallAsync("RedriveDebit", debits.RedriveAsync(Request("POST", $"/api/debits/{debitRef}/redrive", admin: true), debitRef.ToString(), orchestrations.Object, Ct)));
        orchestrations.Verify(o => o.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()), Times.Never);

        // The orchestration adapters over a mocked context (the engine's replay is the host's), the activities over the
        // records just written: each finds its ref settled and leaves it so.
        var payoutStep = new WalletStep(payoutRef.ToString(), OperationKind.Payout, 1);
        var debitStep = new WalletStep(debitRef.ToString(), OperationKind.Debit, 1);
        var orchestration = new Mock<TaskOrchestrationContext>();
        orchestration.SetupGet(o => o.CurrentUtcDateTime).Returns(DateTime.UtcNow);
        orchestration.Setup(o => o.GetInput<WalletRetryInput>()).Returns(new WalletRetryInput(
            payoutRef.ToString(), OperationKind.Payout, OperationState.Retrying, 1, 1, DateTimeOffset.UtcNow.AddMinutes(-1), null,
            TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromMinutes(1), TimeSpan.FromHours(1)));
        orchestration.Setup(o => o.CallActivityAsync<AttemptReport>(It.Is<TaskName>(n => n.Name == "GiveUpWalletOperation"), payoutStep, It.IsAny<TaskOptions?>()))
            .ReturnsAsync(new AttemptReport(OperationState.Succeeded, 1, 1, null));
        Assert.Equal(OperationState.Succeeded, await Called("RetryPayout", WalletOrchestrationFunctions.RetryPayout(orchestration.Object)));
        orchestration.Setup(o => o.GetInput<WalletRetryInput>()).Returns(new WalletRetryInput(
            debitRef.ToString(), OperationKind.Debit, OperationState.Succeeded, 1, 1, DateTimeOffset.UtcNow.AddHours(1), DateTimeOffset.UtcNow,
            TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromMinutes(1), TimeSpan.FromHours(1)));
        Assert.Equal(OperationState.Succeeded, await Called("ResolveDebit", WalletOrchestrationFunctions.ResolveDebit(orchestration.Object)));
        Assert.Equal(OperationState.Succeeded, (await Called("AttemptWalletOperation", WalletOrchestrationFunctions.AttemptWalletOperation(payoutStep, context.Object))).State);
        Assert.Equal(OperationState.Succeeded, (await Called("LookUpUnknownDebit", WalletOrchestrationFunctions.LookUpUnknownDebit(debitStep, context.Object))).State);
        Assert.Equal(OperationState.Succeeded, (await Called("RollBackDebit", WalletOrchestrationFunctions.RollBackDebit(debitStep, context.Object))).State);
        Assert.Equal(OperationState.Succeeded, (await Called("GiveUpWalletOperation", WalletOrchestrationFunctions.GiveUpWalletOperation(payoutStep, context.Object))).State);

        // Reconciliation: the day's file and the operators' export.
        var reconciliation = Create<ReconciliationFunctions>();
        await Call("WriteReconciliationReport", reconciliation.WriteReconciliationReport(timer, context.Object, Ct));
        Assert.Equal(200, await CallAsync("GetReconciliation", Task.FromResult(reconciliation.Get(Request("GET", "/api/admin/reconciliation", admin: true, query: "?from=2026-01-01&to=2026-02-01")))));

        // Retention: the histories go through the host's client; the records just written are far younger than 90 days.
        orchestrations.Setup(o => o.PurgeAllInstancesAsync(It.IsAny<PurgeInstancesFilter>(), It.IsAny<CancellationToken>())).ReturnsAsync(new PurgeResult(0));
        await Call("PurgeWalletHistory", WalletHistoryFunctions.PurgeWalletHistory(timer, orchestrations.Object, context.Object, Ct));
        await Call("SweepStalledWalletOperations", WalletHistoryFunctions.SweepStalledWalletOperations(timer, orchestrations.Object, context.Object, Ct));
        orchestrations.Verify(o => o.PurgeAllInstancesAsync(It.Is<PurgeInstancesFilter>(f => f.CreatedTo < DateTimeOffset.UtcNow.AddDays(-29)), It.IsAny<CancellationToken>()), Times.Once);
        Assert.NotNull(await services.GetRequiredService<WalletOperationStore>().GetAsync(payoutRef.ToString(), OperationKind.Payout, Ct));

        // The widget's two endpoints.
        var tokenBody = """{"brandId":"aurora-casino","playerId":"player-1","currency":"EUR","purpose":"widget"}""";
        Assert.Equal(200, await CallAsync("IssuePlayerToken", Create<PlayerTokenFunctions>().IssueAsync(Request("POST", "/api/player-token", body: tokenBody, key: TestSettings.PlayerTokenCallerKey), Ct)));
        Assert.Equal(200, await CallAsync("GetWidgetAvailability", Create<WidgetFunctions>().GetAvailabilityAsync(Request("GET", "/api/widget/availability", query: "?brandId=aurora-casino&gameId=PNG_GUNSLINGER_RELOADED"), Ct)));

        Assert.Equal(200, await CallAsync("GetOpenApiDocument", Task.FromResult(ApiDocumentFunctions.Get(Request("GET", "/api/openapi.json")))));

        // What reached the sandbox: the catalog, both rounds, one credit and one debit.
        using var http = new HttpClient { BaseAddress = new Uri(sandbox!.Urls.Single()) };
        Assert.NotEmpty(JsonNode.Parse(await http.GetStringAsync("/sandbox/gamity/games", Ct))!.AsArray());
        Assert.Equal(["fa-000001", "fa-000002"], JsonNode.Parse(await http.GetStringAsync("/sandbox/gamity/rounds/ids", Ct))!.AsArray().Select(i => i!.GetValue<string>()).Order());
        var wallet = JsonNode.Parse(await http.GetStringAsync("/sandbox/wallet/summary", Ct))!;
        Assert.Equal((1, 1), (wallet["credits"]!.GetValue<int>(), wallet["debits"]!.GetValue<int>()));

        Assert.Equal(FunctionNames().Order(), called.Order());
    }

    private static IEnumerable<Type> FunctionClasses() =>
        typeof(FunctionApp).Assembly.GetTypes().Where(t => t.GetMethods().Any(m => m.GetCustomAttribute<FunctionAttribute>() is not null));

    private static IEnumerable<string> FunctionNames() =>
        FunctionClasses().SelectMany(t => t.GetMethods()).Select(m => m.GetCustomAttribute<FunctionAttribute>()?.Name).OfType<string>();

    private async Task Call(string function, Task invocation)
    {
        await invocation;
        called.Add(function);
    }

    private async Task<T> Called<T>(string function, Task<T> invocation)
    {
        var result = await invocation;
        called.Add(function);
        return result;
    }

    /// <summary>Executes the adapter's result on its HttpContext, as the ASP.NET Core integration does, and returns the status.</summary>
    private async Task<int> CallAsync(string function, Task<IResult> invocation)
    {
        var result = await invocation;
        var http = LastRequest!.HttpContext;
        await result.ExecuteAsync(http);
        called.Add(function);
        return http.Response.StatusCode;
    }

    private HttpRequest? LastRequest { get; set; }

    private HttpRequest Request(string method, string path, string? body = null, string? key = null, bool admin = false, string query = "")
    {
        var http = new DefaultHttpContext { RequestServices = host!.Services.CreateScope().ServiceProvider };
        http.Request.Method = method;
        http.Request.Path = path;
        http.Request.QueryString = new QueryString(query);
        http.Connection.RemoteIpAddress = System.Net.IPAddress.Loopback;
        http.Response.Body = new MemoryStream();
        if (body is not null)
        {
            http.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(body));
            http.Request.ContentType = "application/json";
        }

        if ((admin ? "admin-key" : key) is { } apiKey)
        {
            http.Request.Headers["X-API-Key"] = apiKey;
        }

        LastRequest = http.Request;
        return http.Request;
    }
}
