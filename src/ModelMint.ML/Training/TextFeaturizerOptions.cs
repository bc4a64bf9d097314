namespace ModelMint.ML.Training;

/// <summary>
/// How <see cref="TextFeaturizer"/> builds its vocabulary. Defaults mirror scikit-learn's
/// <c>make_union(TfidfVectorizer(ngram_range=(1,2), sublinear_tf=True),
/// TfidfVectorizer(analyzer='char_wb', ngram_range=(2,5), sublinear_tf=True, min_df=2))</c>.
/// </summary>
public sealed record TextFeaturizerOptions
{
    public int MaxWordNgram { get; init; } = 2;

    public int MinCharNgram { get; init; } = 2;

    public int MaxCharNgram { get; init; } = 5;

    public int WordMinDocumentFrequency { get; init; } = 1;

    public int CharMinDocumentFrequency { get; init; } = 2;

    /// <summary>Caps each block's vocabulary, keeping the n-grams found in the most documents.</summary>
    public int MaxFeaturesPerBlock { get; init; } = 300_000;

    internal NgramAnalyzer Analyzer => new(MaxWordNgram, MinCharNgram, MaxCharNgram);

    internal void Validate()
    {
        Analyzer.Validate();
        if (WordMinDocumentFrequency < 1 || CharMinDocumentFrequency < 1 || MaxFeaturesPerBlock < 1)
        {
            throw new ArgumentException("Document frequency thresholds and the vocabulary cap must be at least 1.");
        }
    }
}
