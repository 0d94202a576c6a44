using System.Text.Json.Nodes;
using Gamity.Testing;

namespace Gamity.Functions.Tests;

/// <summary>What the Functions host reads from the build output: <c>functions.metadata</c> and <c>extensions.json</c>.</summary>
public class FunctionMetadataTests
{
    private static readonly JsonArray Metadata = JsonNode.Parse(File.ReadAllText(FunctionAppOutput.File("functions.metadata")))!.AsArray();

    private static JsonObject Function(string name) =>
        Metadata.SingleOrDefault(f => f!["name"]!.GetValue<string>() == name)?.AsObject() ?? throw new Xunit.Sdk.XunitException($"function {name} is not in functions.metadata");

    private static JsonObject Trigger(string name) =>
        Function(name)["bindings"]!.AsArray().Single(b => b!["type"]!.GetValue<string>().EndsWith("Trigger", StringComparison.Ordinal))!.AsObject();

    [Fact]
    public void Every_documented_function_is_there_and_nothing_else() =>
        Assert.Equal(DocumentedFunctions.AllNames.Order(), Metadata.Select(f => f!["name"]!.GetValue<string>()).Order());

    [Fact]
    public void Http_functions_keep_their_routes_methods_and_anonymous_auth_and_answer_through_the_return_value()
    {
        foreach (var (name, method, route) in DocumentedFunctions.Http)
        {
            var trigger = Trigger(name);
            Assert.Equal(("httpTrigger", route, "Anonymous"), (trigger["type"]!.GetValue<string>(), trigger["route"]!.GetValue<string>(), trigger["authLevel"]!.GetValue<string>()));
            Assert.Equal([method], trigger["methods"]!.AsArray().Select(m => m!.GetValue<string>()));
            Assert.Contains(Function(name)["bindings"]!.AsArray(), b => b!["type"]!.GetValue<string>() == "http" && b["name"]!.GetValue<string>() == "$return");
        }
    }

    [Fact]
    public void Timers_read_their_schedule_from_the_setting_named_after_them()
    {
        foreach (var name in DocumentedFunctions.Timers)
        {
            var trigger = Trigger(name);
            Assert.Equal(("timerTrigger", $"%Schedules:{name}%"), (trigger["type"]!.GetValue<string>(), trigger["schedule"]!.GetValue<string>()));
        }
    }

    [Fact]
    public void Queue_functions_read_their_queue_on_the_host_storage_as_text()
    {
        foreach (var (name, queue) in DocumentedFunctions.Queues)
        {
            var trigger = Trigger(name);
            Assert.Equal(("queueTrigger", queue, "AzureWebJobsStorage", "String"),
                (trigger["type"]!.GetValue<string>(), trigger["queueName"]!.GetValue<string>(), trigger["connection"]!.GetValue<string>(), trigger["dataType"]!.GetValue<string>()));
        }
    }

    [Fact]
    public void Orchestrators_and_activities_are_the_ones_the_standalone_engine_registers()
    {
        Assert.All(DocumentedFunctions.Orchestrators, name => Assert.Equal("orchestrationTrigger", Trigger(name)["type"]!.GetValue<string>()));
        Assert.All(DocumentedFunctions.Activities, name => Assert.Equal("activityTrigger", Trigger(name)["type"]!.GetValue<string>()));
        Assert.Equal(DocumentedFunctions.Orchestrators.Order(), Integration.WalletOperations.WalletOrchestrations.OrchestratorNames.Order());
        Assert.Equal(DocumentedFunctions.Activities.Order(), Integration.WalletOperations.WalletOrchestrations.ActivityNames.Order());
    }

    [Fact]
    public void Payout_and_debit_routes_take_the_hosts_durable_client()
    {
        Assert.All(DocumentedFunctions.DurableClients, name =>
            Assert.Contains(Function(name)["bindings"]!.AsArray(), b => b!["type"]!.GetValue<string>() == "durableClient"));
        Assert.Equal(
            DocumentedFunctions.DurableClients.Order(),
            Metadata.Where(f => f!["bindings"]!.AsArray().Any(b => b!["type"]!.GetValue<string>() == "durableClient")).Select(f => f!["name"]!.GetValue<string>()).Order());
    }

    [Fact]
    public void Every_function_runs_on_the_isolated_worker_from_the_app_assembly()
    {
        Assert.All(Metadata, f =>
        {
            Assert.Equal("dotnet-isolated", f!["language"]!.GetValue<string>());
            Assert.Equal("Gamity.Functions.dll", f["scriptFile"]!.GetValue<string>());
        });
    }

    [Fact]
    public void Extensions_json_loads_the_storage_queues_and_durable_extensions_from_the_app()
    {
        var extensions = JsonNode.Parse(File.ReadAllText(FunctionAppOutput.File("extensions.json")))!["extensions"]!.AsArray();

        var durable = Assert.Single(extensions, e => e!["name"]!.GetValue<string>() == "DurableTask")!;
        Assert.StartsWith("./.azurefunctions/", durable["hintPath"]!.GetValue<string>());
        Assert.True(File.Exists(FunctionAppOutput.File(".azurefunctions", "Microsoft.Azure.WebJobs.Extensions.DurableTask.dll")));

        var queues = Assert.Single(extensions, e => e!["name"]!.GetValue<string>() == "AzureStorageQueues")!;
        Assert.StartsWith("./.azurefunctions/", queues["hintPath"]!.GetValue<string>());
        Assert.True(File.Exists(FunctionAppOutput.File(".azurefunctions", "Microsoft.Azure.WebJobs.Extensions.Storage.Queues.dll")));
        Assert.True(File.Exists(FunctionAppOutput.File("worker.config.json")));
    }
}

/// <summary>The Function App's build output, where the Functions SDK writes what the host reads.</summary>
public static class FunctionAppOutput
{
    /// <summary>The same configuration as this test run (Release in CI).</summary>
    public static string File(params string[] parts)
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Debug" : "Release";
        return RepoRoot.Combine(["src", "Gamity.Functions", "bin", configuration, "net10.0", .. parts]);
    }
}
