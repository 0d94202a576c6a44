using System.Net.Http.Json;
using System.Net;
using System.Text;
using Gamity.Sandbox.Wallet;
using static Gamity.Sandbox.Tests.WalletCalls;

namespace Gamity.Sandbox.Tests;

public class WalletApiTests
{
    [Fact]
    public async Task Credit_adds_to_an_auto_created_player_with_the_starting_balance()
    {
        await using var sandbox = await SandboxHost.StartAsync();

        var transactionId = await CommitAsync(sandbox, "credit", Money("payout-1", 10.25m));

        Assert.False(string.IsNullOrWhiteSpace(transactionId));
        var player = await PlayerAsync(sandbox);
        Assert.Equal(1010.25m, player.Balance);
        Assert.Equal("EUR", player.Currency);
        Assert.Equal(1, player.Credits);
    }

    [Fact]
    public async Task Starting_balance_is_a_setting()
    {
        await using var sandbox = await SandboxHost.StartAsync(settings: "--Sandbox:Wallet:StartingBalance=20");

        await CommitAsync(sandbox, "debit", Money("buyin-1", 5m));

        Assert.Equal(15m, await BalanceAsync(sandbox));
    }

    [Fact]
    public async Task Debit_takes_from_the_balance()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        await PutPlayerAsync(sandbox, new WalletPlayerRequest(100m, "EUR"));

        await CommitAsync(sandbox, "debit", Money("buyin-1", 10.25m));

        var player = await PlayerAsync(sandbox);
        Assert.Equal(89.75m, player.Balance);
        Assert.Equal(1, player.Debits);
    }

    [Fact]
    public async Task Free_rounds_are_recorded_as_a_grant_without_a_balance_change()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        await PutPlayerAsync(sandbox, new WalletPlayerRequest(100m, "EUR"));

        var transactionId = await CommitAsync(sandbox, "freerounds", FreeRounds("fr-1", rounds: 100, roundValue: 0.2m));

        var player = await PlayerAsync(sandbox);
        Assert.Equal(100m, player.Balance);
        var grant = Assert.Single(player.FreeRoundGrants);
        Assert.Equal((transactionId, "fr-1", "GAME-ID-123", 100, 0.2m, "EUR", 24), (grant.TransactionId, grant.IdempotencyKey, grant.GameId, grant.NumberOfRounds, grant.RoundValue, grant.Currency, grant.ValidHours));
        Assert.Equal(TimeSpan.FromHours(24), grant.ExpiresAt - grant.GrantedAt);
        var transaction = await TransactionAsync(sandbox, "fr-1");
        Assert.Equal(("freerounds", "committed", (decimal?)null, 100), (transaction.Type, transaction.Status, transaction.Amount, transaction.NumberOfRounds));
    }

    [Theory]
    [InlineData("credit")]
    [InlineData("debit")]
    public async Task A_repeat_returns_the_same_transaction_id_and_moves_no_money(string endpoint)
    {
        await using var sandbox = await SandboxHost.StartAsync();
        await PutPlayerAsync(sandbox, new WalletPlayerRequest(100m, "EUR"));

        var first = await CommitAsync(sandbox, endpoint, Money("key-1", 10m));
        var again = await CommitAsync(sandbox, endpoint, Money("key-1", 10.000m));

        Assert.Equal(first, again);
        Assert.Equal(endpoint == "credit" ? 110m : 90m, await BalanceAsync(sandbox));
        var summary = await SummaryAsync(sandbox);
        Assert.Equal((1, 1), (summary.Transactions, summary.Replays));
    }

    [Fact]
    public async Task A_committed_key_repeated_after_the_player_was_blocked_still_answers_its_id()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        var first = await CommitAsync(sandbox, "debit", Money("buyin-1", 10m));
        await PutPlayerAsync(sandbox, new WalletPlayerRequest(0m, "EUR", Blocked: true));

        Assert.Equal(first, await CommitAsync(sandbox, "debit", Money("buyin-1", 10m)));

        Assert.Equal(0m, await BalanceAsync(sandbox));
    }

    [Fact]
    public async Task A_free_rounds_repeat_returns_the_same_transaction_id_and_grants_nothing_more()
    {
        await using var sandbox = await SandboxHost.StartAsync();

        var first = await CommitAsync(sandbox, "freerounds", FreeRounds("fr-1"));
        var again = await CommitAsync(sandbox, "freerounds", FreeRounds("fr-1"));

        Assert.Equal(first, again);
        Assert.Single((await PlayerAsync(sandbox)).FreeRoundGrants);
    }

    public static TheoryData<string, object> DifferentRequests => new()
    {
        { "credit", Money("key-1", 11m) },
        { "credit", Money("key-1", 10m, currency: "USD") },
        { "credit", Money("key-1", 10m, player: "someone-else") },
        { "debit", Money("key-1", 10m) },
        { "freerounds", FreeRounds("key-1") },
    };

    [Theory]
    [MemberData(nameof(DifferentRequests))]
    public async Task The_same_key_with_a_different_request_is_409_and_moves_no_money(string endpoint, object body)
    {
        await using var sandbox = await SandboxHost.StartAsync();
        await CommitAsync(sandbox, "credit", Money("key-1", 10m));

        await HttpAssert.WalletErrorAsync(await sandbox.SendWalletAsync(endpoint, body), HttpStatusCode.Conflict, WalletCodes.IdempotencyKeyReused);

        Assert.Equal(1010m, await BalanceAsync(sandbox));
        Assert.Equal(1, (await SummaryAsync(sandbox)).Transactions);
    }

    [Fact]
    public async Task Insufficient_funds_is_422_and_the_balance_stays()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        await PutPlayerAsync(sandbox, new WalletPlayerRequest(50m, "EUR"));

        await HttpAssert.WalletErrorAsync(await sandbox.SendWalletAsync("debit", Money("buyin-1", 50.01m)), HttpStatusCode.UnprocessableEntity, WalletCodes.InsufficientFunds);

        Assert.Equal(50m, await BalanceAsync(sandbox));
        await HttpAssert.WalletErrorAsync(await sandbox.GetWalletTransactionAsync("buyin-1"), HttpStatusCode.NotFound, WalletCodes.TransactionNotFound);
    }

    [Fact]
    public async Task A_refused_key_is_evaluated_afresh_on_a_repeat()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        await PutPlayerAsync(sandbox, new WalletPlayerRequest(5m, "EUR"));
        await HttpAssert.WalletErrorAsync(await sandbox.SendWalletAsync("debit", Money("buyin-1", 10m)), HttpStatusCode.UnprocessableEntity, WalletCodes.InsufficientFunds);
        await HttpAssert.WalletErrorAsync(await sandbox.SendWalletAsync("debit", Money("buyin-1", 10m)), HttpStatusCode.UnprocessableEntity, WalletCodes.InsufficientFunds);

        await CommitAsync(sandbox, "credit", Money("payout-1", 5m));
        await CommitAsync(sandbox, "debit", Money("buyin-1", 10m));

        Assert.Equal(0m, await BalanceAsync(sandbox));
    }

    [Theory]
    [InlineData("credit")]
    [InlineData("debit")]
    [InlineData("freerounds")]
    public async Task A_blocked_player_is_403_and_the_balance_stays(string endpoint)
    {
        await using var sandbox = await SandboxHost.StartAsync();
        await PutPlayerAsync(sandbox, new WalletPlayerRequest(100m, "EUR", Blocked: true));
        object body = endpoint == "freerounds" ? FreeRounds("key-1") : Money("key-1", 10m);

        await HttpAssert.WalletErrorAsync(await sandbox.SendWalletAsync(endpoint, body), HttpStatusCode.Forbidden, WalletCodes.PlayerBlocked);

        var player = await PlayerAsync(sandbox);
        Assert.Equal((100m, 0, 0), (player.Balance, player.Credits, player.Debits));
        Assert.Empty(player.FreeRoundGrants);
    }

    [Theory]
    [InlineData("credit")]
    [InlineData("debit")]
    public async Task Another_currency_than_the_players_is_422_and_the_balance_stays(string endpoint)
    {
        await using var sandbox = await SandboxHost.StartAsync();
        await PutPlayerAsync(sandbox, new WalletPlayerRequest(100m, "EUR"));

        await HttpAssert.WalletErrorAsync(await sandbox.SendWalletAsync(endpoint, Money("key-1", 10m, currency: "USD")), HttpStatusCode.UnprocessableEntity, WalletCodes.CurrencyMismatch);

        Assert.Equal(100m, await BalanceAsync(sandbox));
    }

    [Theory]
    [InlineData("PLAYER_NOT_FOUND", HttpStatusCode.NotFound)]
    [InlineData("PLAYER_BLOCKED", HttpStatusCode.Forbidden)]
    [InlineData("INSUFFICIENT_FUNDS", HttpStatusCode.UnprocessableEntity)]
    [InlineData("LIMIT_REACHED", HttpStatusCode.UnprocessableEntity)]
    public async Task A_forced_refusal_is_answered_on_every_money_call_and_moves_nothing(string code, HttpStatusCode status)
    {
        await using var sandbox = await SandboxHost.StartAsync();
        var player = await PutPlayerAsync(sandbox, new WalletPlayerRequest(100m, "EUR", RefuseWith: code));
        Assert.Equal(code, player.RefuseWith);

        await HttpAssert.WalletErrorAsync(await sandbox.SendWalletAsync("credit", Money("c-1", 10m)), status, code);
        await HttpAssert.WalletErrorAsync(await sandbox.SendWalletAsync("debit", Money("d-1", 10m)), status, code);
        await HttpAssert.WalletErrorAsync(await sandbox.SendWalletAsync("freerounds", FreeRounds("f-1")), status, code);

        Assert.Equal(100m, await BalanceAsync(sandbox));
        Assert.Equal(0, (await SummaryAsync(sandbox)).Transactions);
    }

    [Fact]
    public async Task An_unknown_player_is_404_when_auto_creation_is_off()
    {
        await using var sandbox = await SandboxHost.StartAsync(settings: "--Sandbox:Wallet:AutoCreatePlayers=false");

        await HttpAssert.WalletErrorAsync(await sandbox.SendWalletAsync("credit", Money("c-1", 10m)), HttpStatusCode.NotFound, WalletCodes.PlayerNotFound);

        Assert.Equal(HttpStatusCode.NotFound, (await sandbox.Client.GetAsync($"/sandbox/wallet/players/{Brand}/{Player}", TestContext.Current.CancellationToken)).StatusCode);
        await PutPlayerAsync(sandbox, new WalletPlayerRequest(0m, "EUR"));
        await CommitAsync(sandbox, "credit", Money("c-1", 10m));
        Assert.Equal(10m, await BalanceAsync(sandbox));
    }

    [Fact]
    public async Task Rollback_restores_the_balance_and_a_second_rollback_returns_the_same_id()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        await PutPlayerAsync(sandbox, new WalletPlayerRequest(100m, "EUR"));
        var debitId = await CommitAsync(sandbox, "debit", Money("buyin-1", 30m));
        Assert.Equal(70m, await BalanceAsync(sandbox));

        var rollbackId = await CommitAsync(sandbox, "rollback", Rollback("buyin-1"));
        var again = await CommitAsync(sandbox, "rollback", Rollback("buyin-1"));

        Assert.NotEqual(debitId, rollbackId);
        Assert.Equal(rollbackId, again);
        var player = await PlayerAsync(sandbox);
        Assert.Equal((100m, 1, 1), (player.Balance, player.Debits, player.Rollbacks));
        var debit = await TransactionAsync(sandbox, "buyin-1");
        Assert.Equal((debitId, "debit", "rolledBack", rollbackId, (decimal?)30m), (debit.TransactionId, debit.Type, debit.Status, debit.RollbackTransactionId, debit.Amount));
    }

    [Fact]
    public async Task A_rolled_back_debit_repeated_returns_its_id_and_takes_no_money()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        await PutPlayerAsync(sandbox, new WalletPlayerRequest(100m, "EUR"));
        var debitId = await CommitAsync(sandbox, "debit", Money("buyin-1", 30m));
        await CommitAsync(sandbox, "rollback", Rollback("buyin-1"));

        Assert.Equal(debitId, await CommitAsync(sandbox, "debit", Money("buyin-1", 30m)));

        Assert.Equal(100m, await BalanceAsync(sandbox));
    }

    [Fact]
    public async Task Rollback_works_for_a_blocked_or_refusing_player()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        await PutPlayerAsync(sandbox, new WalletPlayerRequest(100m, "EUR"));
        await CommitAsync(sandbox, "debit", Money("buyin-1", 30m));
        await PutPlayerAsync(sandbox, new WalletPlayerRequest(70m, "EUR", Blocked: true, RefuseWith: "PLAYER_NOT_FOUND"));

        await CommitAsync(sandbox, "rollback", Rollback("buyin-1"));

        Assert.Equal(100m, await BalanceAsync(sandbox));
    }

    [Fact]
    public async Task Rollback_of_an_unknown_key_or_of_another_players_debit_is_404()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        await CommitAsync(sandbox, "debit", Money("buyin-1", 30m));

        await HttpAssert.WalletErrorAsync(await sandbox.SendWalletAsync("rollback", Rollback("nobody-knows")), HttpStatusCode.NotFound, WalletCodes.TransactionNotFound);
        await HttpAssert.WalletErrorAsync(await sandbox.SendWalletAsync("rollback", Rollback("buyin-1", player: "someone-else")), HttpStatusCode.NotFound, WalletCodes.TransactionNotFound);

        Assert.Equal(970m, await BalanceAsync(sandbox));
    }

    [Theory]
    [InlineData("credit")]
    [InlineData("freerounds")]
    public async Task Rollback_of_a_credit_or_free_rounds_is_409(string endpoint)
    {
        await using var sandbox = await SandboxHost.StartAsync();
        await CommitAsync(sandbox, endpoint, endpoint == "credit" ? Money("payout-1", 10m) : FreeRounds("payout-1"));

        await HttpAssert.WalletErrorAsync(await sandbox.SendWalletAsync("rollback", Rollback("payout-1")), HttpStatusCode.Conflict, WalletCodes.NotRollbackable);

        Assert.Equal("committed", (await TransactionAsync(sandbox, "payout-1")).Status);
    }

    [Fact]
    public async Task Get_transaction_shows_a_committed_credit()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        var transactionId = await CommitAsync(sandbox, "credit", Money("0e17e833-a4db-41d0-83d1-adb539631864", 10.25m));

        var transaction = await TransactionAsync(sandbox, "0e17e833-a4db-41d0-83d1-adb539631864");

        Assert.Equal(
            (transactionId, "0e17e833-a4db-41d0-83d1-adb539631864", "credit", "committed", Brand, Player, (decimal?)10.25m, "EUR", (string?)null),
            (transaction.TransactionId, transaction.IdempotencyKey, transaction.Type, transaction.Status, transaction.BrandId, transaction.PlayerId, transaction.Amount, transaction.Currency, transaction.RollbackTransactionId));
        await HttpAssert.WalletErrorAsync(await sandbox.GetWalletTransactionAsync("other"), HttpStatusCode.NotFound, WalletCodes.TransactionNotFound);
    }

    [Fact]
    public async Task An_optional_field_without_a_value_is_left_out_of_a_transaction()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        await CommitAsync(sandbox, "credit", Money("payout-1", 1m));

        var json = await (await sandbox.GetWalletTransactionAsync("payout-1")).Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.DoesNotContain("rollbackTransactionId", json);
        Assert.DoesNotContain("numberOfRounds", json);
    }

    [Theory]
    [InlineData("credit", null)]
    [InlineData("credit", "not-the-key")]
    [InlineData("debit", "not-the-key")]
    [InlineData("freerounds", null)]
    [InlineData("rollback", "not-the-key")]
    public async Task Missing_or_wrong_key_is_401_and_moves_nothing(string endpoint, string? apiKey)
    {
        await using var sandbox = await SandboxHost.StartAsync();
        object body = endpoint switch
        {
            "freerounds" => FreeRounds("key-1"),
            "rollback" => Rollback("key-1"),
            _ => Money("key-1", 10m),
        };

        await HttpAssert.WalletErrorAsync(await sandbox.SendWalletAsync(endpoint, body, apiKey), HttpStatusCode.Unauthorized, WalletCodes.Unauthorized);

        await HttpAssert.WalletErrorAsync(await sandbox.GetWalletTransactionAsync("key-1", apiKey), HttpStatusCode.Unauthorized, WalletCodes.Unauthorized);
        Assert.Empty(await sandbox.GetJsonAsync<List<WalletPlayerView>>("/sandbox/wallet/players"));
    }

    [Theory]
    [InlineData("credit", """{"idempotencyKey":"k","brandId":"b","playerId":"p","amount":0,"currency":"EUR"}""")]
    [InlineData("debit", """{"idempotencyKey":"k","brandId":"b","playerId":"p","amount":-1,"currency":"EUR"}""")]
    [InlineData("credit", """{"brandId":"b","playerId":"p","amount":1,"currency":"EUR"}""")]
    [InlineData("credit", """{"idempotencyKey":"k","brandId":"b","playerId":"p","amount":1}""")]
    [InlineData("credit", """{"idempotencyKey":"k","brandId":"b","playerId":"p","amount":"lots","currency":"EUR"}""")]
    [InlineData("credit", "not json")]
    [InlineData("freerounds", """{"idempotencyKey":"k","brandId":"b","playerId":"p","gameId":"g","numberOfRounds":0,"roundValue":0.2,"currency":"EUR","validHours":24}""")]
    [InlineData("freerounds", """{"idempotencyKey":"k","brandId":"b","playerId":"p","numberOfRounds":5,"roundValue":0.2,"currency":"EUR","validHours":24}""")]
    [InlineData("rollback", """{"idempotencyKey":"k","brandId":"b"}""")]
    public async Task An_invalid_request_is_400_INVALID_REQUEST(string endpoint, string json)
    {
        await using var sandbox = await SandboxHost.StartAsync();
        var request = new HttpRequestMessage(HttpMethod.Post, $"/wallet/{endpoint}") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-API-Key", SandboxHost.WalletKey);

        await HttpAssert.WalletErrorAsync(await sandbox.Client.SendAsync(request, TestContext.Current.CancellationToken), HttpStatusCode.BadRequest, WalletCodes.InvalidRequest);

        Assert.Equal(0, (await SummaryAsync(sandbox)).Transactions);
    }

    [Fact]
    public async Task Unknown_fields_of_a_wallet_request_are_ignored()
    {
        await using var sandbox = await SandboxHost.StartAsync();

        await CommitAsync(sandbox, "credit", new { idempotencyKey = "k", brandId = Brand, playerId = Player, amount = 1m, currency = "EUR", type = "CASH", metadata = new { lastGameId = "G" } });

        Assert.Equal(1001m, await BalanceAsync(sandbox));
    }

    [Fact]
    public async Task Summary_and_transaction_list_show_what_happened()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        var ct = TestContext.Current.CancellationToken;
        await CommitAsync(sandbox, "credit", Money("c-1", 10m));
        await CommitAsync(sandbox, "credit", Money("c-2", 5m, player: "p2", currency: "USD"));
        await CommitAsync(sandbox, "debit", Money("d-1", 3m));
        await CommitAsync(sandbox, "debit", Money("d-2", 4m));
        await CommitAsync(sandbox, "rollback", Rollback("d-2"));
        await CommitAsync(sandbox, "freerounds", FreeRounds("f-1", rounds: 7));
        await sandbox.SendWalletAsync("debit", Money("d-3", 5000m));
        await sandbox.SendWalletAsync("credit", Money("c-1", 10m), apiKey: null);
        await sandbox.GetWalletTransactionAsync("c-1");

        var summary = await SummaryAsync(sandbox);

        Assert.Equal((5, 2, 2, 1, 1), (summary.Transactions, summary.Credits, summary.Debits, summary.Freerounds, summary.Rollbacks));
        Assert.Equal((15m, 3m, 4m, 7L, 2), (summary.CommittedCreditAmount, summary.CommittedDebitAmount, summary.RolledBackDebitAmount, summary.FreeRoundsGranted, summary.Players));
        Assert.Equal(new CurrencyTotals(10m, 3m, 4m), summary.ByCurrency["EUR"]);
        Assert.Equal(new CurrencyTotals(5m, 0m, 0m), summary.ByCurrency["USD"]);
        Assert.Equal(2, summary.Refusals);
        Assert.Equal(
            new Dictionary<string, long> { ["credit"] = 3, ["debit"] = 3, ["freerounds"] = 1, ["rollback"] = 1, ["transactions"] = 1 },
            summary.CallsByEndpoint);
        var all = await sandbox.GetJsonAsync<List<WalletTransactionView>>("/sandbox/wallet/transactions");
        Assert.Equal(["c-1", "c-2", "d-1", "d-2", "f-1"], all.Select(transaction => transaction.IdempotencyKey));
        var p2 = await sandbox.GetJsonAsync<List<WalletTransactionView>>("/sandbox/wallet/transactions?playerId=p2");
        Assert.Equal("c-2", Assert.Single(p2).IdempotencyKey);
        Assert.Equal(HttpStatusCode.OK, (await sandbox.Client.GetAsync("/sandbox/wallet/players", ct)).StatusCode);
    }

    [Theory]
    [InlineData("""{"balance":-1,"currency":"EUR"}""")]
    [InlineData("""{"balance":10}""")]
    [InlineData("""{"balance":10,"currency":"EUR","refuseWith":"PLAYER_NOT_FUND"}""")]
    [InlineData("""{"balance":10,"currency":"EUR","blocked":false,"colour":"red"}""")]
    public async Task An_invalid_player_is_400_and_changes_nothing(string json)
    {
        await using var sandbox = await SandboxHost.StartAsync();

        var put = await sandbox.Client.PutAsync($"/sandbox/wallet/players/{Brand}/{Player}", new StringContent(json, Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);

        await HttpAssert.ProblemAsync(put, HttpStatusCode.BadRequest);
        Assert.Empty(await sandbox.GetJsonAsync<List<WalletPlayerView>>("/sandbox/wallet/players"));
    }

    [Fact]
    public async Task Putting_a_player_again_replaces_its_settings_and_keeps_its_history()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        await CommitAsync(sandbox, "credit", Money("c-1", 10m));

        var player = await PutPlayerAsync(sandbox, new WalletPlayerRequest(5m, "EUR", Blocked: true));

        Assert.Equal((5m, true, 1), (player.Balance, player.Blocked, player.Credits));
    }

    [Fact]
    public async Task Delete_and_reset_clear_the_wallet()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        var ct = TestContext.Current.CancellationToken;
        await CommitAsync(sandbox, "credit", Money("c-1", 10m));

        Assert.Equal(HttpStatusCode.NoContent, (await sandbox.Client.DeleteAsync("/sandbox/wallet", ct)).StatusCode);
        Assert.Equal(0, (await SummaryAsync(sandbox)).Transactions);
        Assert.Equal(0, (await SummaryAsync(sandbox)).CallsByEndpoint["credit"]);

        await CommitAsync(sandbox, "credit", Money("c-1", 10m));
        await sandbox.Client.PutAsJsonAsync("/sandbox/wallet/faults", new Control.WalletFaultsRequest(LatencyMs: 10), ct);
        Assert.Equal(HttpStatusCode.NoContent, (await sandbox.Client.PostAsync("/sandbox/reset", null, ct)).StatusCode);

        var summary = await SummaryAsync(sandbox);
        Assert.Equal((0, 0), (summary.Transactions, summary.Players));
        Assert.Empty(await sandbox.GetJsonAsync<List<WalletTransactionView>>("/sandbox/wallet/transactions"));
        Assert.Equal(Control.WalletFaultSettings.None, await sandbox.GetJsonAsync<Control.WalletFaultSettings>("/sandbox/wallet/faults"));
        await HttpAssert.WalletErrorAsync(await sandbox.GetWalletTransactionAsync("c-1"), HttpStatusCode.NotFound, WalletCodes.TransactionNotFound);
    }
}
