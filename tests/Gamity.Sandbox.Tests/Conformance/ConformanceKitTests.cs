using Gamity.Sandbox.Conformance;
using Gamity.Testing;

namespace Gamity.Sandbox.Tests.Conformance;

/// <summary>
/// The conformance kit against the real standalone app (sandbox wallet, Azurite, the Durable engine), through a proxy
/// that passes everything — and, check by check, through a proxy that breaks what that check proves.
/// </summary>
public sealed class ConformanceKitTests(ConformanceKitTests.Deployment deployment)
    : IClassFixture<ConformanceKitTests.Deployment>
{
    public const string AdminKey = TestSettings.AdminKey;
    public const string RoundsKey = "conformance-rounds-key";

    private static readonly TimeSpan RollbackWindow = TimeSpan.FromSeconds(10);

    /// <summary>One standalone app for the class, with the wallet's timeouts and the rollback window compressed.</summary>
    public sealed class Deployment(Azurite azurite) : IAsyncLifetime
    {
        public Stack Stack { get; private set; } = null!;

        public async ValueTask InitializeAsync() => Stack = await Stack.StartAsync(azurite, s =>
        {
            s["Rounds:ApiKeys:0"] = RoundsKey;
            // Compressed, with room for a loaded machine: a window shorter than Gamity's repeat under load would roll
            // back debits the checks expect to succeed.
            s["Wallet:AttemptTimeout"] = "00:00:03";
            s["Wallet:DebitDeadline"] = "00:00:03";
            s["Wallet:DebitRollbackAfter"] = RollbackWindow.ToString();
            s["Wallet:RetryBaseDelay"] = "00:00:00.200";
            s["Wallet:MaxRetryDelay"] = "00:00:01";
        });

        public async ValueTask DisposeAsync() => await Stack.DisposeAsync();

        public ConformanceSettings Settings(Uri target, params string[] only) => new()
        {
            Target = target,
            ApiKey = TestSettings.GamityInboundKey,
            AdminKey = AdminKey,
            WalletControl = Stack.Sandbox.BaseAddress,
            RoundsKey = RoundsKey,
            TokenCallerKey = TestSettings.PlayerTokenCallerKey,
            TokenKey = TestSettings.PlayerTokenSecret,
            DebitRollbackAfter = RollbackWindow,
            GamityRetryInterval = TimeSpan.FromMilliseconds(500),
            Outage = TimeSpan.FromSeconds(3),
            Only = new HashSet<string>(only, StringComparer.OrdinalIgnoreCase),
        };
    }

    public static TheoryData<string> CheckNames() => [.. ConformanceKit.Checks.Select(c => c.Name)];

    [Fact]
    public async Task Every_check_passes_against_the_standalone_app()
    {
        await using var proxy = await BreakingProxy.StartAsync(deployment.Stack.App.ListeningAddress(), Break.None);
        var output = new StringWriter();

        var results = await ConformanceKit.RunAsync(deployment.Settings(proxy.Address), output, Ct);

        Assert.True(results.All(r => r.Outcome == CheckOutcome.Passed), output.ToString());
        Assert.Equal(ConformanceKit.Checks.Count, results.Count);
        Assert.EndsWith($"{results.Count} passed, 0 failed", output.ToString().TrimEnd());
    }

    [Theory]
    [MemberData(nameof(CheckNames))]
    public async Task Each_check_fails_against_a_deployment_that_breaks_what_it_proves(string check)
    {
        var @break = Breaks.ByCheck[check];
        await using var proxy = await BreakingProxy.StartAsync(deployment.Stack.App.ListeningAddress(), @break);
        var output = new StringWriter();

        var results = await ConformanceKit.RunAsync(deployment.Settings(proxy.Address, check), output, Ct);

        var result = Assert.Single(results);
        Assert.True(result.Outcome == CheckOutcome.Failed, $"{check} passed against a deployment that {@break.Description}:\n{output}");
        Assert.NotNull(result.Message);
        Assert.EndsWith("0 passed, 1 failed", output.ToString().TrimEnd());
    }

    [Fact]
    public void Every_check_has_a_broken_deployment_to_fail_against()
    {
        Assert.Equal(ConformanceKit.Checks.Select(c => c.Name).Order(), Breaks.ByCheck.Keys.Order());
    }

    [Fact]
    public void The_documentation_lists_every_check()
    {
        var page = File.ReadAllText(RepoRoot.Combine("docs", "conformance.md"));
        Assert.All(ConformanceKit.Checks, c => Assert.Contains($"`{c.Name}`", page));
    }

    [Fact]
    public async Task A_check_that_lacks_an_option_is_not_run_unless_asked_for_by_name()
    {
        var output = new StringWriter();
        var bare = deployment.Settings(deployment.Stack.App.ListeningAddress()) with { TokenKey = null, Only = new HashSet<string>(["tokens"]) };

        var results = await ConformanceKit.RunAsync(bare, output, Ct);

        Assert.Equal(CheckOutcome.Failed, results.Single(r => r.Name == "tokens.verifies").Outcome); // the group was asked for
        Assert.Contains("needs --token-key", results.Single(r => r.Name == "tokens.verifies").Message);

        var all = await ConformanceKit.RunAsync(bare with { Only = new HashSet<string>(["tokens.refuses", "health"]) }, output, Ct);
        Assert.All(all, r => Assert.Equal(CheckOutcome.Passed, r.Outcome));
    }

    [Fact]
    public async Task The_command_exits_0_when_every_check_passes_1_when_one_fails_and_2_for_a_bad_command_line()
    {
        var app = deployment.Stack.App.ListeningAddress().ToString();
        string[] common = ["conformance", "--api-key", TestSettings.GamityInboundKey, "--admin-key", AdminKey, "--wallet-control", deployment.Stack.Sandbox.BaseAddress!.ToString(), "--only", "health,access"];

        await using (var passing = AppProcess.Start("Gamity.Sandbox.dll", new Dictionary<string, string?>(), [.. common, "--target", app, "--report", Path.Combine(Path.GetTempPath(), $"conformance-{Guid.NewGuid():N}.json")]))
        {
            Assert.Equal(0, await passing.WaitForExitAsync(TimeSpan.FromMinutes(1)));
            Assert.EndsWith("3 passed, 0 failed", passing.Output.TrimEnd());
        }

        await using var proxy = await BreakingProxy.StartAsync(deployment.Stack.App.ListeningAddress(), Breaks.ByCheck["access.inbound-key"]);
        await using (var failing = AppProcess.Start("Gamity.Sandbox.dll", new Dictionary<string, string?>(), [.. common, "--target", proxy.Address.ToString()]))
        {
            Assert.Equal(1, await failing.WaitForExitAsync(TimeSpan.FromMinutes(1)));
            Assert.Contains("FAIL access.inbound-key", failing.Output);
            Assert.EndsWith("2 passed, 1 failed", failing.Output.TrimEnd());
        }

        await using var wrong = AppProcess.Start("Gamity.Sandbox.dll", new Dictionary<string, string?>(), "conformance", "--target", "ftp://x", "--only", "payoutz");
        Assert.Equal(2, await wrong.WaitForExitAsync(TimeSpan.FromMinutes(1)));
        Assert.Contains("--api-key is required", wrong.Output);
        Assert.Contains("--target must be an absolute http or https URL", wrong.Output);
    }
}
