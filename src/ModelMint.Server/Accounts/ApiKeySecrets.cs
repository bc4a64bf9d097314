using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace ModelMint.Server.Accounts;

/// <summary>
/// Format, generation and hashing of API key secrets: <c>mm_</c> followed by 40 base62 characters (~238 bits).
/// Keys are random, not chosen by people, so a fast SHA-256 is the right hash: a slow KDF would only slow requests.
/// </summary>
public static class ApiKeySecrets
{
    public const string Scheme = "mm_";
    public const int RandomLength = 40;
    private const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static readonly SearchValues<char> AlphabetValues = SearchValues.Create(Alphabet);

    public static string Generate() => Scheme + RandomNumberGenerator.GetString(Alphabet, RandomLength);

    public static bool IsWellFormed(string? key) =>
        key is not null
        && key.Length == Scheme.Length + RandomLength
        && key.StartsWith(Scheme, StringComparison.Ordinal)
        && key.AsSpan(Scheme.Length).IndexOfAnyExcept(AlphabetValues) < 0;

    /// <summary>What is shown in lists so a person can tell keys apart; reveals 8 of the 40 random characters.</summary>
    public static string PrefixOf(string key) => key[..(Scheme.Length + 8)];

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(key)));
}
