using Gamity.Standalone;
using Gamity.Testing;

namespace Gamity.Standalone.Tests.Triggers;

public class TimerLeaseTests(Azurite azurite)
{
    private static readonly TimeSpan Shortest = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Of_two_contenders_exactly_one_wins_and_release_frees_it()
    {
        var storage = TestStorage.Clients(azurite.NewAccount());
        var first = new TimerLeaseStore(storage, TimeProvider.System);
        var second = new TimerLeaseStore(storage, TimeProvider.System);
        var due = DateTimeOffset.UtcNow;

        var leases = await Task.WhenAll(
            first.TryAcquireAsync("SyncGames", due, Shortest, TestContext.Current.CancellationToken),
            second.TryAcquireAsync("SyncGames", due, Shortest, TestContext.Current.CancellationToken));

        var winner = Assert.Single(leases, l => l is not null)!;
        Assert.Null(await second.TryAcquireAsync("SyncGames", due.AddMinutes(1), Shortest, TestContext.Current.CancellationToken));

        await winner.DisposeAsync();

        var next = await second.TryAcquireAsync("SyncGames", due.AddMinutes(1), Shortest, TestContext.Current.CancellationToken);
        Assert.NotNull(next);
        await next.DisposeAsync();
    }

    [Fact]
    public async Task An_occurrence_that_already_ran_is_not_run_again_by_another_instance()
    {
        var storage = TestStorage.Clients(azurite.NewAccount());
        var store = new TimerLeaseStore(storage, TimeProvider.System);
        var due = new DateTimeOffset(2026, 11, 24, 3, 0, 0, TimeSpan.Zero);

        await using (var lease = await store.TryAcquireAsync("SyncGames", due, Shortest, TestContext.Current.CancellationToken))
        {
            await lease!.CompleteAsync(due, TestContext.Current.CancellationToken);
        }

        Assert.Null(await new TimerLeaseStore(storage, TimeProvider.System).TryAcquireAsync("SyncGames", due, Shortest, TestContext.Current.CancellationToken));
        var nextDay = await store.TryAcquireAsync("SyncGames", due.AddDays(1), Shortest, TestContext.Current.CancellationToken);
        Assert.NotNull(nextDay);
        await nextDay.DisposeAsync();
        var timersAreIndependent = await store.TryAcquireAsync("RefreshActiveGames", due, Shortest, TestContext.Current.CancellationToken);
        Assert.NotNull(timersAreIndependent);
        await timersAreIndependent.DisposeAsync();
    }

    [Fact]
    public async Task A_lease_held_by_a_crashed_instance_expires()
    {
        var storage = TestStorage.Clients(azurite.NewAccount());
        var blob = storage.Blobs.GetBlobContainerClient(Gamity.Integration.Storage.StorageNames.LeaseContainer);
        var store = new TimerLeaseStore(storage, TimeProvider.System);
        Assert.Null(await store.TryAcquireAsync("Crashy", null, Shortest, TestContext.Current.CancellationToken) is { } warmup ? DisposeAndNull(warmup) : null);

        // A crashed instance: takes the lease and never renews or releases it.
        var crashed = blob.GetBlobClient("timers/Crashy");
        await Azure.Storage.Blobs.Specialized.SpecializedBlobExtensions.GetBlobLeaseClient(crashed).AcquireAsync(Shortest, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Null(await store.TryAcquireAsync("Crashy", null, Shortest, TestContext.Current.CancellationToken));

        await Task.Delay(Shortest + TimeSpan.FromSeconds(1.5), TestContext.Current.CancellationToken);

        var taken = await store.TryAcquireAsync("Crashy", null, Shortest, TestContext.Current.CancellationToken);
        Assert.NotNull(taken);
        await taken.DisposeAsync();
    }

    private static TimerLeaseStore.TimerLease? DisposeAndNull(TimerLeaseStore.TimerLease lease)
    {
        lease.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return null;
    }
}
