using Gamity.Functions.ActiveGames;
using Gamity.Functions.Catalog;
using Gamity.Functions.Health;
using Gamity.Functions.Hosting;
using Gamity.Functions.PlayerTokens;
using Gamity.Functions.Rounds;
using Gamity.Functions.WalletOperations;
using Gamity.Functions.Widget;

namespace Gamity.Functions;

/// <summary>Every function of the app, one declaration each (see <see cref="FunctionDefinition"/>).</summary>
public static class FunctionCatalog
{
    public static IReadOnlyList<FunctionDefinition> All { get; } =
    [
        .. CatalogFunctions.All,
        .. ActiveGamesFunctions.All,
        .. RoundsFunctions.All,
        .. WalletOperationFunctions.All,
        .. PlayerTokenFunctions.All,
        .. WidgetFunctions.All,
        .. HealthFunctions.All,
    ];
}
