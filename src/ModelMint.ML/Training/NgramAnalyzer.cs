using System.Globalization;
using System.Runtime.CompilerServices;

namespace ModelMint.ML.Training;

/// <summary>
/// Emits 64-bit hashes of the word and char_wb n-grams of normalised text (see <see cref="TextNormalizer"/>)
/// without allocating a string per n-gram. A hash stands for the n-gram's text: at 64 bits collisions among
/// a few million distinct n-grams are negligible.
/// </summary>
internal readonly record struct NgramAnalyzer(int MaxWordNgram, int MinCharNgram, int MaxCharNgram)
{
    private const ulong FnvOffset = 14695981039346656037;
    private const ulong FnvPrime = 1099511628211;

    public string Description => $"word1-{MaxWordNgram}+char_wb{MinCharNgram}-{MaxCharNgram}";

    /// <summary>Upper bound on the hashes either block emits for normalised text of this length.</summary>
    public int MaxNgramsPerBlock(int normalizedLength) => normalizedLength * Math.Max(MaxWordNgram, MaxCharNgram - MinCharNgram + 1);

    public void Validate()
    {
        if (MaxWordNgram is < 1 or > 8 || MinCharNgram < 1 || MaxCharNgram < MinCharNgram || MaxCharNgram > 16)
        {
            throw new ArgumentException($"Invalid n-gram ranges: word 1-{MaxWordNgram}, char {MinCharNgram}-{MaxCharNgram}.");
        }
    }

    /// <summary>
    /// Word 1..MaxWordNgram-grams. A word is a run of letters, digits and combining marks; every CJK ideograph or
    /// kana is a word of its own, so Chinese and Japanese get character uni- and bigrams. An n-gram's text is its
    /// words joined by one space. Single-char non-CJK words are dropped (like scikit-learn's default token pattern):
    /// they carry little on their own and the char n-grams still see them.
    /// </summary>
    public int WordNgrams(ReadOnlySpan<char> text, Span<ulong> destination)
    {
        // previous[m] is the running hash of the (m+1)-gram ending at the previous word.
        Span<ulong> previous = stackalloc ulong[MaxWordNgram];
        var known = 0;
        var count = 0;
        var i = 0;
        while (i < text.Length)
        {
            var start = i;
            if (IsCjk(text[i]))
            {
                i++;
            }
            else if (IsWordChar(text[i]))
            {
                while (++i < text.Length && IsWordChar(text[i]) && !IsCjk(text[i]))
                {
                }

                if (i - start < 2)
                {
                    continue;
                }
            }
            else
            {
                i++;
                continue;
            }

            var word = text[start..i];
            var unigram = Feed(FnvOffset, word);
            destination[count++] = Finish(unigram);
            for (var m = Math.Min(known, MaxWordNgram - 1) - 1; m >= 0; m--)
            {
                var ngram = Feed(Step(previous[m], ' '), word);
                destination[count++] = Finish(ngram);
                previous[m + 1] = ngram;
            }

            previous[0] = unigram;
            known++;
        }

        return count;
    }

    /// <summary>
    /// scikit-learn's char_wb n-grams of lengths MinCharNgram..MaxCharNgram: every window that lies inside one
    /// whitespace-delimited word padded by a space on each side.
    /// </summary>
    public int CharNgrams(ReadOnlySpan<char> text, Span<ulong> destination)
    {
        var count = 0;
        var i = 1;
        while (i < text.Length)
        {
            if (text[i] == ' ')
            {
                i++;
                continue;
            }

            var start = i;
            while (text[i] != ' ')
            {
                i++;
            }

            // The padded word is text[start - 1 .. i], both ends being the separating spaces.
            for (var p = start - 1; p < i; p++)
            {
                var hash = FnvOffset;
                var end = Math.Min(p + MaxCharNgram, i + 1);
                for (var q = p; q < end; q++)
                {
                    hash = Step(hash, text[q]);
                    if (q - p + 1 >= MinCharNgram)
                    {
                        destination[count++] = Finish(hash);
                    }
                }
            }
        }

        return count;
    }

    private static bool IsCjk(char c) =>
        c is (>= '\u3040' and <= '\u30FF') or (>= '\u3400' and <= '\u4DBF') or (>= '\u4E00' and <= '\u9FFF')
            or (>= '\uF900' and <= '\uFAFF');

    private static bool IsWordChar(char c) =>
        char.IsLetterOrDigit(c)
        || (c > '\u007F' && CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Step(ulong hash, char c) => (hash ^ c) * FnvPrime;

    private static ulong Feed(ulong hash, ReadOnlySpan<char> chars)
    {
        foreach (var c in chars)
        {
            hash = Step(hash, c);
        }

        return hash;
    }

    // FNV-1a mixes its last chars poorly into the high bits; the MurmurHash3 finaliser spreads them.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Finish(ulong hash)
    {
        hash ^= hash >> 33;
        hash *= 0xff51afd7ed558ccd;
        hash ^= hash >> 33;
        hash *= 0xc4ceb9fe1a85ec53;
        return hash ^ (hash >> 33);
    }
}
