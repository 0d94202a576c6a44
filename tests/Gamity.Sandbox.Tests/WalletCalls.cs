using System.Net.Http.Json;
using Gamity.Sandbox.Wallet;

namespace Gamity.Sandbox.Tests;

/// <summary>Short builders for wallet requests and the reads the wallet tests repeat.</summary>
internal static class WalletCalls
{
    public const string Brand = "brand-1";
    public const string Player = "player-12345";

    public static MoneyRequest Money(string key, decimal amount, string player = Player, string currency = "EUR") =>
        new(key, Brand, player, amount, currency);

    public static FreeRoundsRequest FreeRounds(string key, int rounds = 10, decimal roundValue = 0.2m, string player = Player) =>
        new(key, Brand, player, "GAME-ID-123", rounds, roundValue, "EUR", 24);

    public static RollbackRequest Rollback(string key, string player = Player) => new(key, Brand, player);

    public static async Task<string> CommitAsync(SandboxHost sandbox, string endpoint, object body) =>
        (await HttpAssert.OkJsonAsync<WalletTransactionAnswer>(await sandbox.SendWalletAsync(endpoint, body))).TransactionId;

    public static async Task<WalletPlayerView> PlayerAsync(SandboxHost sandbox, string player = Player) =>
        await sandbox.GetJsonAsync<WalletPlayerView>($"/sandbox/wallet/players/{Brand}/{player}");

    public static async Task<decimal> BalanceAsync(SandboxHost sandbox, string player = Player) =>
        (await PlayerAsync(sandbox, player)).Balance;

    public static async Task<WalletPlayerView> PutPlayerAsync(SandboxHost sandbox, WalletPlayerRequest player, string playerId = Player)
    {
        var put = await sandbox.Client.PutAsJsonAsync($"/sandbox/wallet/players/{Brand}/{playerId}", player, TestContext.Current.CancellationToken);
        return await HttpAssert.OkJsonAsync<WalletPlayerView>(put);
    }

    public static async Task<WalletTransactionView> TransactionAsync(SandboxHost sandbox, string key) =>
        await HttpAssert.OkJsonAsync<WalletTransactionView>(await sandbox.GetWalletTransactionAsync(key));

    public static Task<WalletSummary> SummaryAsync(SandboxHost sandbox) => sandbox.GetJsonAsync<WalletSummary>("/sandbox/wallet/summary");
}
