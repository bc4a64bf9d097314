namespace ModelMint.Domain.Billing;

/// <summary>
/// A code that redeems prepaid credit, e.g. <c>7KQ2-M9XD-4TZW-R1H2</c>: 15 random characters (75 bits) and a check
/// character, in four groups of four, from Crockford's base-32 alphabet (digits and upper-case letters without
/// I, L, O, U). The check character is Luhn mod 32 over the others, so every single mistyped character and every swap
/// of two adjacent characters except 0↔Z is caught before the database is asked. Input is read leniently: case, spaces and
/// hyphens are ignored, and O reads as 0, I and L as 1.
/// </summary>
public sealed record RedemptionCode
{
    /// <summary>Crockford's base-32 alphabet: the value of a character is its index.</summary>
    public const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    /// <summary>Random characters per code.</summary>
    public const int PayloadLength = 15;

    /// <summary>Characters per code without hyphens: the payload and one check character.</summary>
    public const int Length = PayloadLength + 1;

    /// <summary>Random bytes needed per code: 75 bits, rounded up to bytes.</summary>
    public const int RandomByteCount = 10;

    /// <summary>The format in words, for error messages.</summary>
    public const string Rule =
        "16 characters in four groups of four (e.g. 7KQ2-M9XD-4TZW-R1H2): digits and letters except I, L, O and U.";

    private RedemptionCode(string value) => Value = value;

    /// <summary>The canonical 16 characters, without hyphens.</summary>
    public string Value { get; }

    /// <summary>The code from <paramref name="randomBytes"/> (exactly <see cref="RandomByteCount"/> bytes; 75 bits used).</summary>
    /// <exception cref="ArgumentException">The span has the wrong length.</exception>
    public static RedemptionCode FromRandomBytes(ReadOnlySpan<byte> randomBytes)
    {
        if (randomBytes.Length != RandomByteCount)
        {
            throw new ArgumentException(
                $"A redemption code needs exactly {RandomByteCount} random bytes; got {randomBytes.Length}.",
                nameof(randomBytes));
        }

        Span<char> chars = stackalloc char[Length];
        var buffer = 0;
        var bits = 0;
        var next = 0;
        foreach (var b in randomBytes)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5 && next < PayloadLength)
            {
                bits -= 5;
                chars[next++] = Alphabet[(buffer >> bits) & 31];
            }

            buffer &= (1 << bits) - 1;
        }

        chars[PayloadLength] = CheckCharacter(chars[..PayloadLength]);
        return new RedemptionCode(new string(chars));
    }

    /// <summary>A new code from <paramref name="random"/>.</summary>
    public static RedemptionCode Generate(IRandomBytes random)
    {
        ArgumentNullException.ThrowIfNull(random);
        Span<byte> bytes = stackalloc byte[RandomByteCount];
        random.Fill(bytes);
        return FromRandomBytes(bytes);
    }

    /// <summary>
    /// <paramref name="count"/> distinct codes for a batch. Duplicates (a 2⁻⁷⁵ chance per pair) are drawn again.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative.</exception>
    public static IReadOnlyList<RedemptionCode> GenerateBatch(IRandomBytes random, int count)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var codes = new List<RedemptionCode>(count);
        while (codes.Count < count)
        {
            var code = Generate(random);
            if (seen.Add(code.Value))
            {
                codes.Add(code);
            }
        }

        return codes;
    }

    /// <summary>Reads a code as a person typed it. Never throws.</summary>
    /// <returns>Whether the input has the right characters, length and check character.</returns>
    public static bool TryParse(string? input, out RedemptionCode code)
    {
        code = null!;
        if (input is null || input.Length > 64)
        {
            return false;
        }

        Span<char> chars = stackalloc char[Length];
        var count = 0;
        foreach (var raw in input)
        {
            if (raw is '-' or ' ')
            {
                continue;
            }

            var c = char.ToUpperInvariant(raw) switch
            {
                'O' => '0',
                'I' or 'L' => '1',
                var other => other,
            };
            if (count == Length || Alphabet.IndexOf(c, StringComparison.Ordinal) < 0)
            {
                return false;
            }

            chars[count++] = c;
        }

        if (count != Length || CheckCharacter(chars[..PayloadLength]) != chars[PayloadLength])
        {
            return false;
        }

        code = new RedemptionCode(new string(chars));
        return true;
    }

    /// <summary>Reads a code as a person typed it.</summary>
    /// <exception cref="FormatException">The input is not a valid code; the message says what is expected.</exception>
    public static RedemptionCode Parse(string input) =>
        TryParse(input, out var code)
            ? code
            : throw new FormatException($"'{input}' is not a valid redemption code: {Rule} Check for a typo.");

    /// <summary>The code for people, in groups: <c>7KQ2-M9XD-4TZW-R1H2</c>.</summary>
    public override string ToString() => $"{Value[..4]}-{Value[4..8]}-{Value[8..12]}-{Value[12..]}";

    /// <summary>Luhn mod N (N = 32) check character of <paramref name="payload"/>.</summary>
    private static char CheckCharacter(ReadOnlySpan<char> payload)
    {
        const int n = 32;
        var factor = 2;
        var sum = 0;
        for (var i = payload.Length - 1; i >= 0; i--)
        {
            var addend = factor * Alphabet.IndexOf(payload[i], StringComparison.Ordinal);
            factor = factor == 2 ? 1 : 2;
            sum += (addend / n) + (addend % n);
        }

        return Alphabet[(n - (sum % n)) % n];
    }
}
