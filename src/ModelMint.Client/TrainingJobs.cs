using System.Text.Json.Serialization;

namespace ModelMint.Client;

/// <summary>Where a training job is in its life: <see cref="Queued"/> → <see cref="Running"/> → one of the terminal states.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<TrainingJobStatus>))]
public enum TrainingJobStatus
{
    /// <summary>Waiting for a training worker.</summary>
    [JsonStringEnumMemberName("queued")]
    Queued,

    /// <summary>A worker is training the model.</summary>
    [JsonStringEnumMemberName("running")]
    Running,

    /// <summary>Training finished and published a new model version.</summary>
    [JsonStringEnumMemberName("succeeded")]
    Succeeded,

    /// <summary>Training stopped with an error; see <see cref="TrainingJob.Error"/>.</summary>
    [JsonStringEnumMemberName("failed")]
    Failed,

    /// <summary>The job was cancelled before it finished.</summary>
    [JsonStringEnumMemberName("cancelled")]
    Cancelled,
}

/// <summary>Helpers for <see cref="TrainingJobStatus"/>.</summary>
public static class TrainingJobStatusExtensions
{
    /// <summary>Whether the job has stopped for good (succeeded, failed or cancelled).</summary>
    /// <param name="status">The status to test.</param>
    /// <returns><see langword="true"/> when the status can no longer change.</returns>
    public static bool IsTerminal(this TrainingJobStatus status) =>
        status is TrainingJobStatus.Succeeded or TrainingJobStatus.Failed or TrainingJobStatus.Cancelled;
}

/// <summary>Asks the server to train a new version of a model.</summary>
/// <param name="DatasetId">The dataset to train on.</param>
/// <param name="ModelName">The model that receives the new version; it is created on first use.</param>
/// <param name="Trainer">The trainer to use; the server picks one when <see langword="null"/> or <c>auto</c>.</param>
/// <param name="TestDatasetId">A separate dataset to evaluate on; when absent, a fraction of the training set is held out.</param>
/// <param name="TestFraction">The fraction held out for evaluation when there is no test dataset (server default 0.2).</param>
/// <param name="Seed">The random seed for the split and the trainer (server default 42).</param>
/// <param name="Parameters">Trainer hyper-parameters by name, as strings.</param>
public sealed record CreateTrainingJobRequest(
    Guid DatasetId,
    string ModelName,
    string? Trainer = null,
    Guid? TestDatasetId = null,
    double? TestFraction = null,
    int? Seed = null,
    IReadOnlyDictionary<string, string>? Parameters = null);

/// <summary>A training run, from queueing to its published model version or error.</summary>
/// <param name="Id">The job id.</param>
/// <param name="Status">Where the job is in its life.</param>
/// <param name="Progress">How far training has got, from 0 to 1.</param>
/// <param name="ModelName">The model that receives the new version.</param>
/// <param name="DatasetId">The training dataset.</param>
/// <param name="TestDatasetId">The evaluation dataset, when one was given.</param>
/// <param name="Trainer">The trainer used (resolved by the server when <c>auto</c> was asked for).</param>
/// <param name="CreatedAt">When the job was queued (UTC).</param>
/// <param name="StartedAt">When a worker picked it up.</param>
/// <param name="FinishedAt">When it reached a terminal status.</param>
/// <param name="Metrics">Evaluation metrics, once the job has succeeded.</param>
/// <param name="ModelVersion">The published model version, once the job has succeeded.</param>
/// <param name="Error">What went wrong, when the job failed.</param>
/// <param name="TestFraction">The held-out fraction, when no evaluation dataset was given.</param>
/// <param name="Seed">The random seed of the split and the trainer.</param>
public sealed record TrainingJob(
    Guid Id,
    TrainingJobStatus Status,
    double Progress,
    string ModelName,
    Guid DatasetId,
    Guid? TestDatasetId,
    string Trainer,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    ClassificationMetrics? Metrics,
    int? ModelVersion,
    string? Error,
    double? TestFraction = null,
    int? Seed = null);

/// <summary>The values of <see cref="ClassificationMetrics.Task"/>.</summary>
public static class ClassificationTasks
{
    /// <summary>Each text has exactly one label.</summary>
    public const string SingleLabel = "single-label";

    /// <summary>Each text may have several labels, scored independently.</summary>
    public const string MultiLabel = "multi-label";
}

/// <summary>
/// How well a classifier did on its held-out test rows. For a multi-label model (<see cref="Task"/> is
/// <c>multi-label</c>) <see cref="Accuracy"/> is subset (exact-match) accuracy, <see cref="MicroF1"/> and
/// <see cref="HammingLoss"/> are set, and there is no <see cref="ConfusionMatrix"/>.
/// </summary>
/// <param name="Accuracy">The share of test rows predicted correctly, 0 to 1.</param>
/// <param name="MacroF1">The unweighted mean of the per-class F1 scores, 0 to 1.</param>
/// <param name="TestRows">How many rows were evaluated.</param>
/// <param name="PerClass">Precision, recall, F1 and support for each label.</param>
/// <param name="ConfusionMatrix">Counts of actual against predicted labels; <see langword="null"/> for multi-label models.</param>
/// <param name="Task"><c>single-label</c> or <c>multi-label</c> (see <see cref="ClassificationTasks"/>).</param>
/// <param name="ExpectedCalibrationError">
/// How far the top-class probability is from the observed accuracy, averaged over 15 confidence bins (0 is perfectly
/// calibrated); <see langword="null"/> where no probabilities were scored.
/// </param>
/// <param name="MicroF1">F1 over all (row, label) decisions pooled; multi-label only.</param>
/// <param name="HammingLoss">The share of (row, label) decisions that are wrong; multi-label only.</param>
public sealed record ClassificationMetrics(
    double Accuracy,
    double MacroF1,
    int TestRows,
    IReadOnlyList<ClassMetrics> PerClass,
    ConfusionMatrix? ConfusionMatrix,
    string Task = ClassificationTasks.SingleLabel,
    double? ExpectedCalibrationError = null,
    double? MicroF1 = null,
    double? HammingLoss = null)
{
    /// <summary>Whether the model gives each text any number of labels.</summary>
    [JsonIgnore]
    public bool IsMultiLabel => Task == ClassificationTasks.MultiLabel;
}

/// <summary>Evaluation figures for one label.</summary>
/// <param name="Label">The label.</param>
/// <param name="Precision">Of the rows predicted as this label, the share that were.</param>
/// <param name="Recall">Of the rows with this label, the share predicted as it.</param>
/// <param name="F1">The harmonic mean of precision and recall.</param>
/// <param name="Support">How many test rows carry this label.</param>
public sealed record ClassMetrics(string Label, double Precision, double Recall, double F1, int Support);

/// <summary>A confusion matrix: <c>Counts[actual][predicted]</c>, both indexed like <see cref="Labels"/>.</summary>
/// <param name="Labels">The labels, in row and column order.</param>
/// <param name="Counts">Row per actual label, column per predicted label.</param>
public sealed record ConfusionMatrix(IReadOnlyList<string> Labels, IReadOnlyList<IReadOnlyList<int>> Counts);
