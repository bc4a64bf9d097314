using System.Collections.Concurrent;
using System.ComponentModel.DataAnnotations;

namespace ModelMint.Server.Limits;

/// <summary>Section <c>Limits</c>: the per-key limits that apply when a key sets none of its own.</summary>
public sealed class LimitOptions
{
    public const string Section = "Limits";

    /// <summary>Requests per minute per key. High by default: limits exist to protect, not to throttle a first try.</summary>
    [Range(1, int.MaxValue)]
    public int DefaultRequestsPerMinute { get; set; } = 600_000;

    /// <summary>Metered units (characters) per minute per key.</summary>
    [Range(1, long.MaxValue)]
    public long DefaultUnitsPerMinute { get; set; } = 1_000_000_000;
}

/// <summary>The limits that apply to one request's key.</summary>
public readonly record struct RateLimits(int RequestsPerMinute, long UnitsPerMinute);

/// <summary>What a limiter decided, with what the <c>x-ratelimit-*</c> headers report.</summary>
public readonly record struct RateLimitDecision(bool Allowed, string? ExceededDimension, RateLimits Limits, long RemainingRequests, long RemainingUnits, TimeSpan ResetAfter)
{
    /// <summary>
    /// Two decisions for one request (its key's and its plan's) as one: allowed only if both are, and per dimension
    /// the limit with less remaining, so the headers report what binds first.
    /// </summary>
    public RateLimitDecision Stricter(RateLimitDecision other)
    {
        var requests = RemainingRequests <= other.RemainingRequests ? this : other;
        var units = RemainingUnits <= other.RemainingUnits ? this : other;
        return new RateLimitDecision(Allowed && other.Allowed, Allowed ? other.ExceededDimension : ExceededDimension,
            new RateLimits(requests.Limits.RequestsPerMinute, units.Limits.UnitsPerMinute),
            requests.RemainingRequests, units.RemainingUnits, ResetAfter >= other.ResetAfter ? ResetAfter : other.ResetAfter);
    }
}

/// <summary>
/// Counts requests and units per bucket in fixed one-minute windows aligned to the clock. A request is admitted only
/// when both counters stay within their limits, and then both are charged; a refused request charges nothing.
/// A bucket is an API key's id (its own limits) or an organisation's id (its plan's limits): ids are unique
/// version-7 GUIDs, so the two never share a counter.
/// </summary>
public interface IRateLimiter
{
    ValueTask<RateLimitDecision> TryAcquireAsync(Guid bucketId, RateLimits limits, long units, CancellationToken cancellationToken);
}

/// <summary>One node's counters in memory. Exact on one node; several nodes need a shared limiter.</summary>
public sealed class InMemoryRateLimiter(TimeProvider time) : IRateLimiter
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<Guid, Counter> counters = new();

    public ValueTask<RateLimitDecision> TryAcquireAsync(Guid bucketId, RateLimits limits, long units, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var windowStart = now.ToUnixTimeMilliseconds() / (long)Window.TotalMilliseconds;
        var resetAfter = DateTimeOffset.FromUnixTimeMilliseconds((windowStart + 1) * (long)Window.TotalMilliseconds) - now;
        var counter = counters.GetOrAdd(bucketId, _ => new Counter());
        lock (counter)
        {
            if (counter.Window != windowStart)
            {
                counter.Window = windowStart;
                counter.Requests = 0;
                counter.Units = 0;
            }

            string? exceeded = counter.Requests + 1 > limits.RequestsPerMinute ? "requests"
                : counter.Units + units > limits.UnitsPerMinute ? "units"
                : null;
            if (exceeded is null)
            {
                counter.Requests++;
                counter.Units += units;
            }

            return ValueTask.FromResult(new RateLimitDecision(exceeded is null, exceeded, limits,
                Math.Max(0, limits.RequestsPerMinute - counter.Requests), Math.Max(0, limits.UnitsPerMinute - counter.Units), resetAfter));
        }
    }

    private sealed class Counter
    {
        public long Window { get; set; } = -1;
        public long Requests { get; set; }
        public long Units { get; set; }
    }
}
