using System.ComponentModel.DataAnnotations;

namespace ModelMint.Server.Training;

/// <summary>Section <c>Training</c>: the background worker's pace and recovery rules.</summary>
public sealed class TrainingOptions
{
    public const string Section = "Training";

    /// <summary>How often an idle worker looks for queued jobs (a job enqueued on this node wakes it at once).</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How often a running job writes its progress and heartbeat.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>A running job whose heartbeat is older than this is considered orphaned (its worker died).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan StaleAfter { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>An orphaned job is queued again until it has been attempted this many times, then marked failed.</summary>
    [Range(1, 10)]
    public int MaxAttempts { get; set; } = 2;

    /// <summary>Default share of the dataset held out for evaluation when no test dataset is given.</summary>
    [Range(0.05, 0.5)]
    public double DefaultTestFraction { get; set; } = 0.2;

    public int DefaultSeed { get; set; } = 42;
}
