namespace Gamity.Integration.Storage;

/// <summary>
/// Runs a "create if not exists" once per process; a failure is not cached, so the next caller tries again
/// (storage that was unreachable at start must not poison the process).
/// </summary>
public sealed class CreateOnce(Func<CancellationToken, Task> create)
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private volatile bool done;

    public async ValueTask EnsureAsync(CancellationToken cancellationToken)
    {
        if (done)
        {
            return;
        }

        await gate.WaitAsync(cancellationToken);
        try
        {
            if (!done)
            {
                await create(cancellationToken);
                done = true;
            }
        }
        finally
        {
            gate.Release();
        }
    }
}
