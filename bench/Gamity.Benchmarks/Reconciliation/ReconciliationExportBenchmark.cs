using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Gamity.Integration.WalletOperations;

namespace Gamity.Benchmarks.Reconciliation;

/// <summary>
/// The reconciliation export's own cost and memory, in process: N synthetic claim records (as the table client hands
/// them over: one object per row, its <c>Work</c> JSON distinct) written as CSV and as JSON to a stream that only counts
/// bytes. Baseline in the same run: the same records enumerated and dropped (the source's cost). Memory: the process's
/// peak resident set (VmHWM) and the bytes allocated, for 10 % of N and then N, to show that memory does not grow with
/// the rows. Azure Table Storage's paging (1,000 per page) is not in it: against Azurite it would be the emulator's speed.
/// </summary>
public static class ReconciliationExportBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var rows = 1_000_000;
        for (var i = 0; i < args.Length - 1; i++)
        {
            if (args[i] == "--rows")
            {
                rows = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
            }
        }

        if (!args.Contains("--no-wait-idle"))
        {
            await MachineLoad.WaitUntilNoTestRunAsync(Console.Out);
        }

        Console.WriteLine($"# machine: {MachineLoad.Machine()}; {MachineLoad.LoadAverage()}");
        Console.WriteLine("| rows | path | seconds | rows/s | MB written | MB allocated | peak RSS MB (VmHWM, whole process so far) |");
        Console.WriteLine("|---:|---|---:|---:|---:|---:|---:|");
        await MeasureAsync("warm-up", 50_000, ReconciliationFormat.Csv, print: false);
        foreach (var count in new[] { rows / 10, rows })
        {
            await MeasureAsync("source only (baseline)", count, format: null);
            await MeasureAsync("CSV", count, ReconciliationFormat.Csv);
            await MeasureAsync("JSON", count, ReconciliationFormat.Json);
        }

        Console.WriteLine($"# after: {MachineLoad.LoadAverage()}");
        return 0;
    }

    private static async Task MeasureAsync(string path, int count, ReconciliationFormat? format, bool print = true)
    {
        GC.Collect();
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var output = new CountingStream();
        var clock = Stopwatch.StartNew();
        if (format is { } chosen)
        {
            await WalletReconciliation.WriteAsync(output, Synthetic(count), chosen, CancellationToken.None);
        }
        else
        {
            await foreach (var operation in Synthetic(count))
            {
                GC.KeepAlive(operation);
            }
        }

        var seconds = clock.Elapsed.TotalSeconds;
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        if (print)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {count:N0} | {path} | {seconds:F2} | {count / seconds:N0} | {output.Length / 1e6:F1} | {allocated / 1e6:F0} | {PeakResidentMegabytes():F0} |"));
        }
    }

    private static async IAsyncEnumerable<WalletOperation> Synthetic(int count)
    {
        var start = new DateTimeOffset(2026, 11, 30, 0, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < count; i++)
        {
            var reference = new Guid(i, 0, 0, [0, 0, 0, 0, 0, 0, 0, 1]).ToString();
            var work = new WalletWork(WalletWork.Credit, reference, "brand-" + (i % 500), "player-" + (i % 100_000), 10.25m + (i % 100), "EUR");
            var at = start.AddMilliseconds(i * 86.4);
            var operation = new WalletOperation
            {
                PartitionKey = reference,
                RowKey = WalletOperation.RowKeyOf(reference, OperationKind.Payout),
                Work = JsonSerializer.Serialize(work, WalletOperationsJsonContext.Default.WalletWork),
                State = nameof(OperationState.Succeeded),
                GamityId = "payout-" + i,
                TransactionId = "tx-" + i,
                Attempts = 1,
                CreatedAt = at,
                UpdatedAt = at.AddMilliseconds(30),
            };
            if (i % 1000 == 0)
            {
                await Task.Yield(); // a page boundary, as the table client's
            }

            yield return operation;
        }
    }

    private static double PeakResidentMegabytes()
    {
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return line is null ? double.NaN : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
    }

    /// <summary>Counts what is written and keeps none of it.</summary>
    private sealed class CountingStream : Stream
    {
        private long length;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => length;

        public override long Position { get => length; set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => length += count;

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            length += buffer.Length;
            return ValueTask.CompletedTask;
        }
    }
}
