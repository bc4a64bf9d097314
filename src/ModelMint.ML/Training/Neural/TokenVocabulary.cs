using System.Buffers;

namespace ModelMint.ML.Training.Neural;

/// <summary>
/// Maps word tokens to embedding rows. Tokens are the featurizer's words: <see cref="TextNormalizer"/> output split by
/// <see cref="NgramAnalyzer.WordNgrams"/> (letters and digits; each CJK ideograph or kana is a token of its own;
/// single-char non-CJK words and punctuation are dropped), each kept as its 64-bit hash. Id 0 is the
/// out-of-vocabulary token; known tokens are 1..<see cref="Keys"/>.Length, most frequent first.
/// </summary>
internal sealed class TokenVocabulary
{
    public const int OutOfVocabulary = 0;

    private static readonly NgramAnalyzer Words = new(1, 1, 1);
    private readonly Dictionary<ulong, int> _ids;

    public TokenVocabulary(ulong[] keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        Keys = keys;
        _ids = new Dictionary<ulong, int>(keys.Length);
        for (var i = 0; i < keys.Length; i++)
        {
            if (!_ids.TryAdd(keys[i], i + 1))
            {
                throw new ArgumentException("The vocabulary lists a token twice.", nameof(keys));
            }
        }
    }

    /// <summary>Token hashes in id order, starting at id 1.</summary>
    public ulong[] Keys { get; }

    /// <summary>Rows of the embedding: the known tokens plus the out-of-vocabulary row.</summary>
    public int Size => Keys.Length + 1;

    /// <summary>
    /// Keeps the <paramref name="maxSize"/> most frequent tokens seen at least <paramref name="minCount"/> times
    /// (ties by hash, so the result does not depend on input order beyond the counts).
    /// </summary>
    public static TokenVocabulary Fit(IEnumerable<string> texts, int maxSize, int minCount, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var counts = new Dictionary<ulong, int>();
        foreach (var text in texts)
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var token in Tokenize(text))
            {
                counts[token] = counts.GetValueOrDefault(token) + 1;
            }
        }

        return new TokenVocabulary(
        [
            .. counts.Where(p => p.Value >= minCount)
                .OrderByDescending(p => p.Value)
                .ThenBy(p => p.Key)
                .Take(maxSize)
                .Select(p => p.Key),
        ]);
    }

    /// <summary>The ids of the first <paramref name="maxLength"/> tokens of <paramref name="text"/>.</summary>
    public int[] Encode(string? text, int maxLength)
    {
        var tokens = Tokenize(text);
        var ids = new int[Math.Min(tokens.Length, maxLength)];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = _ids.GetValueOrDefault(tokens[i], OutOfVocabulary);
        }

        return ids;
    }

    /// <summary>The hashes of a text's word tokens, in order.</summary>
    public static ulong[] Tokenize(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return [];
        }

        var normalized = ArrayPool<char>.Shared.Rent(TextNormalizer.MaxLength(text));
        ulong[]? hashes = null;
        try
        {
            var length = TextNormalizer.Normalize(text, normalized);
            hashes = ArrayPool<ulong>.Shared.Rent(Words.MaxNgramsPerBlock(length));
            var count = Words.WordNgrams(normalized.AsSpan(0, length), hashes);
            return hashes.AsSpan(0, count).ToArray();
        }
        finally
        {
            ArrayPool<char>.Shared.Return(normalized);
            if (hashes is not null)
            {
                ArrayPool<ulong>.Shared.Return(hashes);
            }
        }
    }
}
