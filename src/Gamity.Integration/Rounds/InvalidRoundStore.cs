using System.Globalization;
using Azure.Data.Tables;
using Gamity.Integration.Storage;

namespace Gamity.Integration.Rounds;

/// <summary>
/// Rounds that were not forwarded, with the reason (table <c>InvalidRounds</c>, partition = UTC day). The row
/// key is the message id and index, so a redelivered message overwrites its own records instead of adding more.
/// </summary>
public sealed class InvalidRoundStore(StorageClients storage, TimeProvider time)
{
    private const int MaxTransactionSize = 100;
    private readonly TableClient table = storage.Tables.GetTableClient(StorageNames.InvalidRoundsTable);
    private readonly CreateOnce createTable = new(ct => storage.Tables.GetTableClient(StorageNames.InvalidRoundsTable).CreateIfNotExistsAsync(ct));

    public async Task RecordAsync(IReadOnlyList<InvalidRound> rounds, CancellationToken cancellationToken)
    {
        if (rounds.Count == 0)
        {
            return;
        }

        await createTable.EnsureAsync(cancellationToken);
        var now = time.GetUtcNow();
        var partition = now.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        var entities = rounds
            .Select(r => new TableEntity(partition, RowKey(r))
            {
                ["MessageId"] = r.MessageId,
                ["Index"] = r.Index,
                ["RoundId"] = r.RoundId,
                ["Reason"] = r.Reason,
                ["Excerpt"] = r.Excerpt,
                ["RecordedAt"] = now,
            })
            .DistinctBy(e => e.RowKey) // one transaction may not touch a row twice
            .Chunk(MaxTransactionSize);
        foreach (var chunk in entities)
        {
            await table.SubmitTransactionAsync(chunk.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, e)), cancellationToken);
        }
    }

    public async Task<List<InvalidRound>> GetRecentAsync(int take, CancellationToken cancellationToken)
    {
        await createTable.EnsureAsync(cancellationToken);
        var partition = time.GetUtcNow().ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        var found = new List<InvalidRound>();
        await foreach (var e in table.QueryAsync<TableEntity>(e => e.PartitionKey == partition, cancellationToken: cancellationToken))
        {
            found.Add(new InvalidRound(e.GetString("MessageId"), e.GetInt32("Index") ?? 0, e.GetString("RoundId"), e.GetString("Reason"), e.GetString("Excerpt") ?? string.Empty));
            if (found.Count == take)
            {
                break;
            }
        }

        return found;
    }

    // Row keys may not hold / \ # ? or control characters.
    private static string RowKey(InvalidRound round)
    {
        var source = $"{round.MessageId ?? "no-message-id"}|{round.Index:D6}|{round.RoundId}";
        var chars = source.Length > 500 ? source.AsSpan(0, 500).ToArray() : source.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (chars[i] is '/' or '\\' or '#' or '?' || char.IsControl(chars[i]))
            {
                chars[i] = '_';
            }
        }

        return new string(chars);
    }
}
