namespace Gamity.Integration.Defaults;

/// <summary>A bounded excerpt of a response body, for errors and run records (never the whole body).</summary>
public static class BodyExcerpt
{
    public const int MaxLength = 500;

    public static async Task<string> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var buffer = new char[MaxLength + 1];
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
            var read = await reader.ReadBlockAsync(buffer.AsMemory(), cancellationToken);
            return read > MaxLength ? new string(buffer, 0, MaxLength) + "…" : new string(buffer, 0, read);
        }
        catch (Exception exception) when (exception is IOException or HttpRequestException)
        {
            return $"(body unreadable: {exception.Message})";
        }
    }

    public static string Of(string text) => text.Length <= MaxLength ? text : string.Concat(text.AsSpan(0, MaxLength), "…");
}
