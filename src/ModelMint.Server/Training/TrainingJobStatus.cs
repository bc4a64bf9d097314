namespace ModelMint.Server.Training;

/// <summary>The states of a training job as stored and as shown in the API.</summary>
public static class TrainingJobStatus
{
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";

    public static bool IsTerminal(string status) => status is Succeeded or Failed or Cancelled;
}
