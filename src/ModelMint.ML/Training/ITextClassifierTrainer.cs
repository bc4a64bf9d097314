using ModelMint.ML.Scoring;

namespace ModelMint.ML.Training;

/// <summary>One labelled example.</summary>
public sealed record LabeledText(string Text, string Label);

/// <summary>What a trainer is asked to do: fit on <see cref="Train"/>; parameters are trainer-specific strings.</summary>
public sealed record TrainingRequest(
    IReadOnlyList<LabeledText> Train,
    IReadOnlyDictionary<string, string> Parameters,
    int Seed);

/// <summary>A fitted classifier and the parameters that were actually used (defaults filled in), for lineage.</summary>
public sealed record TrainingResult(TextClassifier Model, IReadOnlyDictionary<string, string> Parameters);

/// <summary>
/// A named way to fit a text classifier. Trainers are pure CPU work: they report progress in 0..1 and curve points
/// to an <see cref="ITrainingObserver"/> and honour cancellation; they never touch the database or the file system.
/// </summary>
public interface ITextClassifierTrainer
{
    /// <summary>The name a provider passes as <c>trainer</c>, e.g. <c>auto</c>.</summary>
    string Name { get; }

    /// <summary>
    /// Checks parameters before a job is queued: one message per problem (which parameter, what is allowed), empty
    /// when they are valid. <see cref="Train"/> accepts exactly the parameters this accepts.
    /// </summary>
    IReadOnlyList<string> ValidateParameters(IReadOnlyDictionary<string, string> parameters);

    /// <summary>Fits a model. Throws <see cref="ArgumentException"/> for invalid parameters (message says which and why).</summary>
    TrainingResult Train(TrainingRequest request, ITrainingObserver observer, CancellationToken cancellationToken);
}
