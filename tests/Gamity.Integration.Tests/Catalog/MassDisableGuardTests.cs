using Gamity.Integration.Catalog;

namespace Gamity.Integration.Tests.Catalog;

public class MassDisableGuardTests
{
    private static HashSet<string> Refs(int from, int count) => Enumerable.Range(from, count).Select(i => $"g{i}").ToHashSet();

    [Fact]
    public void First_sync_has_no_baseline_and_is_allowed()
    {
        Assert.True(MassDisableGuard.Evaluate(null, Refs(0, 0), 0.2).Allowed);
        Assert.True(MassDisableGuard.Evaluate([], Refs(0, 10), 0.2).Allowed);
    }

    [Fact]
    public void An_empty_catalog_after_a_full_one_is_refused()
    {
        var check = MassDisableGuard.Evaluate(Refs(0, 100), new HashSet<string>(), 0.2);

        Assert.False(check.Allowed);
        Assert.Equal(100, check.WouldDisable);
        Assert.Equal(1.0, check.Fraction);
    }

    [Theory]
    [InlineData(20, true)]   // exactly the limit is allowed
    [InlineData(21, false)]  // one more is refused
    [InlineData(0, true)]
    public void The_limit_is_inclusive(int removed, bool allowed)
    {
        var check = MassDisableGuard.Evaluate(Refs(0, 100), Refs(removed, 100 - removed), 0.2);

        Assert.Equal(allowed, check.Allowed);
        Assert.Equal(removed, check.WouldDisable);
    }

    [Fact]
    public void Added_refs_do_not_count_and_only_missing_ones_do()
    {
        var check = MassDisableGuard.Evaluate(Refs(0, 10), Refs(5, 1000), 0.2);

        Assert.Equal(5, check.WouldDisable);
        Assert.False(check.Allowed);
    }

    [Fact]
    public void Zero_fraction_refuses_any_disable_and_one_allows_everything()
    {
        Assert.False(MassDisableGuard.Evaluate(Refs(0, 10), Refs(1, 9), 0).Allowed);
        Assert.True(MassDisableGuard.Evaluate(Refs(0, 10), new HashSet<string>(), 1).Allowed);
    }
}
