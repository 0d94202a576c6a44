using Gamity.Integration.WalletOperations;
using Gamity.Testing;

namespace Gamity.Integration.Tests.WalletOperations;

public class WalletMetricsTests
{
    private static readonly DateTimeOffset Received = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);

    private static WalletOperation Operation(OperationKind kind, OperationState state, TimeSpan age) => new()
    {
        PartitionKey = "0e17e833-a4db-41d0-83d1-adb539631864",
        RowKey = WalletOperation.RowKeyOf("0e17e833-a4db-41d0-83d1-adb539631864", kind),
        State = state.ToString(),
        CreatedAt = Received,
        UpdatedAt = Received + age,
    };

    [Theory]
    [InlineData(OperationKind.Payout, OperationState.Retrying)]
    [InlineData(OperationKind.Debit, OperationState.Unknown)]
    [InlineData(OperationKind.Debit, OperationState.RollingBack)]
    public void An_operation_left_open_reports_its_age_by_kind_and_state(OperationKind kind, OperationState state)
    {
        using var metrics = new TestMetrics();

        new WalletMetrics(metrics.Factory).Reached(Operation(kind, state, TimeSpan.FromMinutes(31)));

        Assert.Equal([31 * 60.0], metrics.Values("gamity.wallet.open.age"));
        var tags = Assert.Single(metrics.Tags("gamity.wallet.open.age"));
        Assert.Equal(kind.ToString(), tags["kind"]);
        Assert.Equal(state.ToString(), tags["state"]);
    }

    [Theory]
    [InlineData(OperationState.Executing)]
    [InlineData(OperationState.Succeeded)]
    [InlineData(OperationState.Refused)]
    [InlineData(OperationState.Failed)]
    public void An_operation_not_waiting_on_its_orchestration_reports_no_age(OperationState state)
    {
        using var metrics = new TestMetrics();

        new WalletMetrics(metrics.Factory).Reached(Operation(OperationKind.Payout, state, TimeSpan.FromMinutes(31)));

        Assert.Empty(metrics.Values("gamity.wallet.open.age"));
        Assert.Equal([1.0], metrics.Values("gamity.wallet.operations"));
    }
}
