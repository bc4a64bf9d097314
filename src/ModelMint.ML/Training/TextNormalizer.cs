namespace ModelMint.ML.Training;

/// <summary>
/// Brings text into the form the featurizer analyses: compatibility-folded, lower case, every whitespace run
/// collapsed to one space, with one space before and after (so every word is padded for char_wb n-grams).
/// </summary>
/// <remarks>
/// Full NFKC needs ICU, which InvariantGlobalization builds lack (<see cref="string.Normalize()"/> returns
/// non-ASCII text unchanged there), and a model's features must not depend on the host's globalization mode.
/// So the NFKC mappings that occur in real text are applied here: fullwidth ASCII, halfwidth CJK punctuation, compatibility
/// spaces, Latin ligatures, the ellipsis, super- and subscript digits and circled numbers.
/// </remarks>
internal static class TextNormalizer
{
    /// <summary>Longest possible output for <paramref name="text"/>: its length, two pads and what folds expand.</summary>
    public static int MaxLength(ReadOnlySpan<char> text)
    {
        var length = text.Length + 2;
        foreach (var c in text)
        {
            if (c >= '\u2026' && c is '\u2026' or '\u2122' or (>= '\u2469' and <= '\u2473') or (>= '\uFB00' and <= '\uFB06'))
            {
                length += 2;
            }
        }

        return length;
    }

    public static int Normalize(ReadOnlySpan<char> text, Span<char> destination)
    {
        Span<char> single = stackalloc char[1];
        var length = 0;
        destination[length++] = ' ';
        foreach (var c in text)
        {
            foreach (var folded in Fold(c, single))
            {
                if (char.IsWhiteSpace(folded))
                {
                    if (destination[length - 1] != ' ')
                    {
                        destination[length++] = ' ';
                    }
                }
                else
                {
                    destination[length++] = char.ToLowerInvariant(folded);
                }
            }
        }

        if (destination[length - 1] != ' ')
        {
            destination[length++] = ' ';
        }

        return length;
    }

    private static ReadOnlySpan<char> Fold(char c, Span<char> single)
    {
        single[0] = c switch
        {
            >= '\uFF01' and <= '\uFF5E' => (char)(c - 0xFEE0),
            '\u3000' => ' ',
            '\uFF61' => '\u3002',
            '\uFF62' => '\u300C',
            '\uFF63' => '\u300D',
            '\uFF64' => '\u3001',
            '\uFFE0' => '\u00A2',
            '\uFFE1' => '\u00A3',
            '\uFFE2' => '\u00AC',
            '\uFFE4' => '\u00A6',
            '\uFFE5' => '\u00A5',
            '\uFFE6' => '\u20A9',
            '\u00B9' => '1',
            '\u00B2' => '2',
            '\u00B3' => '3',
            '\u2070' => '0',
            >= '\u2074' and <= '\u2079' => (char)('4' + (c - '\u2074')),
            >= '\u2080' and <= '\u2089' => (char)('0' + (c - '\u2080')),
            >= '\u2460' and <= '\u2468' => (char)('1' + (c - '\u2460')),
            _ => c,
        };

        return c switch
        {
            '\uFB00' => "ff",
            '\uFB01' => "fi",
            '\uFB02' => "fl",
            '\uFB03' => "ffi",
            '\uFB04' => "ffl",
            '\uFB05' or '\uFB06' => "st",
            '\u2026' => "...",
            '\u2122' => "TM",
            >= '\u2469' and <= '\u2473' => CircledTens[c - '\u2469'],
            _ => single,
        };
    }

    private static readonly string[] CircledTens = ["10", "11", "12", "13", "14", "15", "16", "17", "18", "19", "20"];
}
