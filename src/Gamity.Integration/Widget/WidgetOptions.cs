using Gamity.Integration.Defaults;

namespace Gamity.Integration.Widget;

public sealed class WidgetOptions
{
    public const string Section = "Widget";

    /// <summary><c>Cache-Control: public, max-age</c> of an availability answer (the snapshot itself changes every 3 minutes).</summary>
    public int CacheSeconds { get; set; } = 30;

    /// <summary>
    /// Origins whose pages may call the availability endpoint from the browser (CORS); <c>*</c> for any. Empty =
    /// no CORS header, for calls from a backend or the same origin.
    /// </summary>
    public List<string> AllowedOrigins { get; set; } = [];

    public static IEnumerable<string> Validate(WidgetOptions o)
    {
        if (o.CacheSeconds is < 0 or > 3600)
        {
            yield return $"{ValidatedOptions.Setting(Section, nameof(CacheSeconds))} must be between 0 and 3600, got {o.CacheSeconds}.";
        }

        foreach (var origin in o.AllowedOrigins.Where(origin => origin != "*" && !(Uri.TryCreate(origin, UriKind.Absolute, out var uri) && ValidatedOptions.IsHttpUrl(origin) && uri.AbsolutePath == "/" && !origin.EndsWith('/'))))
        {
            yield return $"{ValidatedOptions.Setting(Section, nameof(AllowedOrigins))} entries must be origins such as https://casino.example (scheme, host, optional port, no path) or *, got '{origin}'.";
        }
    }
}
