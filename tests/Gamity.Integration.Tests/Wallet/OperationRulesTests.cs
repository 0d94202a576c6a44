using Gamity.Integration.WalletOperations;
using static Gamity.Integration.WalletOperations.OperationState;

namespace Gamity.Integration.Tests.Wallet;

public class OperationRulesTests
{
    [Fact]
    public void Settled_states()
    {
        Assert.Equal([NotDebited, RolledBack, Succeeded, Refused, Failed], Enum.GetValues<OperationState>().Where(OperationRules.IsSettled));
    }

    [Fact]
    public void Orchestrated_states_are_exactly_the_open_ones_an_orchestration_owns()
    {
        Assert.Equal([Retrying, Unknown, RollingBack], Enum.GetValues<OperationState>().Where(OperationRules.IsOrchestrated));
        Assert.DoesNotContain(Enum.GetValues<OperationState>(), s => OperationRules.IsOrchestrated(s) && OperationRules.IsSettled(s));
    }

    [Fact]
    public void Backoff_doubles_with_jitter_and_is_capped()
    {
        var random = new Random(3);
        for (var attempt = 1; attempt <= 20; attempt++)
        {
            var ceiling = Math.Min(TimeSpan.FromMinutes(15).TotalMilliseconds, 5_000 * Math.Pow(2, attempt - 1));
            for (var i = 0; i < 100; i++)
            {
                var delay = OperationRules.Backoff(attempt, TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(15), random).TotalMilliseconds;
                Assert.InRange(delay, ceiling / 2, ceiling);
            }
        }
    }

    [Fact]
    public void Backoff_schedule_spends_a_day_in_a_bounded_number_of_attempts()
    {
        var random = new Random(5);
        var elapsed = TimeSpan.Zero;
        var attempts = 0;
        while (elapsed < TimeSpan.FromHours(24))
        {
            elapsed += OperationRules.Backoff(++attempts, TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(15), random);
        }

        Assert.InRange(attempts, 96, 200); // ~every 7.5–15 min once capped: wallet not hammered, payout not forgotten
    }
}
