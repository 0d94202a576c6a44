namespace Gamity.Functions;

/// <summary>Hands the library's typed results to the ASP.NET Core integration, which executes any <see cref="IResult"/>.</summary>
internal static class Http
{
    public static async Task<IResult> Result<TResult>(Task<TResult> handler)
        where TResult : IResult =>
        await handler;
}
