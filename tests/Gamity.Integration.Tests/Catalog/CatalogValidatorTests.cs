using Gamity.Integration.Catalog;

namespace Gamity.Integration.Tests.Catalog;

public class CatalogValidatorTests
{
    private static CatalogOperator Operator(string? reference, string? name = "Op", params (string? Ref, string? Name)[] brands) =>
        new() { Ref = reference, Name = name, Brands = brands.Select(b => new CatalogBrand { Ref = b.Ref, Name = b.Name }).ToList() };

    private static CatalogGame Game(string? id, params string[] brands) => new()
    {
        GameId = id, DisplayName = "Game " + id, GameProviderDisplayName = "Provider", IsEnabled = true, EnabledBrandRefs = [.. brands],
    };

    [Fact]
    public void A_valid_catalog_has_no_errors()
    {
        Assert.Empty(CatalogValidator.ValidateOperators([Operator("op-1", "Op 1", ("b1", "B1"), ("b2", "B2")), Operator("op-2", "Op 2", ("b3", "B3"))]));
        Assert.Empty(CatalogValidator.ValidateGames([Game("g1", "b1"), Game("g2")], new HashSet<string> { "b1" }));
    }

    [Fact]
    public void Refs_of_exactly_100_characters_are_accepted_and_101_refused()
    {
        Assert.Empty(CatalogValidator.ValidateOperators([Operator(new string('o', 100), "Op", (new string('b', 100), "B"))]));

        var errors = CatalogValidator.ValidateOperators([Operator(new string('o', 101), "Op", (new string('b', 101), "B"))]);

        Assert.Equal(2, errors.Count);
        Assert.All(errors, e => Assert.Contains("101 characters", e));
    }

    [Theory]
    [InlineData(null, "Op", "ref is missing")]
    [InlineData("", "Op", "ref is missing")]
    [InlineData("op", null, "name is missing")]
    [InlineData("op", "  ", "name is missing")]
    public void Operator_fields_are_required(string? reference, string? name, string expected) =>
        Assert.Contains(CatalogValidator.ValidateOperators([Operator(reference, name)]), e => e.Contains(expected));

    [Theory]
    [InlineData("op\r\nINFO forged")]
    [InlineData("op\u0000")]
    [InlineData("op\u202Egpj")]
    [InlineData("op\u2069")]
    public void Refs_with_control_or_bidirectional_characters_are_refused_everywhere(string reference)
    {
        var operators = CatalogValidator.ValidateOperators([Operator(reference, "Op", (reference + "-brand", "B"))]);
        var games = CatalogValidator.ValidateGames([Game(reference)], null);

        Assert.Equal(2, operators.Count(e => e.Contains("control character")));
        Assert.Contains(games, e => e.Contains("gameId holds a control character"));
    }

    [Fact]
    public void Refs_are_not_normalised_so_two_forms_of_one_letter_are_two_brands()
    {
        // "é" precomposed and "e" + combining acute look alike but are different ids to the casino: both are kept.
        Assert.Empty(CatalogValidator.ValidateOperators([Operator("op", "Op", ("caf\u00e9", "B1"), ("cafe\u0301", "B2"))]));
    }

    [Fact]
    public void Missing_brands_list_and_null_entries_are_reported()
    {
        var errors = CatalogValidator.ValidateOperators([new CatalogOperator { Ref = "op", Name = "Op" }, null]);

        Assert.Contains(errors, e => e.Contains("brands is missing"));
        Assert.Contains(errors, e => e.Contains("operators[1]: is null"));
    }

    [Fact]
    public void Brand_refs_must_be_unique_across_operators_and_named()
    {
        var errors = CatalogValidator.ValidateOperators([Operator("op-1", "Op", ("b1", "B1")), Operator("op-2", "Op", ("b1", "Again"), ("b2", null))]);

        Assert.Contains(errors, e => e.Contains("operators[1].brands[0]") && e.Contains("'b1' is not unique"));
        Assert.Contains(errors, e => e.Contains("operators[1].brands[1]") && e.Contains("name is missing"));
    }

    [Fact]
    public void Operator_refs_must_be_unique()
    {
        var errors = CatalogValidator.ValidateOperators([Operator("op"), Operator("op")]);

        Assert.Single(errors);
        Assert.Contains("'op' is not unique", errors[0]);
    }

    [Fact]
    public void Every_game_error_is_reported_not_just_the_first()
    {
        var games = new List<CatalogGame?>
        {
            Game("g1"),
            Game("g1"),
            new() { GameId = null, DisplayName = "x", GameProviderDisplayName = "p", IsEnabled = true },
            new() { GameId = "g3", DisplayName = "", GameProviderDisplayName = null, IsEnabled = null },
            Game(new string('x', 101)),
            Game("g4", "b1", "unknown", ""),
            null,
        };

        var errors = CatalogValidator.ValidateGames(games, new HashSet<string> { "b1" });

        Assert.Contains(errors, e => e.StartsWith("games[1]") && e.Contains("not unique"));
        Assert.Contains(errors, e => e.StartsWith("games[2]") && e.Contains("gameId is missing"));
        Assert.Contains(errors, e => e.StartsWith("games[3]") && e.Contains("displayName is missing"));
        Assert.Contains(errors, e => e.StartsWith("games[3]") && e.Contains("gameProviderDisplayName is missing"));
        Assert.Contains(errors, e => e.StartsWith("games[3]") && e.Contains("isEnabled is missing"));
        Assert.Contains(errors, e => e.StartsWith("games[4]") && e.Contains("101 characters"));
        Assert.Contains(errors, e => e.StartsWith("games[5]") && e.Contains("unknown brand 'unknown'"));
        Assert.Contains(errors, e => e.StartsWith("games[5]") && e.Contains("empty entry"));
        Assert.Contains(errors, e => e.StartsWith("games[6]") && e.Contains("is null"));
        Assert.Equal(9, errors.Count);
    }

    [Fact]
    public void Brand_check_is_skipped_when_no_known_brands_are_given() =>
        Assert.Empty(CatalogValidator.ValidateGames([Game("g1", "anything")], knownBrandRefs: null));
}
