namespace ModelMint.Client;

/// <summary>A model as listed by <c>GET /v1/models</c>.</summary>
/// <param name="Name">The model name.</param>
/// <param name="CreatedAt">When its first version was trained (UTC).</param>
/// <param name="LatestVersion">The highest published version number.</param>
/// <param name="Aliases">The version each alias points at.</param>
public sealed record ModelSummary(
    string Name,
    DateTimeOffset CreatedAt,
    int LatestVersion,
    IReadOnlyDictionary<string, int> Aliases);

/// <summary>A model with all of its versions.</summary>
/// <param name="Name">The model name.</param>
/// <param name="CreatedAt">When its first version was trained (UTC).</param>
/// <param name="Aliases">The version each alias points at.</param>
/// <param name="Versions">Every published version.</param>
public sealed record ModelDetail(
    string Name,
    DateTimeOffset CreatedAt,
    IReadOnlyDictionary<string, int> Aliases,
    IReadOnlyList<VersionSummary> Versions);

/// <summary>One version of a model, as listed in <see cref="ModelDetail"/>.</summary>
/// <param name="Version">The version number.</param>
/// <param name="CreatedAt">When it was published (UTC).</param>
/// <param name="Trainer">The trainer that produced it.</param>
/// <param name="Accuracy">Its test accuracy, 0 to 1.</param>
/// <param name="MacroF1">Its test macro-F1, 0 to 1.</param>
public sealed record VersionSummary(int Version, DateTimeOffset CreatedAt, string Trainer, double Accuracy, double MacroF1);

/// <summary>One published model version with its lineage and evaluation.</summary>
/// <param name="Model">The model name.</param>
/// <param name="Version">The version number.</param>
/// <param name="CreatedAt">When it was published (UTC).</param>
/// <param name="Labels">The labels it can predict.</param>
/// <param name="Aliases">The aliases that currently point at this version.</param>
/// <param name="Lineage">How it was trained, precisely enough to reproduce.</param>
/// <param name="Metrics">How it did on its test rows.</param>
public sealed record ModelVersion(
    string Model,
    int Version,
    DateTimeOffset CreatedAt,
    IReadOnlyList<string> Labels,
    IReadOnlyList<string> Aliases,
    Lineage Lineage,
    ClassificationMetrics Metrics);

/// <summary>Where a model version came from.</summary>
/// <param name="TrainingJobId">The job that trained it.</param>
/// <param name="DatasetId">The training dataset.</param>
/// <param name="DatasetDigest">The training dataset's content digest.</param>
/// <param name="TestDatasetId">The evaluation dataset, when one was given.</param>
/// <param name="TestDatasetDigest">The evaluation dataset's content digest.</param>
/// <param name="TestFraction">The held-out fraction, when no evaluation dataset was given.</param>
/// <param name="Trainer">The trainer used.</param>
/// <param name="Parameters">The trainer hyper-parameters.</param>
/// <param name="Seed">The random seed.</param>
/// <param name="TrainRows">How many rows it was trained on.</param>
/// <param name="TestRows">How many rows it was evaluated on.</param>
/// <param name="TrainingSeconds">How long training took.</param>
/// <param name="CreatedAt">When the version was published (UTC).</param>
/// <param name="Leaderboard">
/// The configurations the trainer compared to choose this model, in the order tried (<c>auto</c>); <see langword="null"/>
/// or empty for trainers that fit one configuration.
/// </param>
public sealed record Lineage(
    Guid TrainingJobId,
    Guid DatasetId,
    string DatasetDigest,
    Guid? TestDatasetId,
    string? TestDatasetDigest,
    double? TestFraction,
    string Trainer,
    IReadOnlyDictionary<string, string> Parameters,
    int Seed,
    int TrainRows,
    int TestRows,
    double TrainingSeconds,
    DateTimeOffset CreatedAt,
    IReadOnlyList<LeaderboardEntry>? Leaderboard = null);

/// <summary>One configuration a trainer fitted and scored on held-out rows while choosing its model.</summary>
/// <param name="Candidate">A short name of the configuration, e.g. <c>svm c=0.5</c>.</param>
/// <param name="Parameters">The configuration's parameters.</param>
/// <param name="ValidationAccuracy">Its accuracy on the validation rows (subset accuracy for multi-label models), 0 to 1.</param>
/// <param name="ValidationLogLoss">Its log-loss on the validation rows, after calibration, when measured.</param>
/// <param name="Seconds">How long fitting and scoring it took.</param>
/// <param name="Chosen">Whether this configuration was refitted into the published model.</param>
public sealed record LeaderboardEntry(
    string Candidate,
    IReadOnlyDictionary<string, string> Parameters,
    double ValidationAccuracy,
    double? ValidationLogLoss,
    double Seconds,
    bool Chosen);

/// <summary>The result of pointing an alias at a version.</summary>
/// <param name="Model">The model name.</param>
/// <param name="Alias">The alias that moved.</param>
/// <param name="Version">The version it now points at.</param>
/// <param name="PreviousVersion">The version it pointed at before, if it existed.</param>
public sealed record AliasMove(string Model, string Alias, int Version, int? PreviousVersion);
