namespace ModelMint.ML.Evaluation;

/// <summary>Precision, recall and F1 of one class on a test split; support = number of true examples of it.</summary>
public sealed record ClassMetrics(string Label, double Precision, double Recall, double F1, int Support);

/// <summary>Counts[actual][predicted], both indexed by <see cref="Labels"/>.</summary>
public sealed record ConfusionMatrix(IReadOnlyList<string> Labels, IReadOnlyList<IReadOnlyList<int>> Counts);

/// <summary>Evaluation of a classifier on a held-out split.</summary>
public sealed record ClassificationMetrics(
    double Accuracy,
    double MacroF1,
    int TestRows,
    IReadOnlyList<ClassMetrics> PerClass,
    ConfusionMatrix ConfusionMatrix);
