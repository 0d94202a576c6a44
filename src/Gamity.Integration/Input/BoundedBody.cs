using Microsoft.AspNetCore.Http.HttpResults;

namespace Gamity.Integration.Input;

/// <summary>
/// Reads a request body up to a limit, never further: a sender cannot make us buffer more than the limit, and a
/// body over it (or over Kestrel's own limit) is reported as too large, for a 413, never a 500.
/// </summary>
public static class BoundedBody
{
    public static async Task<(ReadOnlyMemory<byte> Body, bool TooLarge)> ReadAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
        {
            return (default, true);
        }

        using var buffer = new MemoryStream(request.ContentLength is { } length ? (int)length : 4096);
        var chunk = new byte[Math.Min(limit + 1, 16 * 1024)];
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > limit)
                {
                    return (default, true);
                }

                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (default, true);
        }

        return (buffer.GetBuffer().AsMemory(0, (int)buffer.Length), false);
    }

    /// <summary>The 413 answer: problem+json naming the limit.</summary>
    public static ProblemHttpResult TooLargeProblem(int limit, string setting) => TypedResults.Problem(
        $"The body is larger than {limit} bytes ({setting}); nothing was stored.",
        statusCode: StatusCodes.Status413PayloadTooLarge,
        title: "The request body is too large");
}
