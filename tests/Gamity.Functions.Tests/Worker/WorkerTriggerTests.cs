using System.Text;
using System.Text.Json.Nodes;
using Azure.Storage.Queues;
using Gamity.Functions.HostEmulator;
using Gamity.Functions.HostEmulator.Rpc;
using Gamity.Testing;

namespace Gamity.Functions.Tests.Worker;

/// <summary>Timer and queue functions invoked in the real worker the way the host invokes them.</summary>
[Collection(WorkerUnderTest.Collection)]
public class WorkerTriggerTests(Azurite azurite)
{
    [Fact]
    public async Task The_sync_and_refresh_timers_send_the_catalog_to_gamity_and_read_its_active_games()
    {
        await using var worker = await WorkerUnderTest.StartAsync(azurite);
        await worker.Sandbox.PutAsync("/sandbox/gamity/active-games",
            new StringContent("""[{"gameId":"G1","brandIds":["b1"]}]""", Encoding.UTF8, "application/json"), Ct);

        foreach (var timer in new[] { "SyncOperatorsAndBrands", "SyncGames", "RefreshActiveGames" })
        {
            var result = await worker.Host.InvokeTimerAsync(timer);
            Assert.True(result.Result.Status == StatusResult.Types.Status.Success, $"{timer}: {result.Result.Exception?.Message}\n{worker.Host.Output}");
        }

        var casinoGames = JsonNode.Parse(await worker.Sandbox.GetStringAsync("/games", Ct))!.AsArray();
        var gamityGames = JsonNode.Parse(await worker.Sandbox.GetStringAsync("/sandbox/gamity/games", Ct))!.AsArray();
        Assert.Equal(casinoGames.Select(g => (string)g!["gameId"]!).Order(), gamityGames.Select(g => (string)g!["gameId"]!).Order());
        Assert.NotEmpty(JsonNode.Parse(await worker.Sandbox.GetStringAsync("/sandbox/gamity/operators", Ct))!.AsArray());
        var calls = JsonNode.Parse(await worker.Sandbox.GetStringAsync("/sandbox/gamity/calls", Ct))!;
        Assert.Equal(1, calls["active-games"]?["count"]?.GetValue<int>());
        worker.AssertNoWorkerErrors();
    }

    [Fact]
    public async Task The_queue_function_forwards_rounds_and_a_message_that_keeps_failing_goes_to_poison_after_the_hosts_dequeue_count()
    {
        await using var worker = await WorkerUnderTest.StartAsync(azurite, s =>
        {
            s["Rounds__FilterByActiveGames"] = "false";
            s["Rounds__AttemptTimeout"] = "00:00:01";
            s["Rounds__InvocationBudget"] = "00:00:02";
            s["Rounds__RetryBaseDelay"] = "00:00:00.050";
            s["Rounds__MaxRetryDelay"] = "00:00:00.200";
        });
        var queues = new QueueServiceClient(worker.Storage);
        var rounds = queues.GetQueueClient("rounds");
        await rounds.CreateIfNotExistsAsync(cancellationToken: Ct);
        var maxDequeueCount = QueueTrigger.MaxDequeueCount(FunctionAppOutput.File());
        var trigger = new QueueTrigger(worker.Host, queues, "ForwardQueuedRounds", "rounds", maxDequeueCount);

        var round = TestRounds.Round(0, "worker");
        await rounds.SendMessageAsync(Base64(round.ToJsonString()), Ct);
        var delivered = Assert.Single(await trigger.RunOnceAsync(Ct));
        Assert.Equal(StatusResult.Types.Status.Success, delivered.Result.Status);
        Assert.Contains((string)round["roundId"]!, JsonNode.Parse(await worker.Sandbox.GetStringAsync("/sandbox/gamity/rounds/ids", Ct))!.AsArray().Select(id => (string?)id));

        // Gamity down: every invocation fails, the host retries the message, then parks it in rounds-poison.
        await worker.Sandbox.PutAsync("/sandbox/gamity/rounds/faults", new StringContent("""{"errorRate":1.0,"errorStatus":503}""", Encoding.UTF8, "application/json"), Ct);
        var failing = TestRounds.Round(1, "worker");
        await rounds.SendMessageAsync(Base64(failing.ToJsonString()), Ct);
        var failures = 0;
        for (var pass = 0; pass < maxDequeueCount; pass++)
        {
            failures += (await trigger.RunOnceAsync(Ct)).Count(r => r.Result.Status == StatusResult.Types.Status.Failure);
        }

        Assert.Equal(maxDequeueCount, failures);
        Assert.False((await rounds.PeekMessagesAsync(cancellationToken: Ct)).Value.Any());
        var poisoned = Assert.Single((await queues.GetQueueClient("rounds-poison").PeekMessagesAsync(cancellationToken: Ct)).Value);
        Assert.Equal(failing.ToJsonString(), Encoding.UTF8.GetString(Convert.FromBase64String(poisoned.MessageText)));
        Assert.Equal(maxDequeueCount, worker.Host.UnexpectedErrors().Count); // one "invocation threw" per failed try …
        worker.AssertNoWorkerErrors("Gamity.Integration.Rounds.RoundsForwardingException"); // … and nothing else
    }

    [Fact]
    public async Task The_rounds_drain_runs_one_invocation_end_to_end_with_only_its_service_bus_client_replaced()
    {
        var folder = Directory.CreateTempSubdirectory("gamity-drain-").FullName;
        JsonObject first = TestRounds.Round(0, "drain"), second = TestRounds.Round(1, "drain"), third = TestRounds.Round(2, "drain");
        FolderServiceBusClient.WriteMessages(folder,
        [
            ("m-1", first.ToJsonString()),
            ("m-2", new JsonArray(second, third).ToJsonString()),
            ("m-3", "not json"),
        ]);
        await using var worker = await WorkerUnderTest.StartAsync(azurite, s =>
        {
            s["Rounds__FilterByActiveGames"] = "false";
            s["Testing__ServiceBusClient"] = typeof(FolderServiceBusClient).FullName;
            s["Testing__ServiceBusClientAssembly"] = typeof(FolderServiceBusClient).Assembly.Location;
            s["Testing__ServiceBusFolder"] = folder;
        });

        var result = await worker.Host.InvokeTimerAsync("ForwardRounds");

        Assert.True(result.Result.Status == StatusResult.Types.Status.Success, $"{result.Result.Exception?.Message}\n{worker.Host.Output}");
        Assert.Equal(["complete m-1", "complete m-2", "complete m-3"], FolderServiceBusClient.Settlements(folder).Order());
        var forwarded = JsonNode.Parse(await worker.Sandbox.GetStringAsync("/sandbox/gamity/rounds/ids", Ct))!.AsArray().Select(id => (string?)id).ToList();
        Assert.All(new[] { first, second, third }, round => Assert.Contains((string)round["roundId"]!, forwarded));
        worker.AssertNoWorkerErrors();
    }

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
}
