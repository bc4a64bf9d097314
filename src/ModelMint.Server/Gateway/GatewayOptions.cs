using System.ComponentModel.DataAnnotations;

namespace ModelMint.Server.Gateway;

/// <summary>Section <c>Gateway</c>: failover, health and estimation settings of the LLM gateway.</summary>
public sealed class GatewayOptions
{
    public const string Section = "Gateway";

    /// <summary>Most channels one call is tried on before it fails (connection errors, timeouts, 429 and 5xx move on).</summary>
    [Range(1, 10)]
    public int MaxAttempts { get; set; } = 3;

    /// <summary>How long an upstream may take to send its response headers (for a stream: its first bytes).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan UpstreamTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Consecutive failures after which a channel is disabled until a re-test succeeds.</summary>
    [Range(1, 1000)]
    public int FailureThreshold { get; set; } = 5;

    /// <summary>How often automatically disabled channels are re-tested (<c>GET {baseUrl}/models</c>).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan ProbeInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Output tokens assumed for the pre-charge and the token limit when a request sets no <c>max_tokens</c>.</summary>
    [Range(1, 1_000_000)]
    public int DefaultMaxTokens { get; set; } = 4096;

    /// <summary>Tokens (estimated input + requested output) per minute per key.</summary>
    [Range(1, long.MaxValue)]
    public long DefaultTokensPerMinute { get; set; } = 100_000_000;

    /// <summary>Largest request body, in bytes.</summary>
    [Range(1024, 100_000_000)]
    public long MaxRequestBytes { get; set; } = 8_000_000;
}
