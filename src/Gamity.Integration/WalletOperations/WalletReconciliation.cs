using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Azure.Storage.Blobs;
using Gamity.Integration.Defaults;
using Gamity.Integration.Scheduling;
using Gamity.Integration.Storage;
using Microsoft.Extensions.Options;

namespace Gamity.Integration.WalletOperations;

/// <summary>One payout or debit as reconciliation reads it (a row of the CSV, an element of the JSON array).</summary>
public sealed record ReconciliationRow(
    string Kind, string Ref, string? GamityId, string BrandId, string PlayerId, decimal Amount, string Currency, string Type, string State,
    string? TransactionId, string? RollbackTransactionId, string? Code, int Attempts, DateTimeOffset FirstSeen, DateTimeOffset LastSeen)
{
    public static readonly string[] Columns =
        ["kind", "ref", "gamityId", "brandId", "playerId", "amount", "currency", "type", "state", "transactionId", "rollbackTransactionId", "code", "attempts", "firstSeen", "lastSeen"];

    public static ReconciliationRow Of(WalletOperation operation)
    {
        var work = operation.ReadWork();
        return new ReconciliationRow(
            operation.Kind == OperationKind.Payout ? "payout" : "debit", operation.Ref, operation.GamityId, work.BrandId, work.PlayerId, work.Amount, work.Currency, work.Call,
            operation.State, operation.TransactionId, operation.RollbackTransactionId, operation.Code, operation.Attempts, operation.CreatedAt, operation.UpdatedAt);
    }

    public IEnumerable<string?> Values() =>
    [
        Kind, Ref, GamityId, BrandId, PlayerId, Amount.ToString(CultureInfo.InvariantCulture), Currency, Type, State, TransactionId, RollbackTransactionId, Code,
        Attempts.ToString(CultureInfo.InvariantCulture), FirstSeen.ToString("O", CultureInfo.InvariantCulture), LastSeen.ToString("O", CultureInfo.InvariantCulture),
    ];
}

public enum ReconciliationFormat
{
    Csv,
    Json,
}

/// <summary><c>Schedules__WriteReconciliationReport</c>: the previous UTC day's file, daily at 00:30 UTC by default.</summary>
public sealed class ReconciliationSchedules
{
    public string WriteReconciliationReport { get; set; } = "0 30 0 * * *";

    public static IEnumerable<string> Validate(ReconciliationSchedules o) => Schedule.Validate(nameof(WriteReconciliationReport), o.WriteReconciliationReport);
}

/// <summary>
/// Every payout and debit first received in a window, for the casino's finance team to hold against the wallet's
/// and Gamity's books: streamed row by row as the table pages them (1,000 per page), so the memory it takes does
/// not grow with the window. The claim records are kept <c>Retention__ClaimRecords</c> (90 days) for this.
/// </summary>
public sealed class WalletReconciliation(WalletOperationStore store, StorageClients storage, TimeProvider time, ILogger<WalletReconciliation> logger)
{
    public static readonly ScheduledJob WriteReconciliationReport = new(
        nameof(ReconciliationSchedules.WriteReconciliationReport),
        sp => sp.GetRequiredService<IOptions<ReconciliationSchedules>>().Value.WriteReconciliationReport,
        (sp, _, ct) => sp.GetRequiredService<WalletReconciliation>().WriteDailyReportAsync(ct));

    public Task<int> WriteAsync(Stream output, OperationKind? kind, DateTimeOffset from, DateTimeOffset to, ReconciliationFormat format, CancellationToken cancellationToken) =>
        WriteAsync(output, store.ReceivedBetweenAsync(kind, from, to, cancellationToken), format, cancellationToken);

    /// <summary>The records as rows, in the format; the benchmark feeds it without a table (bench/…/ReconciliationExportBenchmark.cs).</summary>
    internal static Task<int> WriteAsync(Stream output, IAsyncEnumerable<WalletOperation> operations, ReconciliationFormat format, CancellationToken cancellationToken) =>
        format == ReconciliationFormat.Csv ? WriteCsvAsync(output, operations, cancellationToken) : WriteJsonAsync(output, operations, cancellationToken);

    /// <summary>The previous UTC day, both kinds, to blob <c>reconciliation/{yyyy-MM-dd}.csv</c> (replaced if it exists: the same day gives the same rows).</summary>
    public async Task<string> WriteDailyReportAsync(CancellationToken cancellationToken)
    {
        var today = new DateTimeOffset(time.GetUtcNow().UtcDateTime.Date, TimeSpan.Zero);
        var day = today.AddDays(-1);
        var container = storage.Blobs.GetBlobContainerClient(StorageNames.ReconciliationContainer);
        await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        var name = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + ".csv";
        await using var blob = await container.GetBlobClient(name).OpenWriteAsync(overwrite: true, cancellationToken: cancellationToken);
        var count = await WriteAsync(blob, kind: null, day, today, ReconciliationFormat.Csv, cancellationToken);
        logger.LogInformation("Reconciliation {Day}: {Count} payouts and debits written to {Container}/{Name}", day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), count, StorageNames.ReconciliationContainer, name);
        return name;
    }

    private static async Task<int> WriteCsvAsync(Stream output, IAsyncEnumerable<WalletOperation> operations, CancellationToken cancellationToken)
    {
        await using var writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 64 * 1024, leaveOpen: true);
        await writer.WriteLineAsync(string.Join(',', ReconciliationRow.Columns));
        var count = 0;
        await foreach (var operation in operations)
        {
            await writer.WriteLineAsync(string.Join(',', ReconciliationRow.Of(operation).Values().Select(Csv)));
            count++;
        }

        await writer.FlushAsync(cancellationToken);
        return count;
    }

    private static async Task<int> WriteJsonAsync(Stream output, IAsyncEnumerable<WalletOperation> operations, CancellationToken cancellationToken)
    {
        // Through a buffer, written out asynchronously: the serializer flushes its writer synchronously, which Kestrel refuses.
        var buffer = new ArrayBufferWriter<byte>(64 * 1024);
        await using var json = new Utf8JsonWriter(buffer);
        json.WriteStartArray();
        var count = 0;
        await foreach (var operation in operations)
        {
            JsonSerializer.Serialize(json, ReconciliationRow.Of(operation), WalletOperationsJsonContext.Default.ReconciliationRow);
            count++;
            if (buffer.WrittenCount >= 32 * 1024)
            {
                await output.WriteAsync(buffer.WrittenMemory, cancellationToken);
                buffer.ResetWrittenCount();
            }
        }

        json.WriteEndArray();
        json.Flush();
        await output.WriteAsync(buffer.WrittenMemory, cancellationToken);
        return count;
    }

    /// <summary>RFC 4180: quoted when it holds a comma, a quote or a line break.</summary>
    private static string Csv(string? value) =>
        value is null ? string.Empty
        : value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}
