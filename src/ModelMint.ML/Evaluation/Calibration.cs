using ModelMint.ML.Scoring;
using ModelMint.ML.Training;

namespace ModelMint.ML.Evaluation;

/// <summary>How well predicted probabilities match observed accuracy.</summary>
public static class Calibration
{
    public const int DefaultBins = 15;

    /// <summary>
    /// Expected calibration error: rows are binned by top-class confidence into equal-width bins over (0, 1]; the
    /// result is Σ (bin rows / rows) · |bin accuracy − bin mean confidence|. 0 is perfect.
    /// </summary>
    public static double ExpectedCalibrationError(IReadOnlyList<double> confidences, IReadOnlyList<bool> correct, int bins = DefaultBins)
    {
        ArgumentNullException.ThrowIfNull(confidences);
        ArgumentNullException.ThrowIfNull(correct);
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        if (confidences.Count != correct.Count)
        {
            throw new ArgumentException($"{confidences.Count} confidences but {correct.Count} outcomes.", nameof(correct));
        }

        var rows = new int[bins];
        var confidenceSums = new double[bins];
        var correctCounts = new int[bins];
        for (var i = 0; i < confidences.Count; i++)
        {
            var bin = Math.Clamp((int)Math.Ceiling(confidences[i] * bins) - 1, 0, bins - 1);
            rows[bin]++;
            confidenceSums[bin] += confidences[i];
            correctCounts[bin] += correct[i] ? 1 : 0;
        }

        var error = 0.0;
        for (var b = 0; b < bins; b++)
        {
            if (rows[b] > 0)
            {
                error += Math.Abs(correctCounts[b] - confidenceSums[b]) / confidences.Count;
            }
        }

        return error;
    }

    /// <summary>ECE of <paramref name="model"/>'s most probable label on <paramref name="test"/>.</summary>
    public static double ExpectedCalibrationError(TextClassifier model, IReadOnlyList<LabeledText> test, int bins = DefaultBins)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(test);
        var confidences = new double[test.Count];
        var correct = new bool[test.Count];
        Parallel.For(0, test.Count, new ParallelOptions { MaxDegreeOfParallelism = 2 }, i =>
        {
            var (label, probability) = model.PredictTop(test[i].Text);
            confidences[i] = probability;
            correct[i] = label == test[i].Label;
        });
        return ExpectedCalibrationError(confidences, correct, bins);
    }
}
