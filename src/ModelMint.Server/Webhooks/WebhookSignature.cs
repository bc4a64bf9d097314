using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ModelMint.Server.Webhooks;

/// <summary>
/// The <c>ModelMint-Signature</c> header: <c>t=&lt;unix seconds&gt;,v1=&lt;hex HMAC-SHA256&gt;</c>, the HMAC keyed with the
/// endpoint's whole secret (<c>whsec_...</c>, as UTF-8) over the bytes <c>"&lt;t&gt;." + body</c>. Binding the timestamp
/// into the MAC lets a receiver refuse replays of an old delivery; the body is signed exactly as sent, so verify the
/// raw bytes before parsing them. Receivers in other languages: see docs/webhooks.md.
/// </summary>
public static class WebhookSignature
{
    public const string HeaderName = "ModelMint-Signature";

    /// <summary>A receiver's default allowance for clock skew and delivery delay.</summary>
    public static readonly TimeSpan DefaultTolerance = TimeSpan.FromMinutes(5);

    public static string Create(string secret, DateTimeOffset timestamp, ReadOnlySpan<byte> body)
    {
        var t = timestamp.ToUnixTimeSeconds();
        return $"t={t.ToString(CultureInfo.InvariantCulture)},v1={Convert.ToHexStringLower(Mac(secret, t, body))}";
    }

    /// <summary>
    /// True when <paramref name="header"/> carries a <c>v1</c> signature of <paramref name="body"/> made with
    /// <paramref name="secret"/> and its timestamp is within <paramref name="tolerance"/> of <paramref name="now"/>
    /// (either way). Several <c>v1</c> values may be present (any one matching is enough); unknown fields are ignored.
    /// </summary>
    public static bool Verify(string secret, string? header, ReadOnlySpan<byte> body, DateTimeOffset now, TimeSpan tolerance)
    {
        ArgumentNullException.ThrowIfNull(secret);
        if (string.IsNullOrEmpty(header) || tolerance < TimeSpan.Zero)
        {
            return false;
        }

        long? timestamp = null;
        var candidates = new List<byte[]>();
        foreach (var part in header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var separator = part.IndexOf('=', StringComparison.Ordinal);
            if (separator <= 0)
            {
                return false;
            }

            var (name, value) = (part[..separator], part[(separator + 1)..]);
            if (name == "t")
            {
                if (timestamp is not null || !long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var t))
                {
                    return false;
                }

                timestamp = t;
            }
            else if (name == "v1" && value.Length == 64 && value.All(char.IsAsciiHexDigit))
            {
                candidates.Add(Convert.FromHexString(value));
            }
        }

        if (timestamp is not { } seconds || candidates.Count == 0 || Math.Abs(now.ToUnixTimeSeconds() - seconds) > (long)tolerance.TotalSeconds)
        {
            return false;
        }

        var expected = Mac(secret, seconds, body);
        var matched = false;
        foreach (var candidate in candidates)
        {
            // Compare every candidate in constant time, so timing tells nothing about which one (or how much) matched.
            matched |= CryptographicOperations.FixedTimeEquals(candidate, expected);
        }

        return matched;
    }

    public static bool Verify(string secret, string? header, string body, DateTimeOffset now, TimeSpan tolerance) =>
        Verify(secret, header, Encoding.UTF8.GetBytes(body ?? string.Empty), now, tolerance);

    private static byte[] Mac(string secret, long timestamp, ReadOnlySpan<byte> body)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secret));
        hmac.AppendData(Encoding.ASCII.GetBytes(timestamp.ToString(CultureInfo.InvariantCulture) + "."));
        hmac.AppendData(body);
        return hmac.GetHashAndReset();
    }
}
