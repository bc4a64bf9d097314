using System.ComponentModel.DataAnnotations;

namespace ModelMint.Server.Webhooks;

/// <summary>Section <c>Webhooks</c>: how deliveries are sent and retried, and when balance events fire.</summary>
public sealed class WebhookOptions
{
    public const string Section = "Webhooks";

    /// <summary>Attempts per delivery (the first one included) before it is marked <c>failed</c>.</summary>
    [Range(1, 20)]
    public int MaxAttempts { get; set; } = 8;

    /// <summary>How long the dispatcher waits for a receiver's answer; no answer counts as a failed attempt.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:02:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often an idle dispatcher looks for due deliveries (an event published on this node wakes it at once).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Deliveries claimed and sent concurrently per round.</summary>
    [Range(1, 256)]
    public int BatchSize { get; set; } = 16;

    /// <summary><c>balance.low</c> fires when a prepaid balance falls below this many micro-units (default 1.00); 0 turns it off.</summary>
    [Range(0, long.MaxValue)]
    public long LowBalanceMicros { get; set; } = 1_000_000;

    /// <summary>
    /// Least time between two evaluations of the usage thresholds (<c>usage.threshold</c>, <c>balance.low</c>): calls
    /// committed meanwhile are evaluated together at the end of it, so a busy wallet costs a few reads a second rather
    /// than a few per group commit. An event is published at most this much later than the call that reached it.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan ThresholdInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Whether endpoints may be on loopback, private, link-local or other non-public addresses (<see cref="WebhookTargets"/>).
    /// Off by default: any organisation can register an endpoint, and the server would post wherever it points, inside
    /// its own network too. Turn it on when receivers run on this machine or a network whose services you trust.
    /// </summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>Endpoints one organisation may register.</summary>
    [Range(1, 100)]
    public int MaxEndpointsPerAccount { get; set; } = 10;
}
