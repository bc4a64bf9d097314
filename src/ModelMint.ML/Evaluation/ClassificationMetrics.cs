namespace ModelMint.ML.Evaluation;

/// <summary>Precision, recall and F1 of one class on a test split; support = number of true examples of it.</summary>
public sealed record ClassMetrics(string Label, double Precision, double Recall, double F1, int Support);

/// <summary>Counts[actual][predicted], both indexed by <see cref="Labels"/>.</summary>
public sealed record ConfusionMatrix(IReadOnlyList<string> Labels, IReadOnlyList<IReadOnlyList<int>> Counts);

/// <summary>
/// Evaluation of a classifier on a held-out split. For a multi-label model (<see cref="Task"/> = <c>multi-label</c>)
/// <see cref="Accuracy"/> is subset (exact-match) accuracy, <see cref="PerClass"/> holds per-label figures,
/// <see cref="MicroF1"/> and <see cref="HammingLoss"/> are set and there is no confusion matrix.
/// <see cref="ExpectedCalibrationError"/> is null where no probabilities were scored.
/// </summary>
public sealed record ClassificationMetrics(
    double Accuracy,
    double MacroF1,
    int TestRows,
    IReadOnlyList<ClassMetrics> PerClass,
    ConfusionMatrix? ConfusionMatrix,
    double? ExpectedCalibrationError = null)
{
    public const string SingleLabelTask = "single-label";
    public const string MultiLabelTask = "multi-label";

    /// <summary><c>single-label</c> or <c>multi-label</c>.</summary>
    public string Task { get; init; } = SingleLabelTask;

    /// <summary>F1 of all (row, label) decisions pooled; multi-label only.</summary>
    public double? MicroF1 { get; init; }

    /// <summary>Share of (row, label) decisions that are wrong; multi-label only.</summary>
    public double? HammingLoss { get; init; }
}
