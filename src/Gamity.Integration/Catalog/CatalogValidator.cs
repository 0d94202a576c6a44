using Gamity.Integration.Input;

namespace Gamity.Integration.Catalog;

/// <summary>
/// Everything is validated before anything is pushed: Gamity's sync APIs take the full portfolio and disable
/// whatever is missing, so half a push is worse than none (ADR 0002).
/// </summary>
public static class CatalogValidator
{
    /// <summary>Gamity's documented limit for operator refs and game ids; applied to brand refs by analogy (gamity-contract.md §4–5).</summary>
    public const int MaxRefLength = 100;

    public static List<string> ValidateOperators(IReadOnlyList<CatalogOperator?> operators)
    {
        var errors = new List<string>();
        var operatorRefs = new HashSet<string>(StringComparer.Ordinal);
        var brandRefs = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < operators.Count; i++)
        {
            var op = operators[i];
            var where = $"operators[{i}]";
            if (op is null)
            {
                errors.Add($"{where}: is null");
                continue;
            }

            CheckRef(errors, where, "ref", op.Ref, operatorRefs, "operator");
            CheckName(errors, where, op.Name);
            if (op.Brands is null)
            {
                errors.Add($"{where} ({op.Ref}): brands is missing");
                continue;
            }

            for (var j = 0; j < op.Brands.Count; j++)
            {
                var brand = op.Brands[j];
                var brandWhere = $"{where}.brands[{j}]";
                if (brand is null)
                {
                    errors.Add($"{brandWhere}: is null");
                    continue;
                }

                CheckRef(errors, brandWhere, "ref", brand.Ref, brandRefs, "brand");
                CheckName(errors, brandWhere, brand.Name);
            }
        }

        return errors;
    }

    /// <param name="knownBrandRefs">Brands every <c>enabledBrandRefs</c> entry must be one of; null skips that check.</param>
    public static List<string> ValidateGames(IReadOnlyList<CatalogGame?> games, IReadOnlySet<string>? knownBrandRefs)
    {
        var errors = new List<string>();
        var gameIds = new HashSet<string>(games.Count, StringComparer.Ordinal);
        for (var i = 0; i < games.Count; i++)
        {
            var game = games[i];
            var where = $"games[{i}]";
            if (game is null)
            {
                errors.Add($"{where}: is null");
                continue;
            }

            CheckRef(errors, where, "gameId", game.GameId, gameIds, "game");
            if (string.IsNullOrWhiteSpace(game.DisplayName))
            {
                errors.Add($"{where} ({game.GameId}): displayName is missing");
            }

            if (string.IsNullOrWhiteSpace(game.GameProviderDisplayName))
            {
                errors.Add($"{where} ({game.GameId}): gameProviderDisplayName is missing");
            }

            if (game.IsEnabled is null)
            {
                errors.Add($"{where} ({game.GameId}): isEnabled is missing (Gamity requires it)");
            }

            if (game.EnabledBrandRefs is { } brands)
            {
                foreach (var brand in brands)
                {
                    if (string.IsNullOrWhiteSpace(brand))
                    {
                        errors.Add($"{where} ({game.GameId}): enabledBrandRefs has an empty entry");
                    }
                    else if (knownBrandRefs is not null && !knownBrandRefs.Contains(brand))
                    {
                        errors.Add($"{where} ({game.GameId}): enabledBrandRefs names unknown brand '{brand}'");
                    }
                }
            }
        }

        return errors;
    }

    private static void CheckRef(List<string> errors, string where, string field, string? value, HashSet<string> seen, string what)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add($"{where}: {field} is missing");
        }
        else if (value.Length > MaxRefLength)
        {
            errors.Add($"{where}: {field} '{value[..20]}…' is {value.Length} characters (at most {MaxRefLength})");
        }
        else if (IdentifierRules.HasForbiddenCharacter(value))
        {
            errors.Add($"{where}: {field} {IdentifierRules.ForbiddenCharacterReason}");
        }
        else if (!seen.Add(value))
        {
            errors.Add($"{where}: {field} '{value}' is not unique (another {what} has it)");
        }
    }

    private static void CheckName(List<string> errors, string where, string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            errors.Add($"{where}: name is missing");
        }
    }
}
