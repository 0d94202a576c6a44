using System.Net;
using Microsoft.Extensions.Options;

namespace Gamity.Integration.GamityCalls;

/// <summary>Decides who is calling (peer, or X-Forwarded-For behind a trusted proxy) and whether that address may call.</summary>
public sealed class ClientAddressPolicy
{
    private readonly IPNetwork[] allowed;
    private readonly IPNetwork[] trustedProxies;

    public ClientAddressPolicy(IOptions<InboundOptions> options)
    {
        allowed = options.Value.AllowedIpRanges.Select(ParseRange).ToArray();
        trustedProxies = options.Value.TrustedProxies.Select(ParseRange).ToArray();
    }

    public bool AllowsEveryone => allowed.Length == 0;

    public bool IsAllowed(IPAddress? client) =>
        AllowsEveryone || (client is not null && allowed.Any(range => range.Contains(Normalize(client))));

    /// <summary>
    /// The peer address, unless the peer is a trusted proxy: then the right-most <c>X-Forwarded-For</c> entry that is
    /// not itself a trusted proxy (entries to its left are client-supplied and could be forged).
    /// </summary>
    public IPAddress? ClientAddress(IPAddress? peer, string? forwardedFor)
    {
        if (peer is null || !IsTrusted(peer) || string.IsNullOrWhiteSpace(forwardedFor))
        {
            return peer is null ? null : Normalize(peer);
        }

        var entries = forwardedFor.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        for (var i = entries.Length - 1; i >= 0; i--)
        {
            if (ParseForwarded(entries[i]) is not { } address)
            {
                return null; // a malformed entry where the client should be: refuse rather than guess
            }

            if (!IsTrusted(address))
            {
                return address;
            }
        }

        return Normalize(peer);
    }

    private bool IsTrusted(IPAddress address) => trustedProxies.Any(range => range.Contains(Normalize(address)));

    private static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    // Azure's front end writes "ip:port"; IPv6 may come as "[::1]:port".
    private static IPAddress? ParseForwarded(string entry)
    {
        if (IPAddress.TryParse(entry, out var plain))
        {
            return Normalize(plain);
        }

        return IPEndPoint.TryParse(entry, out var endpoint) ? Normalize(endpoint.Address) : null;
    }

    private static IPNetwork ParseRange(string range) =>
        IPNetwork.TryParse(range, out var network) ? network : new IPNetwork(IPAddress.Parse(range), IPAddress.Parse(range).AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);
}
