using System.Text.Json;
using System.Text.Json.Serialization;
using Azure;
using Azure.Data.Tables;

namespace Gamity.Integration.WalletOperations;

/// <summary>
/// One payout or debit, keyed by Gamity's ref (partition = ref, row = <c>{kind}|{ref}</c>, see <see cref="RowKeyOf"/>):
/// the request it executes, where it is in the state machine, and what the wallet said. Table <c>WalletOperations</c>.
/// </summary>
public sealed class WalletOperation : ITableEntity
{
    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = string.Empty;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string Ref => PartitionKey;

    public OperationKind Kind => Enum.Parse<OperationKind>(RowKey.AsSpan(0, RowKey.IndexOf('|')));

    /// <summary>
    /// The row key repeats the ref after the kind so that it is selective on its own: Azurite looks an entity up
    /// through its RowKey index first, and a row key shared by every payout turned each read and write into a
    /// scan of the whole table (ADR 0007). Azure itself only needs the partition.
    /// </summary>
    public static string RowKeyOf(string reference, OperationKind kind) => $"{kind}|{reference}";

    public string State { get; set; } = nameof(OperationState.Executing);

    /// <summary>SHA-256 of the canonical request: a repeat with another body is refused, never executed.</summary>
    public string RequestHash { get; set; } = string.Empty;

    /// <summary>The wallet call to make (<see cref="WalletWork"/> as JSON), so any worker can re-execute it.</summary>
    public string Work { get; set; } = string.Empty;

    public int Attempts { get; set; }

    /// <summary>Gamity's own id of the call (a payout's <c>payoutId</c>; debits have only their ref), for reconciliation.</summary>
    public string? GamityId { get; set; }

    /// <summary>While <see cref="OperationState.Executing"/>: the claim holder's call ends by then; after it, the claim may be taken over.</summary>
    public DateTimeOffset? LeaseUntil { get; set; }

    /// <summary>Which run of the ref's orchestration owns the record: 1, and one more per re-drive or re-opened debit (never a finished instance restarted).</summary>
    public int Episode { get; set; } = 1;

    /// <summary>The orchestration instance of the current episode: <c>{kind}-{ref}-{episode}</c>.</summary>
    public string InstanceId => InstanceIdOf(Ref, Kind, Episode);

    public static string InstanceIdOf(string reference, OperationKind kind, int episode) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{kind.ToString().ToLowerInvariant()}-{reference}-{episode}");

    /// <summary>Retries stop here (creation + <c>Wallet__RetryBudget</c>).</summary>
    public DateTimeOffset RetryUntil { get; set; }

    /// <summary>Debit: when Gamity was last told to retry; the rollback window starts here.</summary>
    public DateTimeOffset? ToldRetryAt { get; set; }

    public string? TransactionId { get; set; }

    public string? RollbackTransactionId { get; set; }

    /// <summary>The wallet's refusal code, or DEBIT_ROLLED_BACK.</summary>
    public string? Code { get; set; }

    public string? LastError { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Transitions as JSON (bounded to the last <see cref="MaxHistory"/>).</summary>
    public string History { get; set; } = "[]";

    public const int MaxHistory = 50;

    public OperationState CurrentState => Enum.Parse<OperationState>(State);

    public WalletWork ReadWork() => JsonSerializer.Deserialize(Work, WalletOperationsJsonContext.Default.WalletWork)!;

    public List<HistoryEntry> ReadHistory() => JsonSerializer.Deserialize(History, WalletOperationsJsonContext.Default.ListHistoryEntry) ?? [];

    /// <summary>Moves to <paramref name="next"/> and records why; the caller persists it with the ETag it read.</summary>
    public void MoveTo(OperationState next, OperationEvent cause, DateTimeOffset now, string? detail = null)
    {
        var history = ReadHistory();
        history.Add(new HistoryEntry(now, State, next.ToString(), cause.ToString(), detail));
        History = JsonSerializer.Serialize(history.TakeLast(MaxHistory).ToList(), WalletOperationsJsonContext.Default.ListHistoryEntry);
        State = next.ToString();
        UpdatedAt = now;
    }
}

/// <summary>The wallet call an operation makes, always with the Gamity ref as idempotency key.</summary>
public sealed record WalletWork(
    string Call,
    string IdempotencyKey,
    string BrandId,
    string PlayerId,
    decimal Amount,
    string Currency,
    string? GameId = null,
    int? NumberOfRounds = null,
    int? ValidHours = null)
{
    public const string Credit = "credit";
    public const string Debit = "debit";
    public const string FreeRounds = "freerounds";
}

public sealed record HistoryEntry(DateTimeOffset At, string From, string To, string Event, string? Detail);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(WalletWork))]
[JsonSerializable(typeof(List<HistoryEntry>))]
[JsonSerializable(typeof(OperationView))]
[JsonSerializable(typeof(RetryProgress))]
[JsonSerializable(typeof(ReconciliationRow))]
internal sealed partial class WalletOperationsJsonContext : JsonSerializerContext;

/// <summary>What operators see at <c>GET /api/payouts/{ref}</c> and <c>GET /api/debits/{ref}</c>: the record, and its orchestration if it has one.</summary>
public sealed record OperationView(
    string Ref, string Kind, string State, int Attempts, string? TransactionId, string? RollbackTransactionId, string? Code, string? LastError,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset RetryUntil, OrchestrationView? Orchestration, List<HistoryEntry> History)
{
    public static OperationView Of(WalletOperation op, OrchestrationView? orchestration = null) => new(
        op.Ref, op.Kind.ToString(), op.State, op.Attempts, op.TransactionId, op.RollbackTransactionId, op.Code, op.LastError,
        op.CreatedAt, op.UpdatedAt, op.RetryUntil, orchestration, op.ReadHistory());
}

/// <param name="Status">The runtime status (Pending, Running, Completed, Failed…).</param>
/// <param name="Progress">What the orchestration says it is waiting for (<see cref="RetryProgress"/>).</param>
public sealed record OrchestrationView(string InstanceId, string Status, DateTimeOffset CreatedAt, DateTimeOffset LastUpdatedAt, RetryProgress? Progress);

/// <summary>The orchestration's custom status: its attempts so far and when the next one is due (or the rollback, for a debit).</summary>
public sealed record RetryProgress(int Attempts, DateTimeOffset? NextAttemptAt, string Waiting);
