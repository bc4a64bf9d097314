using ModelMint.ML.Scoring;

namespace ModelMint.ML.Training.Neural;

/// <summary>
/// A bidirectional-LSTM sentence classifier (see <see cref="BiLstmTrainer"/>): word tokens, truncated to
/// <see cref="MaxLength"/>, mapped through <see cref="Vocabulary"/> into <see cref="Network"/>. Its softmax output is
/// used as the probabilities as is (no separate calibration).
/// </summary>
public sealed class BiLstmTextClassifier : TextClassifier
{
    /// <summary>The model kind this classifier has in <see cref="TextClassifierFile"/>.</summary>
    internal const int FileKind = 2;

    private readonly string[] _labels;

    internal BiLstmTextClassifier(IReadOnlyList<string> labels, TokenVocabulary vocabulary, int maxLength, BiLstmNetwork<float> network)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(vocabulary);
        ArgumentNullException.ThrowIfNull(network);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxLength);
        if (network.Shape.ClassCount != labels.Count || network.Shape.VocabularySize != vocabulary.Size)
        {
            throw new ArgumentException(
                $"Inconsistent parts: {labels.Count} labels and {vocabulary.Size} vocabulary rows, a network for {network.Shape.ClassCount} classes and {network.Shape.VocabularySize} rows.");
        }

        _labels = [.. labels];
        Vocabulary = vocabulary;
        MaxLength = maxLength;
        Network = network;
    }

    public override IReadOnlyList<string> Labels => _labels;

    /// <summary>Tokens beyond this many are ignored.</summary>
    public int MaxLength { get; }

    internal TokenVocabulary Vocabulary { get; }

    internal BiLstmNetwork<float> Network { get; }

    public override float[] Predict(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var probabilities = new float[_labels.Length];
        Network.Predict(Vocabulary.Encode(text, MaxLength), probabilities);
        return probabilities;
    }

    public override void Save(Stream stream) => BiLstmModelFile.Write(this, stream);

    /// <summary>Reads the parts that follow the kind in a model file; <see cref="TextClassifierFile.Load"/> calls this.</summary>
    internal static BiLstmTextClassifier Read(BinaryReader reader) => BiLstmModelFile.Read(reader);
}
