using ModelMint.ML.Evaluation;

namespace ModelMint.ML.Tests.TestData;

/// <summary>Compares metrics by value, per-class rows and confusion counts included (records compare lists by reference).</summary>
public sealed class MetricsComparer : IEqualityComparer<ClassificationMetrics>
{
    public static MetricsComparer Instance { get; } = new();

    public bool Equals(ClassificationMetrics? x, ClassificationMetrics? y) =>
        x is not null && y is not null
        && (x.Accuracy, x.MacroF1, x.TestRows, x.ExpectedCalibrationError, x.Task, x.MicroF1, x.HammingLoss)
            == (y.Accuracy, y.MacroF1, y.TestRows, y.ExpectedCalibrationError, y.Task, y.MicroF1, y.HammingLoss)
        && x.PerClass.SequenceEqual(y.PerClass)
        && (x.ConfusionMatrix is null) == (y.ConfusionMatrix is null)
        && (x.ConfusionMatrix is null || x.ConfusionMatrix.Counts.SelectMany(r => r).SequenceEqual(y.ConfusionMatrix!.Counts.SelectMany(r => r)));

    public int GetHashCode(ClassificationMetrics obj) => obj.Accuracy.GetHashCode();
}
