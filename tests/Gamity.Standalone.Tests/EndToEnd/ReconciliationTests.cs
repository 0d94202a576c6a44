using System.Net;
using System.Text.Json.Nodes;
using Azure.Storage.Blobs;
using Gamity.Integration.Storage;
using Gamity.Integration.WalletOperations;
using Gamity.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using static Gamity.Standalone.Tests.EndToEnd.PayoutsEndToEndTests;

namespace Gamity.Standalone.Tests.EndToEnd;

/// <summary>The finance team's view: every payout and debit of a window, as CSV or JSON, and the daily file.</summary>
public class ReconciliationTests(Azurite azurite)
{
    [Fact]
    public async Task The_export_lists_every_operation_of_the_window_with_its_ids_amounts_and_outcome()
    {
        await using var stack = await Stack.StartAsync(azurite, FastWorkflow);
        var from = DateTimeOffset.UtcNow.AddMinutes(-1);
        var paid = Guid.NewGuid();
        var payout = GamityCalls.Payout(paid, amount: 12.5m, player: "recon-1");
        payout["payoutId"] = "gamity-payout-77";
        Assert.Equal(HttpStatusCode.OK, (await GamityCalls.SendAsync(stack.Client, "payouts", payout)).Status);
        await GamityCalls.SetPlayerAsync(stack, "brand-1", "ghost", 0, refuseWith: "PLAYER_NOT_FOUND");
        var refused = Guid.NewGuid();
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await GamityCalls.SendAsync(stack.Client, "payouts", GamityCalls.Payout(refused, player: "ghost"))).Status);
        var debited = Guid.NewGuid();
        var (_, debitAnswer) = await GamityCalls.SendAsync(stack.Client, "debits", GamityCalls.Debit(debited, amount: 3m, player: "recon-1"));
        var to = DateTimeOffset.UtcNow.AddMinutes(1);
        var window = $"from={Uri.EscapeDataString(from.ToString("yyyy-MM-ddTHH:mm:ssZ"))}&to={Uri.EscapeDataString(to.ToString("yyyy-MM-ddTHH:mm:ssZ"))}";

        var csv = await GetAsync(stack, $"?{window}");
        var rows = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(string.Join(',', ReconciliationRow.Columns), rows[0]);
        Assert.Equal(3, rows.Length - 1);
        var paidRow = Assert.Single(rows, r => r.Contains(paid.ToString(), StringComparison.Ordinal)).Split(',');
        Assert.Equal(["payout", paid.ToString(), "gamity-payout-77", "brand-1", "recon-1", "12.5", "EUR", "credit", "Succeeded"], paidRow[..9]);
        var refusedRow = Assert.Single(rows, r => r.Contains(refused.ToString(), StringComparison.Ordinal)).Split(',');
        Assert.Equal(("Refused", "PLAYER_NOT_FOUND"), (refusedRow[8], refusedRow[11]));

        var json = JsonNode.Parse(await GetAsync(stack, $"?{window}&kind=debits&format=json"))!.AsArray();
        var debit = Assert.Single(json)!;
        Assert.Equal((debited.ToString(), "debit", 3m, debitAnswer!["transactionId"]!.GetValue<string>()),
            (debit["ref"]!.GetValue<string>(), debit["type"]!.GetValue<string>(), debit["amount"]!.GetValue<decimal>(), debit["transactionId"]!.GetValue<string>()));

        // Outside the window: nothing.
        Assert.Single((await GetAsync(stack, "?from=2020-01-01&to=2020-02-01")).Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Theory]
    [InlineData("?to=2026-02-01", "from")]
    [InlineData("?from=2026-02-01&to=2026-01-01", "to")]
    [InlineData("?from=2026-01-01&to=2026-06-01", "to")]
    [InlineData("?from=2026-01-01T00:00:00&to=2026-01-02", "from")]
    [InlineData("?from=2026-01-01&to=2026-01-02&kind=refunds", "kind")]
    [InlineData("?from=2026-01-01&to=2026-01-02&format=xml", "format")]
    public async Task A_bad_window_kind_or_format_is_a_400_naming_the_field(string query, string field)
    {
        await using var stack = await Stack.StartAsync(azurite);

        using var response = await stack.Client.GetAsync("/api/admin/reconciliation" + query, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull(JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!["errors"]![field]);
    }

    [Fact]
    public async Task The_daily_file_holds_the_previous_utc_day_as_the_export_does()
    {
        await using var stack = await Stack.StartAsync(azurite, FastWorkflow);
        foreach (var reference in Enumerable.Range(0, 5).Select(_ => Guid.NewGuid()))
        {
            Assert.Equal(HttpStatusCode.OK, (await GamityCalls.SendAsync(stack.Client, "payouts", GamityCalls.Payout(reference))).Status);
        }

        var today = DateTimeOffset.UtcNow.UtcDateTime.Date;
        var tomorrow = new FakeTimeProvider(new DateTimeOffset(today.AddDays(1).AddHours(0.5), TimeSpan.Zero));
        var name = await ActivatorUtilities.CreateInstance<WalletReconciliation>(stack.Services, tomorrow).WriteDailyReportAsync(Ct);

        Assert.Equal($"{today:yyyy-MM-dd}.csv", name);
        var blob = stack.Services.GetRequiredService<StorageClients>().Blobs.GetBlobContainerClient(StorageNames.ReconciliationContainer).GetBlobClient(name);
        var file = (await blob.DownloadContentAsync(Ct)).Value.Content.ToString();
        Assert.Equal(await GetAsync(stack, $"?from={today:yyyy-MM-dd}&to={today.AddDays(1):yyyy-MM-dd}"), file);
        Assert.Equal(6, file.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    private static async Task<string> GetAsync(Stack stack, string query)
    {
        using var response = await stack.Client.GetAsync("/api/admin/reconciliation" + query, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync(Ct);
    }
}
