using System.Buffers;
using ModelMint.ML.Training;

namespace ModelMint.ML.Scoring;

/// <summary>TF-IDF features, one linear decision function per label and a calibrated softmax over them.</summary>
public sealed class LinearTextClassifier : TextClassifier
{
    private readonly string[] _labels;

    public LinearTextClassifier(IReadOnlyList<string> labels, TextFeaturizer featurizer, LinearSvmModel model, ScoreCalibration calibration)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(featurizer);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(calibration);
        if (model.ClassCount != labels.Count || model.Dimension != featurizer.Dimension || calibration.Offsets.Count != labels.Count)
        {
            throw new ArgumentException(
                $"Inconsistent parts: {labels.Count} labels, {featurizer.Dimension} features, a model of {model.ClassCount}×{model.Dimension} "
                + $"and {calibration.Offsets.Count} calibration offsets.");
        }

        _labels = [.. labels];
        Featurizer = featurizer;
        Model = model;
        Calibration = calibration;
    }

    public override IReadOnlyList<string> Labels => _labels;

    public TextFeaturizer Featurizer { get; }

    public LinearSvmModel Model { get; }

    public ScoreCalibration Calibration { get; }

    public override float[] Predict(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var scores = new float[_labels.Length];
        DecisionValues(text, scores);
        Calibration.ToProbabilities(scores);
        return scores;
    }

    /// <summary>Uncalibrated decision values, one per label.</summary>
    public void DecisionValues(string text, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(text);
        DecisionValues(Featurizer, Model, text, destination);
    }

    /// <summary>The decision values of <paramref name="model"/> on the features of <paramref name="text"/>, without allocating.</summary>
    internal static void DecisionValues(TextFeaturizer featurizer, LinearSvmModel model, ReadOnlySpan<char> text, Span<float> destination)
    {
        var capacity = featurizer.MaxFeatures(text);
        var indices = ArrayPool<int>.Shared.Rent(capacity);
        var values = ArrayPool<float>.Shared.Rent(capacity);
        try
        {
            var count = featurizer.Transform(text, indices, values);
            model.DecisionValues(indices.AsSpan(0, count), values.AsSpan(0, count), destination);
        }
        finally
        {
            ArrayPool<int>.Shared.Return(indices);
            ArrayPool<float>.Shared.Return(values);
        }
    }

    public override void Save(Stream stream) => TextClassifierFile.Save(this, stream);
}
