using System.Net;
using System.Net.Sockets;

namespace ModelMint.Server.Webhooks;

/// <summary>
/// Where deliveries may go. Any organisation can register an endpoint, so without a check the server would post to
/// whatever an endpoint's name points at: its own loopback services, the cloud's metadata address, databases' HTTP ports
/// and admin pages on the private network. Unless <see cref="WebhookOptions.AllowPrivateNetworks"/> is on, an endpoint
/// is refused when its URL names such an address (<see cref="NonPublicReason"/>), and every delivery connects only to
/// public addresses of the name as resolved at that moment (<see cref="CreateHandler"/>), so a name that is re-pointed
/// after registration (DNS rebinding) is caught too.
/// </summary>
public static class WebhookTargets
{
    /// <summary>Why <paramref name="url"/> names a non-public address, or null. Names other than localhost are not resolved here.</summary>
    public static string? NonPublicReason(Uri url)
    {
        var host = url.IdnHost.TrimEnd('.');
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase))
        {
            return $"'{url.Host}' is this machine";
        }

        return IPAddress.TryParse(host, out var address) && !IsPublic(address) ? $"{address} is not a public address" : null;
    }

    /// <summary>
    /// Whether <paramref name="address"/> is reachable on the public internet: not loopback, unspecified, private
    /// (RFC 1918, unique local), shared (100.64/10), link-local (cloud metadata at 169.254.169.254), benchmarking,
    /// documentation, multicast or reserved. IPv4 inside IPv6 (mapped, NAT64) is judged as the IPv4 address.
    /// </summary>
    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            Span<byte> b = stackalloc byte[4];
            address.TryWriteBytes(b, out _);
            return !(b[0] is 0 or 10 or 127 or >= 224 // this network, private, loopback, multicast and reserved
                || (b[0] == 100 && b[1] is >= 64 and < 128) // shared address space (carrier-grade NAT)
                || (b[0] == 169 && b[1] == 254) // link-local, cloud metadata
                || (b[0] == 172 && b[1] is >= 16 and < 32)
                || (b[0] == 192 && b[1] == 168)
                || (b[0] == 192 && b[1] == 0 && b[2] is 0 or 2) // IETF protocol assignments, documentation
                || (b[0] == 198 && b[1] is 18 or 19) // benchmarking
                || (b[0] == 198 && b[1] == 51 && b[2] == 100)
                || (b[0] == 203 && b[1] == 0 && b[2] == 113));
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return false;
        }

        Span<byte> v6 = stackalloc byte[16];
        address.TryWriteBytes(v6, out _);
        // 64:ff9b::/96 translates to the IPv4 address in its last four bytes (NAT64).
        if (v6[..12].SequenceEqual(new byte[] { 0x00, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0 }))
        {
            return IsPublic(new IPAddress(v6[12..]));
        }

        return !(IPAddress.IPv6Loopback.Equals(address) || IPAddress.IPv6None.Equals(address)
            || address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6UniqueLocal || address.IsIPv6Multicast
            || (v6[0] == 0x20 && v6[1] == 0x01 && v6[2] == 0x0d && v6[3] == 0xb8)); // 2001:db8::/32, documentation
    }

    /// <summary>
    /// The handler deliveries are sent with: no redirects (a receiver's redirect is its own mistake to fix, not a reason
    /// to post a signed event somewhere else), no cookies, no proxy (the address checked is the receiver's), and, unless
    /// <paramref name="allowPrivateNetworks"/>, a connection only to a public address of the receiver's name.
    /// </summary>
    public static SocketsHttpHandler CreateHandler(bool allowPrivateNetworks) => new()
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        UseProxy = false,
        ConnectCallback = allowPrivateNetworks ? null : ConnectToPublicAsync,
    };

    private static async ValueTask<Stream> ConnectToPublicAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);
        var allowed = addresses.Where(IsPublic).ToArray();
        if (allowed.Length == 0)
        {
            throw new HttpRequestException(
                $"Not sent: {host} resolves to {string.Join(", ", addresses.Select(a => a.ToString()))}, which is not a public address. " +
                "Webhooks go only to public addresses unless the operator sets Webhooks:AllowPrivateNetworks.");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
