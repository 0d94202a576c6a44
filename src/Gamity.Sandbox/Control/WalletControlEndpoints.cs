using Gamity.Sandbox.Shared;
using Gamity.Sandbox.Wallet;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Gamity.Sandbox.Control;

/// <summary>Inspection of the fake casino wallet, its players and its faults (no auth).</summary>
public static class WalletControlEndpoints
{
    public static IEndpointRouteBuilder MapWalletControl(this IEndpointRouteBuilder app)
    {
        var wallet = app.MapGroup("/sandbox/wallet");
        wallet.MapDelete("", (WalletState state) =>
        {
            state.Reset();
            return TypedResults.NoContent();
        });
        wallet.MapGet("summary", (WalletState state) => TypedResults.Ok(state.Summary()));
        wallet.MapGet("transactions", (WalletState state, string? brandId, string? playerId) =>
            TypedResults.Ok(state.Transactions(brandId, playerId)));
        wallet.MapGet("players", (WalletState state) => TypedResults.Ok(state.Players()));
        wallet.MapGet("players/{brandId}/{playerId}", GetPlayer);
        wallet.MapPut("players/{brandId}/{playerId}", PutPlayerAsync);
        wallet.MapGet("faults", (WalletFaults faults) => TypedResults.Ok(faults.Current));
        wallet.MapPut("faults", SetFaultsAsync);
        wallet.MapDelete("faults", (WalletFaults faults) =>
        {
            faults.Reset();
            return TypedResults.NoContent();
        });
        return app;
    }

    private static Results<Ok<WalletPlayerView>, ProblemHttpResult> GetPlayer(string brandId, string playerId, WalletState state) =>
        state.GetPlayer(brandId, playerId) is { } player
            ? TypedResults.Ok(player)
            : TypedResults.Problem(
                title: "Unknown player.",
                detail: $"The wallet holds no player '{playerId}' in brand '{brandId}'.",
                statusCode: StatusCodes.Status404NotFound);

    private static async Task<Results<Ok<WalletPlayerView>, ProblemHttpResult>> PutPlayerAsync(
        string brandId, string playerId, HttpRequest request, WalletState state)
    {
        var read = await JsonBody.ReadAsync(request, SandboxJsonContext.Default.WalletPlayerRequest);
        if (read.Failed)
        {
            return read.Problem;
        }

        var errors = read.Value.Validate();
        return errors.Any ? Problems.Validation(errors) : TypedResults.Ok(state.PutPlayer(brandId, playerId, read.Value));
    }

    private static async Task<Results<Ok<WalletFaultSettings>, ProblemHttpResult>> SetFaultsAsync(
        HttpRequest request, WalletFaults faults)
    {
        var read = await JsonBody.ReadAsync(request, SandboxJsonContext.Default.WalletFaultsRequest);
        if (read.Failed)
        {
            return read.Problem;
        }

        var errors = new ValidationErrors();
        if (WalletFaultSettings.From(read.Value, errors) is not { } settings)
        {
            return Problems.Validation(errors);
        }

        faults.Set(settings);
        return TypedResults.Ok(settings);
    }
}
