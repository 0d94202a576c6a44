using System.Text.Json.Nodes;
using Gamity.Functions.Hosting;
using Gamity.Functions.Hosting.Standalone;
using Gamity.Functions.Tests.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;

namespace Gamity.Functions.Tests.Hosting;

/// <summary>The one declaration per function, the checked-in function.json files, host.json and the app's routes agree.</summary>
public class FunctionDeclarationTests
{
    public static TheoryData<string> FunctionNames => new(FunctionCatalog.All.Select(f => f.Name));

    [Theory]
    [MemberData(nameof(FunctionNames))]
    public void Checked_in_function_json_matches_the_declaration(string name)
    {
        var function = FunctionCatalog.All.Single(f => f.Name == name);
        var path = RepoRoot.Combine(name, "function.json");

        Assert.True(File.Exists(path), $"{path} is missing: run `dotnet run --project src/Gamity.Functions -- --write-function-json \"$PWD\"`.");
        Assert.Equal(FunctionJsonFiles.Render(function), File.ReadAllText(path));
    }

    [Fact]
    public void Every_function_folder_in_the_app_root_is_declared()
    {
        var folders = Directory.GetDirectories(RepoRoot.Path)
            .Where(d => File.Exists(Path.Combine(d, "function.json")))
            .Select(Path.GetFileName)
            .Order();

        Assert.Equal(FunctionCatalog.All.Select(f => f.Name).Order(), folders);
    }

    [Fact]
    public void Function_names_follow_the_host_rule_and_are_unique()
    {
        Assert.All(FunctionCatalog.All, f => Assert.Matches("^[A-Za-z][A-Za-z0-9_-]{0,127}$", f.Name));
        Assert.Equal(FunctionCatalog.All.Count, FunctionCatalog.All.Select(f => f.Name.ToLowerInvariant()).Distinct().Count());
    }

    [Fact]
    public void Timer_schedules_come_from_app_settings_that_exist_in_the_sample_settings()
    {
        var sample = JsonNode.Parse(File.ReadAllText(RepoRoot.Combine("local.settings.sample.json")))!["Values"]!.AsObject();
        foreach (var timer in FunctionCatalog.All.OfType<TimerFunction>())
        {
            var setting = $"Schedules__{timer.ScheduleSettingName}";
            Assert.True(sample.ContainsKey(setting), $"local.settings.sample.json lacks {setting}");
            Assert.True(SchedulesOptions.TryParse(sample[setting]!.GetValue<string>(), out _));
            Assert.Equal(timer.Schedule(new SchedulesOptions()), sample[setting]!.GetValue<string>());
        }
    }

    [Fact]
    public void Host_json_queue_settings_equal_the_standalone_poller_defaults()
    {
        var queues = JsonNode.Parse(File.ReadAllText(RepoRoot.Combine("host.json")))!["extensions"]!["queues"]!;
        var defaults = new QueuePollerOptions();

        Assert.Equal(defaults.BatchSize, queues["batchSize"]!.GetValue<int>());
        Assert.Equal(defaults.MaxDequeueCount, queues["maxDequeueCount"]!.GetValue<int>());
        Assert.Equal(defaults.RetryDelay, TimeSpan.Parse(queues["visibilityTimeout"]!.GetValue<string>()));
        Assert.Equal(defaults.MaxPollingInterval, TimeSpan.Parse(queues["maxPollingInterval"]!.GetValue<string>()));
        Assert.Equal("base64", queues["messageEncoding"]!.GetValue<string>());
    }

    [Fact]
    public void Host_json_runs_the_custom_handler_with_forwarding_and_bundle_4()
    {
        var host = JsonNode.Parse(File.ReadAllText(RepoRoot.Combine("host.json")))!;

        Assert.Equal("2.0", host["version"]!.GetValue<string>());
        Assert.Equal("[4.*, 5.0.0)", host["extensionBundle"]!["version"]!.GetValue<string>());
        Assert.Equal("handler/Gamity.Functions", host["customHandler"]!["description"]!["defaultExecutablePath"]!.GetValue<string>());
        Assert.True(host["customHandler"]!["enableForwardingHttpRequest"]!.GetValue<bool>());
        Assert.Equal("api", host["extensions"]!["http"]!["routePrefix"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("Standalone")]
    [InlineData("Functions")]
    public async Task The_app_maps_an_endpoint_for_every_declaration(string mode)
    {
        var settings = TestSettings.Minimal("UseDevelopmentStorage=true");
        if (mode == "Functions")
        {
            settings[HostingModeDetection.PortVariable] = "0";
        }

        await using var app = Program.BuildApp([], b => b.Configuration.AddInMemoryCollection(settings));
        var endpoints = ((IEndpointRouteBuilder)app).DataSources.SelectMany(s => s.Endpoints).OfType<RouteEndpoint>().ToList();

        foreach (var function in FunctionCatalog.All)
        {
            if (function is HttpFunction http)
            {
                var endpoint = Assert.Single(endpoints, e => e.RoutePattern.RawText == http.Path);
                Assert.Contains(http.Method, endpoint.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods);
                Assert.Equal("/api/" + ((JsonObject)http.Bindings()[0]!)["route"]!.GetValue<string>(), endpoint.RoutePattern.RawText);
            }
            else
            {
                // Invocation endpoints exist in Functions mode only; standalone runs timers and pollers instead.
                Assert.Equal(mode == "Functions", endpoints.Any(e => e.RoutePattern.RawText == "/" + function.Name));
            }
        }
    }

    [Fact]
    public void Http_functions_are_forwardable_exactly_one_trigger_and_one_http_output()
    {
        foreach (var http in FunctionCatalog.All.OfType<HttpFunction>())
        {
            var bindings = http.Bindings();
            Assert.Equal(2, bindings.Count);
            Assert.Equal("httpTrigger", bindings[0]!["type"]!.GetValue<string>());
            Assert.Equal("http", bindings[1]!["type"]!.GetValue<string>());
            Assert.DoesNotContain("/", http.Route[..1]);
        }
    }
}
