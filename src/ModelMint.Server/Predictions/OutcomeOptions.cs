using System.ComponentModel.DataAnnotations;

namespace ModelMint.Server.Predictions;

/// <summary>Section <c>Outcomes</c>: the settlement of outcome-priced calls whose feedback window closed.</summary>
public sealed class OutcomeOptions
{
    public const string Section = "Outcomes";

    /// <summary>How often the worker looks for pending charges past their deadline.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Most charges settled per pass.</summary>
    [Range(1, 100_000)]
    public int BatchSize { get; set; } = 500;
}
