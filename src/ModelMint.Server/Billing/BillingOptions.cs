using System.ComponentModel.DataAnnotations;

namespace ModelMint.Server.Billing;

/// <summary>Section <c>Billing</c>: when the monthly run happens and what it does.</summary>
public sealed class BillingOptions
{
    public const string Section = "Billing";

    /// <summary>Whether <see cref="InvoiceWorker"/> runs on this node; several nodes may run it (every step is idempotent).</summary>
    public bool WorkerEnabled { get; set; } = true;

    /// <summary>Whether the monthly run finalizes the drafts it generates; when false an operator finalizes them.</summary>
    public bool AutoFinalize { get; set; } = true;

    /// <summary>The platform's share of provider revenue when the <c>platform-fee-percent</c> setting is absent.</summary>
    [Range(typeof(decimal), "0", "100")]
    public decimal DefaultPlatformFeePercent { get; set; } = 20m;

    /// <summary>How long after a month ends it is billed, so usage recorded in its last instants is included.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "7.00:00:00")]
    public TimeSpan CloseAfter { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How often the worker checks whether a month is due.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMinutes(15);
}
