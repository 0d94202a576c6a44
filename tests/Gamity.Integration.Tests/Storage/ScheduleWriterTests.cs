using Azure.Data.Tables;
using Gamity.Testing;
using Gamity.Integration.WalletOperations;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gamity.Integration.Tests.Storage;

/// <summary>The group commit of schedule rows against Azurite: batching, ordering per row, missing rows.</summary>
public class ScheduleWriterTests(Azurite azurite)
{
    private const string Partition = "open";
    private async Task<TableClient> NewTableAsync()
    {
        var table = TestStorage.Clients(azurite.NewAccount()).Tables.GetTableClient("Schedule");
        await table.CreateIfNotExistsAsync(Ct);
        return table;
    }

    private static TableEntity Row(string key, int due) => new(Partition, key) { ["Due"] = due };

    private static async Task<Dictionary<string, int>> RowsAsync(TableClient table)
    {
        var rows = new Dictionary<string, int>();
        await foreach (var row in table.QueryAsync<TableEntity>(cancellationToken: Ct))
        {
            rows[row.RowKey] = row.GetInt32("Due")!.Value;
        }

        return rows;
    }

    [Fact]
    public async Task Concurrent_upserts_are_all_stored_in_far_fewer_transactions_than_rows()
    {
        var table = await NewTableAsync();
        await using var writer = new ScheduleWriter(table, Partition, NullLogger.Instance);

        await Task.WhenAll(Enumerable.Range(0, 1_000).Select(i => writer.UpsertAsync(Row($"r{i}", i), Ct)));

        var rows = await RowsAsync(table);
        Assert.Equal(1_000, rows.Count);
        Assert.All(Enumerable.Range(0, 1_000), i => Assert.Equal(i, rows[$"r{i}"]));
        Assert.InRange(writer.Transactions, 10, 999); // at most 100 rows per transaction, and shared
    }

    [Fact]
    public async Task The_last_change_to_a_row_wins_and_deletes_of_missing_rows_do_not_fail_the_upserts_beside_them()
    {
        var table = await NewTableAsync();
        await using var writer = new ScheduleWriter(table, Partition, NullLogger.Instance);
        await writer.UpsertAsync(Row("kept", 1), Ct);
        await writer.UpsertAsync(Row("removed", 1), Ct);

        writer.Delete("never-written");
        writer.Delete("removed");
        var upserts = Enumerable.Range(0, 50).Select(i => writer.UpsertAsync(Row($"new{i}", i), Ct)).ToList();
        var replaced = writer.UpsertAsync(Row("kept", 2), Ct);
        writer.Delete("never-written-either");
        await Task.WhenAll([.. upserts, replaced]);
        await writer.UpsertAsync(Row("flush", 0), Ct); // one more round trip: the deletes above have been written

        var rows = await RowsAsync(table);
        Assert.Equal(2, rows["kept"]);
        Assert.DoesNotContain("removed", rows.Keys);
        Assert.DoesNotContain("never-written", rows.Keys);
        Assert.Equal(50 + 2, rows.Count); // new0..49, kept, flush
    }

    [Fact]
    public async Task Disposing_writes_the_pending_deletes()
    {
        var table = await NewTableAsync();
        var writer = new ScheduleWriter(table, Partition, NullLogger.Instance);
        await writer.UpsertAsync(Row("a", 1), Ct);
        await writer.UpsertAsync(Row("b", 1), Ct);

        writer.Delete("a");
        await writer.DisposeAsync();

        Assert.Equal(["b"], (await RowsAsync(table)).Keys);
    }

    [Fact]
    public async Task A_failed_transaction_fails_its_waiting_upserts_and_the_writer_keeps_going()
    {
        var table = TestStorage.Clients(azurite.NewAccount()).Tables.GetTableClient("NotCreatedYet");
        await using var writer = new ScheduleWriter(table, Partition, NullLogger.Instance);

        await Assert.ThrowsAnyAsync<Azure.RequestFailedException>(() => writer.UpsertAsync(Row("x", 1), Ct));

        await table.CreateIfNotExistsAsync(Ct);
        await writer.UpsertAsync(Row("x", 2), Ct);
        Assert.Equal(2, (await RowsAsync(table))["x"]);
    }
}
