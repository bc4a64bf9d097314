using ModelMint.ML.Scoring;

namespace ModelMint.ML.Training;

/// <summary>
/// One labelled example. In multi-label training <see cref="Label"/> holds the row's labels joined with
/// <see cref="LabelSeparator"/> (empty when none applies); see <see cref="SplitLabels"/>.
/// </summary>
public sealed record LabeledText(string Text, string Label)
{
    public const char LabelSeparator = '|';

    /// <summary>The distinct labels of a multi-label row, trimmed, empty ones dropped, in the order given.</summary>
    public static IReadOnlyList<string> SplitLabels(string? labels)
    {
        if (string.IsNullOrWhiteSpace(labels))
        {
            return [];
        }

        return [.. labels.Split(LabelSeparator, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>The inverse of <see cref="SplitLabels"/>: labels joined with <see cref="LabelSeparator"/>.</summary>
    public static string JoinLabels(IEnumerable<string> labels) => string.Join(LabelSeparator, labels);
}

/// <summary>
/// What a trainer is asked to do: fit on <see cref="Train"/>; parameters are trainer-specific strings. With
/// <see cref="MultiLabel"/> each row may carry several labels (see <see cref="LabeledText.SplitLabels"/>) and the model
/// scores every label independently.
/// </summary>
public sealed record TrainingRequest(
    IReadOnlyList<LabeledText> Train,
    IReadOnlyDictionary<string, string> Parameters,
    int Seed,
    bool MultiLabel = false);

/// <summary>
/// One configuration a trainer fitted and scored on held-out rows while choosing its model. Accuracy is subset
/// (exact-match) accuracy for multi-label models; the log-loss is measured after calibration. <see cref="Seconds"/>
/// covers fitting and scoring the candidate on the validation rows.
/// </summary>
public sealed record LeaderboardEntry(
    string Candidate,
    IReadOnlyDictionary<string, string> Parameters,
    double ValidationAccuracy,
    double? ValidationLogLoss,
    double Seconds,
    bool Chosen);

/// <summary>
/// A fitted classifier and the parameters that were actually used (defaults filled in), for lineage; trainers that
/// compare configurations list each one in <see cref="Leaderboard"/>, in the order tried.
/// </summary>
public sealed record TrainingResult(
    TextClassifier Model,
    IReadOnlyDictionary<string, string> Parameters,
    IReadOnlyList<LeaderboardEntry>? Leaderboard = null);

/// <summary>
/// A named way to fit a text classifier. Trainers are pure CPU work: they report progress in 0..1 and curve points
/// to an <see cref="ITrainingObserver"/> and honour cancellation; they never touch the database or the file system.
/// </summary>
public interface ITextClassifierTrainer
{
    /// <summary>The name a provider passes as <c>trainer</c>, e.g. <c>auto</c>.</summary>
    string Name { get; }

    /// <summary>Whether <see cref="TrainingRequest.MultiLabel"/> requests are accepted.</summary>
    bool SupportsMultiLabel { get; }

    /// <summary>
    /// Checks parameters before a job is queued: one message per problem (which parameter, what is allowed), empty
    /// when they are valid. <see cref="Train"/> accepts exactly the parameters this accepts.
    /// </summary>
    IReadOnlyList<string> ValidateParameters(IReadOnlyDictionary<string, string> parameters);

    /// <summary>Fits a model. Throws <see cref="ArgumentException"/> for invalid parameters (message says which and why).</summary>
    TrainingResult Train(TrainingRequest request, ITrainingObserver observer, CancellationToken cancellationToken);
}
