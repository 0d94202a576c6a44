using System.Text.Json.Nodes;
using Gamity.Integration;
using Gamity.Integration.Scheduling;
using Gamity.Standalone;
using Gamity.Testing;
using Microsoft.Extensions.Configuration;

namespace Gamity.Functions.Tests;

/// <summary>The Function App's host.json and sample settings, held against what the standalone host does.</summary>
public class HostJsonTests
{
    private static readonly JsonNode Host = JsonNode.Parse(File.ReadAllText(RepoRoot.Combine("host.json")))!;

    [Fact]
    public void The_build_output_carries_the_repository_root_host_json() =>
        Assert.Equal(File.ReadAllText(RepoRoot.Combine("host.json")), File.ReadAllText(FunctionAppOutput.File("host.json")));

    [Fact]
    public void Host_json_is_for_the_isolated_worker_with_the_documented_route_prefix()
    {
        Assert.Equal("2.0", Host["version"]!.GetValue<string>());
        Assert.Null(Host["customHandler"]);
        Assert.Null(Host["extensionBundle"]); // the host loads none for a .NET isolated app: extensions come from .azurefunctions/
        Assert.Equal(GamityIntegration.RoutePrefix, Host["extensions"]!["http"]!["routePrefix"]!.GetValue<string>());
        Assert.Equal("OpenTelemetry", Host["telemetryMode"]!.GetValue<string>());
    }

    /// <summary>
    /// The host's queue trigger and the standalone poller retry and poison alike. With base64 messages the host's
    /// Storage Queues extension moves one it cannot decode to <c>-poison</c> as the poller does (it registers
    /// <c>QueueClientOptions.MessageDecodingFailed</c> for that: docs/adr/0010).
    /// </summary>
    [Fact]
    public void Host_json_queue_settings_equal_the_standalone_poller_defaults()
    {
        var queues = Host["extensions"]!["queues"]!;
        var defaults = new QueuePollerOptions();

        Assert.Equal(defaults.BatchSize, queues["batchSize"]!.GetValue<int>());
        Assert.Equal(defaults.MaxDequeueCount, queues["maxDequeueCount"]!.GetValue<int>());
        Assert.Equal(defaults.RetryDelay, TimeSpan.Parse(queues["visibilityTimeout"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(defaults.MaxPollingInterval, TimeSpan.Parse(queues["maxPollingInterval"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("base64", queues["messageEncoding"]!.GetValue<string>());
    }

    /// <summary>One place for the Durable settings (docs/adr/0012): the standalone engine reads host.json's section, and the host's overrides.</summary>
    [Fact]
    public void The_standalone_engine_applies_host_json_durable_settings_and_the_hosts_overrides()
    {
        var durable = Host["extensions"]!["durableTask"]!;
        var provider = durable["storageProvider"]!;
        Assert.Equal("AzureStorage", provider["type"]!.GetValue<string>());

        var read = new DurableTaskSettings();
        DurableTaskSettings.Read(read, new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build());
        Assert.Equal(durable["hubName"]!.GetValue<string>(), read.HubName);
        Assert.Equal(provider["partitionCount"]!.GetValue<int>(), read.StorageProvider.PartitionCount);
        Assert.Equal(TimeSpan.Parse(provider["maxQueuePollingInterval"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture), read.StorageProvider.MaxQueuePollingInterval);
        Assert.Empty(DurableTaskSettings.Validate(read));

        var overridden = new DurableTaskSettings();
        DurableTaskSettings.Read(overridden, new Microsoft.Extensions.Configuration.ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureFunctionsJobHost:extensions:durableTask:hubName"] = "OtherHub",
            ["AzureFunctionsJobHost:extensions:durableTask:storageProvider:partitionCount"] = "2",
        }).Build());
        Assert.Equal(("OtherHub", 2), (overridden.HubName, overridden.StorageProvider.PartitionCount));
        Assert.NotEmpty(DurableTaskSettings.Validate(new DurableTaskSettings { HubName = "no-dashes" }));
    }

    [Fact]
    public void Every_timer_schedule_and_queue_setting_the_host_resolves_is_in_the_sample_settings_and_valid()
    {
        var sample = JsonNode.Parse(File.ReadAllText(RepoRoot.Combine("local.settings.sample.json")))!["Values"]!.AsObject();

        Assert.Equal("dotnet-isolated", sample["FUNCTIONS_WORKER_RUNTIME"]!.GetValue<string>());
        foreach (var timer in DocumentedFunctions.Timers)
        {
            var setting = $"Schedules__{timer}";
            Assert.True(sample.ContainsKey(setting), $"local.settings.sample.json lacks {setting}: the host cannot index {timer} without it");
            Assert.True(Schedule.TryParse(sample[setting]!.GetValue<string>(), out _), $"{setting} is not NCRONTAB");
        }

        Assert.True(sample.ContainsKey("Rounds__QueueName"));
    }
}
