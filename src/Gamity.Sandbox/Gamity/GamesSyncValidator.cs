using Gamity.Sandbox.Shared;

namespace Gamity.Sandbox.Gamity;

/// <summary>Checks a sync-games body before anything is merged.</summary>
public static class GamesSyncValidator
{
    public static ValidationErrors Validate(IReadOnlyList<SyncGame> games)
    {
        var errors = new ValidationErrors();
        var gameIds = new HashSet<string>(games.Count, StringComparer.Ordinal);

        for (var i = 0; i < games.Count; i++)
        {
            var game = games[i];
            if (game is null)
            {
                errors.Add($"[{i}] must be a game object.");
                continue;
            }

            errors.CheckRef(game.GameId, $"[{i}].gameId");
            errors.CheckUnique(game.GameId, $"[{i}].gameId", gameIds);
            errors.CheckPresent(game.DisplayName, $"[{i}].displayName");
            errors.CheckPresent(game.GameProviderDisplayName, $"[{i}].gameProviderDisplayName");
            CheckBrandRefs(game.EnabledBrandRefs, i, errors);
        }

        return errors;
    }

    private static void CheckBrandRefs(IReadOnlyList<string>? brandRefs, int gameIndex, ValidationErrors errors)
    {
        if (brandRefs is null)
        {
            return;
        }

        for (var j = 0; j < brandRefs.Count; j++)
        {
            // The error path is only built for bad refs: a large catalog sends about a million good ones.
            if (string.IsNullOrWhiteSpace(brandRefs[j]) || brandRefs[j].Length > ValidationErrors.MaxRefLength)
            {
                errors.CheckRef(brandRefs[j], $"[{gameIndex}].enabledBrandRefs[{j}]");
            }
        }
    }
}
