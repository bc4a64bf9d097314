using System.ComponentModel.DataAnnotations;

namespace ModelMint.Server.Predictions;

/// <summary>Section <c>Predictions</c>: per-call limits and how long an unused model version stays loaded.</summary>
public sealed class PredictionOptions
{
    public const string Section = "Predictions";

    /// <summary>Most texts in one <c>texts</c> array.</summary>
    [Range(1, 10_000)]
    public int MaxTextsPerCall { get; set; } = 256;

    /// <summary>Longest accepted text, in characters.</summary>
    [Range(1, 1_000_000)]
    public int MaxTextLength { get; set; } = 20_000;

    /// <summary>Largest accepted request body in bytes.</summary>
    [Range(1024, 100L * 1024 * 1024)]
    public long MaxBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>A loaded model version not used for this long is unloaded (and loaded again on its next request).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00")]
    public TimeSpan UnloadAfterIdle { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Most shadowed calls waiting for their shadow version (<see cref="ShadowRunner"/>); past it, further calls are not
    /// shadowed (and counted as skipped) until the queue drains, so shadowing never slows or grows the serving path.
    /// </summary>
    [Range(1, 1_000_000)]
    public int ShadowQueue { get; set; } = 1000;
}
