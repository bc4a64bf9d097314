using System.Buffers;
using System.Runtime.InteropServices;

namespace ModelMint.ML.Training;

/// <summary>
/// TF-IDF features for any language: word 1..n-grams and char_wb n-grams, each block with sublinear TF
/// (1 + ln tf), smooth IDF (ln((1 + N) / (1 + df)) + 1) and L2-normalised on its own, then concatenated
/// (word features first). N-grams are identified by 64-bit hashes, so the vocabulary holds no strings.
/// Immutable once fitted; <see cref="Transform(string)"/> is safe from many threads.
/// </summary>
public sealed class TextFeaturizer
{
    private readonly NgramAnalyzer _analyzer;
    private readonly Dictionary<ulong, int> _words;
    private readonly Dictionary<ulong, int> _chars;

    internal TextFeaturizer(NgramAnalyzer analyzer, ulong[] wordKeys, ulong[] charKeys, float[] idf)
    {
        analyzer.Validate();
        if (idf.Length != wordKeys.Length + charKeys.Length)
        {
            throw new ArgumentException("There must be one IDF weight per vocabulary entry.", nameof(idf));
        }

        _analyzer = analyzer;
        WordKeys = wordKeys;
        CharKeys = charKeys;
        Idf = idf;
        _words = IndexByKey(wordKeys, 0);
        _chars = IndexByKey(charKeys, wordKeys.Length);
    }

    /// <summary>Number of features: word vocabulary then char vocabulary.</summary>
    public int Dimension => Idf.Length;

    public int MaxWordNgram => _analyzer.MaxWordNgram;

    public int MinCharNgram => _analyzer.MinCharNgram;

    public int MaxCharNgram => _analyzer.MaxCharNgram;

    /// <summary>Short name of the feature set, recorded with trained models, e.g. <c>word1-2+char_wb2-5</c>.</summary>
    public string Description => _analyzer.Description;

    /// <summary>Word n-gram hashes; feature i of the word block.</summary>
    internal ulong[] WordKeys { get; }

    /// <summary>Char n-gram hashes; feature <c>WordKeys.Length + i</c>.</summary>
    internal ulong[] CharKeys { get; }

    internal float[] Idf { get; }

    /// <summary>Builds the vocabulary and IDF weights from training texts.</summary>
    public static TextFeaturizer Fit(IReadOnlyList<string> texts, TextFeaturizerOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        options ??= new TextFeaturizerOptions();
        options.Validate();
        var analyzer = options.Analyzer;

        // Distinct n-grams per document, then document frequencies; per-document work is independent, so the
        // result does not depend on scheduling.
        var wordSets = new ulong[texts.Count][];
        var charSets = new ulong[texts.Count][];
        Parallel.For(
            0,
            texts.Count,
            new ParallelOptions { MaxDegreeOfParallelism = 2, CancellationToken = cancellationToken },
            i =>
            {
                using var analysis = new Analysis(texts[i] ?? string.Empty, analyzer);
                wordSets[i] = Distinct(analysis.WordNgrams());
                charSets[i] = Distinct(analysis.CharNgrams());
            });

        var wordKeys = SelectVocabulary(CountDocuments(wordSets), options.WordMinDocumentFrequency, options.MaxFeaturesPerBlock, out var wordDf);
        var charKeys = SelectVocabulary(CountDocuments(charSets), options.CharMinDocumentFrequency, options.MaxFeaturesPerBlock, out var charDf);
        var idf = wordDf.Concat(charDf).Select(df => (float)(Math.Log((1.0 + texts.Count) / (1.0 + df)) + 1.0)).ToArray();
        return new TextFeaturizer(analyzer, wordKeys, charKeys, idf);
    }

    public SparseVector Transform(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var capacity = MaxFeatures(text);
        var indices = ArrayPool<int>.Shared.Rent(capacity);
        var values = ArrayPool<float>.Shared.Rent(capacity);
        try
        {
            var count = Transform(text, indices, values);
            return new SparseVector(indices.AsSpan(0, count).ToArray(), values.AsSpan(0, count).ToArray());
        }
        finally
        {
            ArrayPool<int>.Shared.Return(indices);
            ArrayPool<float>.Shared.Return(values);
        }
    }

    /// <summary>Room <see cref="Transform(ReadOnlySpan{char}, Span{int}, Span{float})"/> needs for <paramref name="text"/>.</summary>
    internal int MaxFeatures(ReadOnlySpan<char> text) => 2 * _analyzer.MaxNgramsPerBlock(TextNormalizer.MaxLength(text));

    /// <summary>Writes the features of <paramref name="text"/> in increasing index order; returns how many.</summary>
    internal int Transform(ReadOnlySpan<char> text, Span<int> indices, Span<float> values)
    {
        using var analysis = new Analysis(text, _analyzer);
        var count = Weigh(analysis.WordNgrams(), _words, indices, values);
        return count + Weigh(analysis.CharNgrams(), _chars, indices[count..], values[count..]);
    }

    /// <summary>Looks n-grams up, counts repeats and writes sublinear TF-IDF weights of unit norm, by index.</summary>
    private int Weigh(ReadOnlySpan<ulong> hashes, Dictionary<ulong, int> vocabulary, Span<int> indices, Span<float> values)
    {
        var found = 0;
        foreach (var hash in hashes)
        {
            if (vocabulary.TryGetValue(hash, out var index))
            {
                indices[found++] = index;
            }
        }

        indices[..found].Sort();
        var distinct = 0;
        var squaredNorm = 0.0;
        for (var i = 0; i < found;)
        {
            var index = indices[i];
            var run = i + 1;
            while (run < found && indices[run] == index)
            {
                run++;
            }

            var weight = (1.0 + Math.Log(run - i)) * Idf[index];
            indices[distinct] = index;
            values[distinct++] = (float)weight;
            squaredNorm += weight * weight;
            i = run;
        }

        if (distinct > 0)
        {
            var scale = (float)(1.0 / Math.Sqrt(squaredNorm));
            foreach (ref var value in values[..distinct])
            {
                value *= scale;
            }
        }

        return distinct;
    }

    private static ulong[] Distinct(ReadOnlySpan<ulong> hashes)
    {
        var sorted = hashes.ToArray();
        Array.Sort(sorted);
        var count = 0;
        foreach (var hash in sorted)
        {
            if (count == 0 || sorted[count - 1] != hash)
            {
                sorted[count++] = hash;
            }
        }

        return sorted[..count];
    }

    private static Dictionary<ulong, int> CountDocuments(ulong[][] sets)
    {
        var counts = new Dictionary<ulong, int>();
        foreach (var set in sets)
        {
            foreach (var hash in set)
            {
                CollectionsMarshal.GetValueRefOrAddDefault(counts, hash, out _)++;
            }
        }

        return counts;
    }

    /// <summary>Keys with at least <paramref name="minDf"/> documents, the <paramref name="cap"/> most frequent, in key order.</summary>
    private static ulong[] SelectVocabulary(Dictionary<ulong, int> documentCounts, int minDf, int cap, out int[] df)
    {
        var kept = documentCounts.Where(p => p.Value >= minDf).Select(p => (Key: p.Key, Df: p.Value)).ToList();
        if (kept.Count > cap)
        {
            kept.Sort((a, b) => a.Df != b.Df ? b.Df.CompareTo(a.Df) : a.Key.CompareTo(b.Key));
            kept.RemoveRange(cap, kept.Count - cap);
        }

        kept.Sort((a, b) => a.Key.CompareTo(b.Key));
        df = [.. kept.Select(k => k.Df)];
        return [.. kept.Select(k => k.Key)];
    }

    private static Dictionary<ulong, int> IndexByKey(ulong[] keys, int offset)
    {
        var map = new Dictionary<ulong, int>(keys.Length);
        for (var i = 0; i < keys.Length; i++)
        {
            if (!map.TryAdd(keys[i], offset + i))
            {
                throw new ArgumentException("Vocabulary keys must be distinct.", nameof(keys));
            }
        }

        return map;
    }

    /// <summary>
    /// A text normalised into a pooled buffer, with one pooled buffer for n-gram hashes: each call to
    /// <see cref="WordNgrams"/> or <see cref="CharNgrams"/> overwrites what the previous one returned.
    /// </summary>
    private ref struct Analysis
    {
        private readonly NgramAnalyzer _analyzer;
        private readonly char[] _normalized;
        private readonly int _length;
        private readonly ulong[] _hashes;

        public Analysis(ReadOnlySpan<char> text, NgramAnalyzer analyzer)
        {
            _analyzer = analyzer;
            _normalized = ArrayPool<char>.Shared.Rent(TextNormalizer.MaxLength(text));
            _length = TextNormalizer.Normalize(text, _normalized);
            _hashes = ArrayPool<ulong>.Shared.Rent(analyzer.MaxNgramsPerBlock(_length));
        }

        public readonly ReadOnlySpan<ulong> WordNgrams() => _hashes.AsSpan(0, _analyzer.WordNgrams(_normalized.AsSpan(0, _length), _hashes));

        public readonly ReadOnlySpan<ulong> CharNgrams() => _hashes.AsSpan(0, _analyzer.CharNgrams(_normalized.AsSpan(0, _length), _hashes));

        public readonly void Dispose()
        {
            ArrayPool<char>.Shared.Return(_normalized);
            ArrayPool<ulong>.Shared.Return(_hashes);
        }
    }
}
