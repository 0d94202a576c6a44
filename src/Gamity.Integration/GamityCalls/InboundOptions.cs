using System.Net;
using Gamity.Integration.Defaults;

namespace Gamity.Integration.GamityCalls;

/// <summary>How Gamity's calls (payouts, debits) are authenticated: server-to-server with IP allow-listing (gamity-contract.md §6–7).</summary>
public sealed class InboundOptions
{
    public const string Section = "Inbound";

    /// <summary>The <c>X-API-Key</c> values Gamity may present: one, or two while a key is rotated.</summary>
    public List<string> ApiKeys { get; set; } = [];

    /// <summary>CIDR ranges Gamity calls from (ask Codemodity). Empty = every address (a warning is logged at start).</summary>
    public List<string> AllowedIpRanges { get; set; } = [];

    /// <summary>
    /// Proxies whose <c>X-Forwarded-For</c> is believed (e.g. <c>127.0.0.1/32</c> for the Functions host, which
    /// forwards the front end's header). The client is the right-most address not in these ranges.
    /// </summary>
    public List<string> TrustedProxies { get; set; } = [];

    public static IEnumerable<string> Validate(InboundOptions o)
    {
        string Setting(string key) => ValidatedOptions.Setting(Section, key);
        if (o.ApiKeys.Count is < 1 or > 2 || o.ApiKeys.Any(k => string.IsNullOrWhiteSpace(k) || k.Length < 16))
        {
            yield return $"{Setting(nameof(ApiKeys))}__0 (and optionally __1, for rotation) must be set: the X-API-Key Gamity sends, at least 16 characters.";
        }

        foreach (var (name, ranges) in new[] { (nameof(AllowedIpRanges), o.AllowedIpRanges), (nameof(TrustedProxies), o.TrustedProxies) })
        {
            foreach (var range in ranges.Where(r => !IPNetwork.TryParse(r, out _) && !IPAddress.TryParse(r, out _)))
            {
                yield return $"{Setting(name)} has '{range}', which is not a CIDR range (e.g. 203.0.113.0/24) or an IP address.";
            }
        }
    }
}
