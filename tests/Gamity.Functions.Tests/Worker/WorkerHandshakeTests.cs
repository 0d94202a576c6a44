using System.Text.Json.Nodes;
using Gamity.Functions.HostEmulator;
using Gamity.Testing;

namespace Gamity.Functions.Tests.Worker;

/// <summary>The built worker under the host emulator: it connects, initialises, reports its functions and loads them.</summary>
[Collection(WorkerUnderTest.Collection)]
public class WorkerHandshakeTests(Azurite azurite)
{
    [Fact]
    public async Task The_worker_reports_at_run_time_exactly_the_functions_of_the_generated_functions_metadata()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        await using var host = await FunctionsHostEmulator.StartAsync(
            FunctionAppOutput.File(), TestSettings.Environment(azurite.NewAccount(), sandbox.Urls.Single(), sandbox.Urls.Single()), Ct);

        var generated = JsonNode.Parse(File.ReadAllText(FunctionAppOutput.File("functions.metadata")))!.AsArray()
            .ToDictionary(f => (string)f!["name"]!, f => f!.AsObject());
        Assert.Equal(generated.Keys.Order(), host.ReportedMetadata.Select(m => m.Name).Order());
        foreach (var reported in host.ReportedMetadata)
        {
            var file = generated[reported.Name];
            Assert.Equal((string)file["entryPoint"]!, reported.EntryPoint);
            Assert.Equal((string)file["scriptFile"]!, Path.GetFileName(reported.ScriptFile));
            var bindings = file["bindings"]!.AsArray();
            Assert.Equal(bindings.Count, reported.RawBindings.Count);
            for (var i = 0; i < bindings.Count; i++)
            {
                Assert.True(JsonNode.DeepEquals(WithoutEmptyProperties(bindings[i]!), WithoutEmptyProperties(JsonNode.Parse(reported.RawBindings[i])!)),
                    $"{reported.Name} binding {i}: {bindings[i]} vs {reported.RawBindings[i]}");
            }
        }

        Assert.Empty(host.UnexpectedErrors());
    }

    [Theory]
    [InlineData("Gamity__BaseUrl", null, "Gamity__BaseUrl")]
    [InlineData("Schedules__SyncGames", "every night", "Schedules__SyncGames")]
    public async Task A_bad_setting_makes_the_worker_exit_2_naming_it_before_it_connects(string setting, string? value, string named)
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var settings = WorkerUnderTest.Settings(azurite.NewAccount(), sandbox.Urls.Single());
        settings[setting] = value;

        var refused = await Assert.ThrowsAsync<WorkerDidNotStartException>(() => FunctionsHostEmulator.StartAsync(FunctionAppOutput.File(), settings, Ct));

        Assert.Equal(2, refused.ExitCode);
        Assert.Contains(named, refused.Output);
    }

    /// <summary>The file writes <c>"properties": {}</c> on every binding; the worker leaves an empty one out.</summary>
    private static JsonNode WithoutEmptyProperties(JsonNode binding)
    {
        var copy = binding.DeepClone().AsObject();
        if (copy["properties"] is JsonObject { Count: 0 })
        {
            copy.Remove("properties");
        }

        return copy;
    }
}
