using System.Net;
using Gamity.Sandbox.Gamity;
using Gamity.Sandbox.Shared;
using static Gamity.Sandbox.Tests.Catalog;

namespace Gamity.Sandbox.Tests;

public class OperatorsSyncTests
{
    private static readonly string TooLong = new('x', 101);

    public static TheoryData<string, string> InvalidBodies => new()
    {
        { """[{"ref":"op-1","name":"Op 1","brands":[]},{"ref":"{TOO_LONG}","name":"Op 2","brands":[]}]""", "[1].ref is longer than 100 characters." },
        { """[{"ref":"op-1","name":"Op 1","brands":[{"ref":"{TOO_LONG}","name":"B"}]}]""", "[0].brands[0].ref is longer than 100 characters." },
        { """[{"ref":"op-1","name":"Op 1","brands":[]},{"ref":"op-1","name":"Again","brands":[]}]""", "[1].ref 'op-1' is not unique." },
        { """[{"ref":"op-1","name":"Op 1","brands":[{"ref":"b-1","name":"B"}]},{"ref":"op-2","name":"Op 2","brands":[{"ref":"b-1","name":"B"}]}]""", "[1].brands[0].ref 'b-1' is not unique." },
        { """[{"ref":"op-1","brands":[]}]""", "[0].name is required." },
        { """[{"ref":"op-1","name":"Op 1","brands":[{"ref":"b-1"}]}]""", "[0].brands[0].name is required." },
        { """[{"name":"Op 1","brands":[]}]""", "[0].ref is required." },
        { """[{"ref":"op-1","name":"Op 1"}]""", "[0].brands is required." },
    };

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public async Task Invalid_body_is_400_with_errors_and_changes_nothing(string body, string expectedError)
    {
        await using var sandbox = await SandboxHost.StartAsync();
        await HttpAssert.OkJsonAsync<OperatorsSyncOutcome>(await sandbox.SyncOperatorsAsync([Operator("op-1", "Op 1", "b-1")]));
        var before = await sandbox.Client.GetStringAsync("/sandbox/gamity/operators", TestContext.Current.CancellationToken);

        var response = await sandbox.SyncRawAsync("sync-operators-and-brands", body.Replace("{TOO_LONG}", TooLong, StringComparison.Ordinal));

        var errors = await HttpAssert.ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains(expectedError, errors);
        Assert.Equal(before, await sandbox.Client.GetStringAsync("/sandbox/gamity/operators", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Refs_of_exactly_100_characters_are_accepted()
    {
        await using var sandbox = await SandboxHost.StartAsync();

        var response = await sandbox.SyncOperatorsAsync([Operator(new string('o', 100), "Op", new string('b', 100))]);

        Assert.Equal(new OperatorsSyncOutcome(1, 0, 0, 0, new SyncOutcome(1, 0, 0, 0)), await HttpAssert.OkJsonAsync<OperatorsSyncOutcome>(response));
    }

    [Fact]
    public async Task Full_snapshot_merge_adds_updates_disables_and_re_enables()
    {
        await using var sandbox = await SandboxHost.StartAsync();

        Assert.Equal(
            new OperatorsSyncOutcome(2, 0, 0, 0, new SyncOutcome(4, 0, 0, 0)),
            await SyncAsync(sandbox, Operator("a", "A", "a1", "a2"), Operator("b", "B", "b1", "b2")));

        Assert.Equal(
            new OperatorsSyncOutcome(0, 0, 0, 2, new SyncOutcome(0, 0, 0, 4)),
            await SyncAsync(sandbox, Operator("a", "A", "a1", "a2"), Operator("b", "B", "b1", "b2")));

        // "a" renamed and its brand a2 renamed, "b" left out, "c" new.
        Assert.Equal(
            new OperatorsSyncOutcome(1, 1, 1, 0, new SyncOutcome(1, 1, 2, 1)),
            await SyncAsync(sandbox, new SyncOperator("a", "A renamed", [new("a1", "Brand a1"), new("a2", "A2 renamed")]), Operator("c", "C", "c1")));
        var afterDisable = await OperatorsAsync(sandbox);
        Assert.False(afterDisable["b"].Enabled);
        Assert.All(afterDisable["b"].Brands, brand => Assert.False(brand.Enabled));
        Assert.Equal("A renamed", afterDisable["a"].Name);

        // "b" comes back: re-enabled counts as updated, with its brands.
        Assert.Equal(
            new OperatorsSyncOutcome(0, 1, 0, 2, new SyncOutcome(0, 2, 0, 3)),
            await SyncAsync(sandbox, new SyncOperator("a", "A renamed", [new("a1", "Brand a1"), new("a2", "A2 renamed")]), Operator("b", "B", "b1", "b2"), Operator("c", "C", "c1")));
        Assert.All((await OperatorsAsync(sandbox)).Values, held => Assert.True(held.Enabled));
    }

    [Fact]
    public async Task Moving_a_brand_updates_both_operators()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        await SyncAsync(sandbox, Operator("a", "A", "a1"), Operator("b", "B", "b1", "b2"), Operator("c", "C", "c1"));

        var outcome = await SyncAsync(sandbox, Operator("a", "A", "a1", "b1"), Operator("b", "B", "b2"), Operator("c", "C", "c1"));

        Assert.Equal(new OperatorsSyncOutcome(0, 2, 0, 1, new SyncOutcome(0, 1, 0, 3)), outcome);
        var held = await OperatorsAsync(sandbox);
        Assert.Equal(["a1", "b1"], held["a"].Brands.Select(brand => brand.Ref).Order());
        Assert.Equal(["b2"], held["b"].Brands.Select(brand => brand.Ref));
    }

    private static async Task<OperatorsSyncOutcome> SyncAsync(SandboxHost sandbox, params SyncOperator[] operators) =>
        await HttpAssert.OkJsonAsync<OperatorsSyncOutcome>(await sandbox.SyncOperatorsAsync(operators));

    private static async Task<Dictionary<string, HeldOperatorView>> OperatorsAsync(SandboxHost sandbox) =>
        (await sandbox.GetJsonAsync<List<HeldOperatorView>>("/sandbox/gamity/operators")).ToDictionary(held => held.Ref);
}
