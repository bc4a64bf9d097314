using ModelMint.ML.Training;

namespace ModelMint.ML.Scoring;

/// <summary>
/// TF-IDF features and one linear "has this label" decision function per label, each turned into an independent
/// probability by its own Platt calibration: <c>p_k = σ(2·f_k / T_k + b_k)</c>. Scores do not sum to 1; a label is
/// predicted when its probability reaches <see cref="TextClassifier.Threshold"/>.
/// </summary>
public sealed class MultiLabelTextClassifier : TextClassifier
{
    private readonly string[] _labels;
    private readonly ScoreCalibration[] _calibrations;

    public MultiLabelTextClassifier(IReadOnlyList<string> labels, TextFeaturizer featurizer, LinearSvmModel model, IReadOnlyList<ScoreCalibration> calibrations)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(featurizer);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(calibrations);
        if (labels.Count == 0 || model.ClassCount != labels.Count || model.Dimension != featurizer.Dimension || calibrations.Count != labels.Count
            || calibrations.Any(c => c is null || c.Offsets.Count != 2))
        {
            throw new ArgumentException(
                $"Inconsistent parts: {labels.Count} labels, {featurizer.Dimension} features, a model of {model.ClassCount}×{model.Dimension} "
                + $"and {calibrations.Count} two-class calibrations.");
        }

        _labels = [.. labels];
        _calibrations = [.. calibrations];
        Featurizer = featurizer;
        Model = model;
    }

    public override IReadOnlyList<string> Labels => _labels;

    public override bool IsMultiLabel => true;

    public TextFeaturizer Featurizer { get; }

    public LinearSvmModel Model { get; }

    /// <summary>Label k's calibration, applied to its decision value f as to the two-class scores (−f, f).</summary>
    public IReadOnlyList<ScoreCalibration> Calibrations => _calibrations;

    public override float[] Predict(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var scores = new float[_labels.Length];
        LinearTextClassifier.DecisionValues(Featurizer, Model, text, scores);
        for (var k = 0; k < scores.Length; k++)
        {
            scores[k] = Probability(_calibrations[k], scores[k]);
        }

        return scores;
    }

    public override void Save(Stream stream) => TextClassifierFile.Save(this, stream);

    /// <summary>softmax((−f, f) / T + offsets)[1] = σ(2f / T + offsets[1] − offsets[0]).</summary>
    internal static float Probability(ScoreCalibration calibration, float decision)
    {
        var z = (2.0 * decision / calibration.Temperature) + calibration.Offsets[1] - calibration.Offsets[0];
        return (float)(z >= 0 ? 1 / (1 + Math.Exp(-z)) : Math.Exp(z) / (1 + Math.Exp(z)));
    }
}
