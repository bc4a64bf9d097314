using ModelMint.Server.Limits;
using ModelMint.Server.Problems;
using StackExchange.Redis;

namespace ModelMint.Server.ScaleOut;

/// <summary>
/// The limiter of a scaled-out deployment: the same fixed, clock-aligned one-minute windows as
/// <see cref="InMemoryRateLimiter"/>, but the counters live in Redis and every node checks and charges them in one Lua
/// script, which Redis runs atomically. N requests per minute through any number of nodes therefore let through N;
/// only nodes whose clocks disagree about which minute it is can differ, by the requests in that sliver of the edge.
/// When Redis is unreachable the call is refused (503 <c>rate-limit-unavailable</c>): a limit that cannot be counted
/// is not enforced by letting everything through.
/// </summary>
public sealed class RedisRateLimiter(IConnectionMultiplexer redis, TimeProvider time) : IRateLimiter
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    // KEYS[1]: the window's counter (a hash of requests 'r' and units 'u'). ARGV: request limit, unit limit, units of
    // this call, the counter's time to live in ms. Returns {exceeded dimension or '', requests, units} after the call.
    private const string Script = """
        local requests = tonumber(redis.call('HGET', KEYS[1], 'r') or '0')
        local units = tonumber(redis.call('HGET', KEYS[1], 'u') or '0')
        local exceeded = ''
        if requests + 1 > tonumber(ARGV[1]) then
          exceeded = 'requests'
        elseif units + tonumber(ARGV[3]) > tonumber(ARGV[2]) then
          exceeded = 'units'
        end
        if exceeded == '' then
          requests = redis.call('HINCRBY', KEYS[1], 'r', 1)
          units = redis.call('HINCRBY', KEYS[1], 'u', ARGV[3])
          redis.call('PEXPIRE', KEYS[1], ARGV[4])
        end
        return {exceeded, requests, units}
        """;

    public async ValueTask<RateLimitDecision> TryAcquireAsync(Guid bucketId, RateLimits limits, long units, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var windowStart = now.ToUnixTimeMilliseconds() / (long)Window.TotalMilliseconds;
        var resetAfter = DateTimeOffset.FromUnixTimeMilliseconds((windowStart + 1) * (long)Window.TotalMilliseconds) - now;
        // The counter outlives its window by a minute, so a node whose clock lags a little still finds it.
        var timeToLive = (long)(resetAfter + Window).TotalMilliseconds;
        RedisResult[] result;
        try
        {
            result = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(Script,
                [(RedisKey)$"modelmint:ratelimit:{bucketId:N}:{windowStart}"],
                [limits.RequestsPerMinute, limits.UnitsPerMinute, units, timeToLive]))!;
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            throw new DependencyUnavailableException("rate-limit-unavailable",
                "The shared rate-limit counters (Redis) cannot be reached, so this call cannot be counted against its limit and is refused. Nothing was charged; retry shortly.", e);
        }

        var exceeded = (string?)result[0];
        var requests = (long)result[1];
        var counted = (long)result[2];
        return new RateLimitDecision(string.IsNullOrEmpty(exceeded), string.IsNullOrEmpty(exceeded) ? null : exceeded, limits,
            Math.Max(0, limits.RequestsPerMinute - requests), Math.Max(0, limits.UnitsPerMinute - counted), resetAfter);
    }
}
