namespace Gamity.Sandbox.Shared;

/// <summary>The lost-response fault: the work is done, the answer never comes.</summary>
public static class LostAnswer
{
    /// <summary>
    /// Holds the request open until the client gives up (its timeout) or the sandbox stops; then the connection
    /// is cut, so shutdown does not wait for it.
    /// </summary>
    public static async Task HoldOpenAsync(HttpContext http, IHostApplicationLifetime lifetime)
    {
        using var either = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, lifetime.ApplicationStopping);
        try
        {
            await Task.Delay(Timeout.Infinite, either.Token);
        }
        catch (OperationCanceledException)
        {
            if (!http.RequestAborted.IsCancellationRequested)
            {
                http.Abort();
            }
        }
    }
}
