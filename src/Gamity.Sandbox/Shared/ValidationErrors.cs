namespace Gamity.Sandbox.Shared;

/// <summary>
/// Collects validation errors for a request body. Only the first few are listed so that a huge
/// invalid body still gets a small answer; the total is always reported.
/// </summary>
public sealed class ValidationErrors
{
    public const int MaxRefLength = 100;
    private const int MaxListed = 50;

    private readonly List<string> listed = [];

    public int Count { get; private set; }

    public bool Any => Count > 0;

    public void Add(string error)
    {
        Count++;
        if (listed.Count < MaxListed)
        {
            listed.Add(error);
        }
    }

    /// <summary>A ref (or id) must be present and at most <see cref="MaxRefLength"/> characters.</summary>
    public void CheckRef(string? value, string path)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Add($"{path} is required.");
        }
        else if (value.Length > MaxRefLength)
        {
            Add($"{path} is longer than {MaxRefLength} characters.");
        }
    }

    public void CheckPresent(string? value, string path)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Add($"{path} is required.");
        }
    }

    /// <summary>Records a duplicate when <paramref name="value"/> was already seen; null or blank values are reported elsewhere.</summary>
    public void CheckUnique(string? value, string path, HashSet<string> seen)
    {
        if (!string.IsNullOrWhiteSpace(value) && !seen.Add(value))
        {
            Add($"{path} '{Shorten(value)}' is not unique.");
        }
    }

    public string[] ToArray() =>
        Count <= listed.Count ? [.. listed] : [.. listed, $"... and {Count - listed.Count} more errors."];

    private static string Shorten(string value) => value.Length <= 40 ? value : string.Concat(value.AsSpan(0, 40), "...");
}
