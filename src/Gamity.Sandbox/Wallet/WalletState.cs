using Gamity.Sandbox.Shared;
using Microsoft.Extensions.Options;

namespace Gamity.Sandbox.Wallet;

/// <summary>
/// The fake casino wallet: players keyed by (brandId, playerId) and transactions keyed by idempotency key.
/// One lock covers both, so a balance change and its transaction record happen together: of any number of
/// concurrent calls with one key exactly one moves money, and every one of them answers its transaction id.
/// The lock is held for a few dictionary operations only, far below a millisecond.
/// </summary>
/// <remarks>
/// A refusal (4xx) moves no money and is not stored: a repeat of a refused key is evaluated afresh, so a
/// debit refused for insufficient funds succeeds once the player has the money. Idempotency keys are one
/// namespace across credit, debit and free rounds.
/// </remarks>
public sealed class WalletState(IOptions<SandboxOptions> options) : IResettableState
{
    private readonly Lock sync = new();
    private readonly Dictionary<string, StoredTransaction> byKey = new(StringComparer.Ordinal);
    private readonly List<StoredTransaction> inOrder = [];
    private readonly Dictionary<PlayerKey, Player> players = [];
    private readonly long[] calls = new long[WalletCallKinds.Count];
    private long replays;
    private long refusals;
    private long injectedErrors;
    private long heldOpen;

    public WalletOutcome Credit(MoneyRequest request) => Money(TransactionType.Credit, request);

    public WalletOutcome Debit(MoneyRequest request) => Money(TransactionType.Debit, request);

    public WalletOutcome FreeRounds(FreeRoundsRequest request)
    {
        var key = new PlayerKey(request.BrandId!, request.PlayerId!);
        lock (sync)
        {
            if (byKey.TryGetValue(request.IdempotencyKey!, out var stored))
            {
                return Replay(stored, stored.Type == TransactionType.FreeRounds
                    && stored.Player == key
                    && stored.Currency == request.Currency
                    && stored.Grant!.GameId == request.GameId
                    && stored.Grant.NumberOfRounds == request.NumberOfRounds
                    && stored.Grant.RoundValue == request.RoundValue
                    && stored.Grant.ValidHours == request.ValidHours);
            }

            if (FindPlayer(key, request.Currency!, out var player) is { } refused)
            {
                return refused;
            }

            var now = DateTimeOffset.UtcNow;
            var grant = new FreeRoundGrantView(
                NewTransactionId(), request.IdempotencyKey!, request.GameId!, request.NumberOfRounds!.Value,
                request.RoundValue!.Value, request.Currency!, request.ValidHours!.Value, now, now.AddHours(request.ValidHours.Value));
            var transaction = new StoredTransaction(grant.TransactionId, grant.IdempotencyKey, TransactionType.FreeRounds, key, null, grant.Currency, now)
            {
                Grant = grant,
            };
            player.Grants.Add(grant);
            Record(transaction);
            return WalletOutcome.Committed(transaction.TransactionId);
        }
    }

    /// <summary>Reverses the debit made with the key; the amount is the stored debit's. Idempotent.</summary>
    public WalletOutcome Rollback(RollbackRequest request)
    {
        var key = new PlayerKey(request.BrandId!, request.PlayerId!);
        lock (sync)
        {
            if (!byKey.TryGetValue(request.IdempotencyKey!, out var stored) || stored.Player != key)
            {
                return WalletOutcome.Refused(
                    WalletCodes.TransactionNotFound,
                    $"No transaction with idempotencyKey '{request.IdempotencyKey}' exists for player '{key.PlayerId}' of brand '{key.BrandId}'.");
            }

            if (stored.Type != TransactionType.Debit)
            {
                return WalletOutcome.Refused(
                    WalletCodes.NotRollbackable,
                    $"Transaction '{stored.TransactionId}' is a {TypeName(stored.Type)}; only debits can be rolled back.");
            }

            if (stored.RollbackTransactionId is { } earlier)
            {
                Interlocked.Increment(ref replays);
                return WalletOutcome.Committed(earlier, replayed: true);
            }

            // PUT /sandbox/wallet/players keeps a player's transactions, so the player is always there.
            var player = players[key];
            player.Balance += stored.Amount!.Value;
            player.Rollbacks++;
            stored.RollbackTransactionId = NewTransactionId();
            stored.RolledBackAt = DateTimeOffset.UtcNow;
            return WalletOutcome.Committed(stored.RollbackTransactionId);
        }
    }

    public WalletTransactionView? Find(string idempotencyKey)
    {
        lock (sync)
        {
            return byKey.TryGetValue(idempotencyKey, out var stored) ? stored.ToView() : null;
        }
    }

    public List<WalletTransactionView> Transactions(string? brandId, string? playerId)
    {
        lock (sync)
        {
            return inOrder
                .Where(stored => (brandId is null || stored.Player.BrandId == brandId) && (playerId is null || stored.Player.PlayerId == playerId))
                .Select(stored => stored.ToView())
                .ToList();
        }
    }

    /// <summary>Creates the player or replaces its balance and settings; its transactions and counts stay.</summary>
    public WalletPlayerView PutPlayer(string brandId, string playerId, WalletPlayerRequest request)
    {
        var key = new PlayerKey(brandId, playerId);
        lock (sync)
        {
            if (!players.TryGetValue(key, out var player))
            {
                player = new Player(key, request.Currency!);
                players[key] = player;
            }

            player.Balance = request.Balance!.Value;
            player.Currency = request.Currency!;
            player.Blocked = request.Blocked ?? false;
            player.RefuseWith = request.RefuseWith;
            return player.ToView();
        }
    }

    public WalletPlayerView? GetPlayer(string brandId, string playerId)
    {
        lock (sync)
        {
            return players.TryGetValue(new PlayerKey(brandId, playerId), out var player) ? player.ToView() : null;
        }
    }

    public List<WalletPlayerView> Players()
    {
        lock (sync)
        {
            return players.Values.Select(player => player.ToView()).ToList();
        }
    }

    public void CountCall(WalletCallKind kind) => Interlocked.Increment(ref calls[(int)kind]);

    public void CountRefusal() => Interlocked.Increment(ref refusals);

    public void CountInjectedError() => Interlocked.Increment(ref injectedErrors);

    public void CountHeldOpen() => Interlocked.Increment(ref heldOpen);

    public WalletSummary Summary()
    {
        lock (sync)
        {
            int credits = 0, debits = 0, freerounds = 0, rollbacks = 0;
            decimal credited = 0, debited = 0, rolledBack = 0;
            long roundsGranted = 0;
            var byCurrency = new Dictionary<string, CurrencyTotals>(StringComparer.Ordinal);
            foreach (var stored in inOrder)
            {
                if (stored.Type == TransactionType.FreeRounds)
                {
                    freerounds++;
                    roundsGranted += stored.Grant!.NumberOfRounds;
                    continue;
                }

                var totals = byCurrency.GetValueOrDefault(stored.Currency) ?? new CurrencyTotals(0, 0, 0);
                switch (stored.Type)
                {
                    case TransactionType.Credit:
                        credits++;
                        credited += stored.Amount!.Value;
                        totals = totals with { Credited = totals.Credited + stored.Amount.Value };
                        break;
                    case TransactionType.Debit when stored.RollbackTransactionId is null:
                        debits++;
                        debited += stored.Amount!.Value;
                        totals = totals with { Debited = totals.Debited + stored.Amount.Value };
                        break;
                    default:
                        debits++;
                        rollbacks++;
                        rolledBack += stored.Amount!.Value;
                        totals = totals with { RolledBack = totals.RolledBack + stored.Amount.Value };
                        break;
                }

                byCurrency[stored.Currency] = totals;
            }

            var callsByEndpoint = new Dictionary<string, long>(StringComparer.Ordinal);
            for (var kind = 0; kind < calls.Length; kind++)
            {
                callsByEndpoint[WalletCallKinds.Name((WalletCallKind)kind)] = Interlocked.Read(ref calls[kind]);
            }

            return new WalletSummary(
                inOrder.Count, credits, debits, freerounds, rollbacks, credited, debited, rolledBack, roundsGranted,
                players.Count, Interlocked.Read(ref replays), Interlocked.Read(ref refusals),
                Interlocked.Read(ref injectedErrors), Interlocked.Read(ref heldOpen), byCurrency, callsByEndpoint);
        }
    }

    /// <summary>Drops every player and transaction and zeroes the counters (wallet faults are separate state).</summary>
    public void Reset()
    {
        lock (sync)
        {
            byKey.Clear();
            inOrder.Clear();
            players.Clear();
            for (var kind = 0; kind < calls.Length; kind++)
            {
                Interlocked.Exchange(ref calls[kind], 0);
            }

            Interlocked.Exchange(ref replays, 0);
            Interlocked.Exchange(ref refusals, 0);
            Interlocked.Exchange(ref injectedErrors, 0);
            Interlocked.Exchange(ref heldOpen, 0);
        }
    }

    private WalletOutcome Money(TransactionType type, MoneyRequest request)
    {
        var key = new PlayerKey(request.BrandId!, request.PlayerId!);
        var amount = request.Amount!.Value;
        lock (sync)
        {
            if (byKey.TryGetValue(request.IdempotencyKey!, out var stored))
            {
                // decimal equality is numeric: 10.25 and 10.250 are the same amount.
                return Replay(stored, stored.Type == type && stored.Player == key && stored.Amount == amount && stored.Currency == request.Currency);
            }

            if (FindPlayer(key, request.Currency!, out var player) is { } refused)
            {
                return refused;
            }

            if (player.Currency != request.Currency)
            {
                return WalletOutcome.Refused(
                    WalletCodes.CurrencyMismatch,
                    $"The player's currency is {player.Currency}, the request's {request.Currency}.");
            }

            if (type == TransactionType.Debit)
            {
                if (player.Balance < amount)
                {
                    return WalletOutcome.Refused(
                        WalletCodes.InsufficientFunds,
                        $"The balance {player.Balance} {player.Currency} is less than {amount}.");
                }

                player.Balance -= amount;
                player.Debits++;
            }
            else
            {
                player.Balance += amount;
                player.Credits++;
            }

            var transaction = new StoredTransaction(NewTransactionId(), request.IdempotencyKey!, type, key, amount, request.Currency!, DateTimeOffset.UtcNow);
            Record(transaction);
            return WalletOutcome.Committed(transaction.TransactionId);
        }
    }

    // Caller holds the lock. A repeat of a committed key: same request → the stored id, no money moves.
    private WalletOutcome Replay(StoredTransaction stored, bool sameRequest)
    {
        if (!sameRequest)
        {
            return WalletOutcome.Refused(
                WalletCodes.IdempotencyKeyReused,
                $"idempotencyKey '{stored.IdempotencyKey}' was used for a different {TypeName(stored.Type)} request (transaction '{stored.TransactionId}').");
        }

        Interlocked.Increment(ref replays);
        return WalletOutcome.Committed(stored.TransactionId, replayed: true);
    }

    // Caller holds the lock. The player, auto-created if allowed; or the refusal its state forces.
    private WalletOutcome? FindPlayer(PlayerKey key, string currency, out Player player)
    {
        if (!players.TryGetValue(key, out player!))
        {
            var settings = options.Value.Wallet;
            if (!settings.AutoCreatePlayers)
            {
                return WalletOutcome.Refused(WalletCodes.PlayerNotFound, $"No player '{key.PlayerId}' exists in brand '{key.BrandId}'.");
            }

            player = new Player(key, currency) { Balance = settings.StartingBalance };
            players[key] = player;
        }

        if (player.RefuseWith is { } forced)
        {
            return WalletOutcome.Refused(forced, $"The sandbox was told to refuse player '{key.PlayerId}' with {forced}.");
        }

        return player.Blocked
            ? WalletOutcome.Refused(WalletCodes.PlayerBlocked, $"Player '{key.PlayerId}' of brand '{key.BrandId}' is blocked.")
            : null;
    }

    private void Record(StoredTransaction transaction)
    {
        byKey.Add(transaction.IdempotencyKey, transaction);
        inOrder.Add(transaction);
    }

    private static string NewTransactionId() => Guid.CreateVersion7().ToString();

    internal static string TypeName(TransactionType type) => type switch
    {
        TransactionType.Credit => "credit",
        TransactionType.Debit => "debit",
        _ => "freerounds",
    };

    private readonly record struct PlayerKey(string BrandId, string PlayerId);

    private sealed class Player(PlayerKey key, string currency)
    {
        public PlayerKey Key { get; } = key;
        public decimal Balance { get; set; }
        public string Currency { get; set; } = currency;
        public bool Blocked { get; set; }
        public string? RefuseWith { get; set; }
        public int Credits { get; set; }
        public int Debits { get; set; }
        public int Rollbacks { get; set; }
        public List<FreeRoundGrantView> Grants { get; } = [];

        public WalletPlayerView ToView() =>
            new(Key.BrandId, Key.PlayerId, Balance, Currency, Blocked, RefuseWith, Credits, Debits, [.. Grants], Rollbacks);
    }

    private sealed class StoredTransaction(
        string transactionId, string idempotencyKey, TransactionType type, PlayerKey player, decimal? amount, string currency, DateTimeOffset createdAt)
    {
        public string TransactionId { get; } = transactionId;
        public string IdempotencyKey { get; } = idempotencyKey;
        public TransactionType Type { get; } = type;
        public PlayerKey Player { get; } = player;
        public decimal? Amount { get; } = amount;
        public string Currency { get; } = currency;
        public DateTimeOffset CreatedAt { get; } = createdAt;
        public FreeRoundGrantView? Grant { get; init; }
        public string? RollbackTransactionId { get; set; }
        public DateTimeOffset? RolledBackAt { get; set; }

        public WalletTransactionView ToView() => new(
            TransactionId, IdempotencyKey, TypeName(Type), RollbackTransactionId is null ? "committed" : "rolledBack",
            Player.BrandId, Player.PlayerId, Amount, Currency, RollbackTransactionId,
            Grant?.GameId, Grant?.NumberOfRounds, Grant?.RoundValue, Grant?.ValidHours, Grant?.ExpiresAt,
            CreatedAt, RolledBackAt);
    }
}

public enum TransactionType
{
    Credit,
    Debit,
    FreeRounds,
}

/// <summary>What a money call came to: a transaction id (new or replayed) or a refusal code and message.</summary>
public readonly record struct WalletOutcome(string? TransactionId, string? Code, string? Message, bool Replayed)
{
    public static WalletOutcome Committed(string transactionId, bool replayed = false) => new(transactionId, null, null, replayed);

    public static WalletOutcome Refused(string code, string message) => new(null, code, message, false);
}

/// <summary>The <c>/wallet</c> endpoints, as counted in the summary's <c>callsByEndpoint</c>.</summary>
public enum WalletCallKind
{
    Credit,
    Debit,
    FreeRounds,
    Rollback,
    Transactions,
}

public static class WalletCallKinds
{
    public const int Count = 5;

    public static string Name(WalletCallKind kind) => kind switch
    {
        WalletCallKind.Credit => "credit",
        WalletCallKind.Debit => "debit",
        WalletCallKind.FreeRounds => "freerounds",
        WalletCallKind.Rollback => "rollback",
        _ => "transactions",
    };

    /// <summary>Money calls get latency and faults; lookups (<c>GET /wallet/transactions/…</c>) never do.</summary>
    public static bool MovesMoney(WalletCallKind kind) => kind != WalletCallKind.Transactions;
}
