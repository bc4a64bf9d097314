using ModelMint.Server.Caching;
using StackExchange.Redis;

namespace ModelMint.Server.ScaleOut;

/// <summary>
/// Cache invalidation across nodes: each call is applied to this node's <see cref="HotPathCache"/> at once and
/// published on a Redis channel every node subscribes to, so every node drops the entry as soon as the message
/// arrives (milliseconds on a LAN). While this node's connection to Redis is down it could miss messages, so its
/// caches are suspended — every lookup reads the database — and start empty again when the connection is restored.
/// </summary>
public sealed class RedisCacheInvalidation(HotPathCache cache, IConnectionMultiplexer redis, ILogger<RedisCacheInvalidation> logger) : ICacheInvalidation, IHostedService
{
    public static readonly RedisChannel Channel = RedisChannel.Literal("modelmint:cache-invalidation");

    /// <summary>This process; a node ignores its own messages (it applied them before publishing).</summary>
    private readonly string origin = Guid.NewGuid().ToString("N");

    public void ApiKeyRevoked(Guid keyId)
    {
        cache.ApiKeyRevoked(keyId);
        Publish($"key|{keyId:N}");
    }

    public void SessionsRevoked(Guid accountId, Guid userId)
    {
        cache.SessionsRevoked(accountId, userId);
        Publish($"sessions|{accountId:N}|{userId:N}");
    }

    public void ModelNameChanged(string modelName)
    {
        cache.ModelNameChanged(modelName);
        Publish($"name|{modelName}");
    }

    public void ModelVersionsChanged(Guid modelId)
    {
        cache.ModelVersionsChanged(modelId);
        Publish($"versions|{modelId:N}");
    }

    public void PlanChanged(Guid accountId)
    {
        cache.PlanChanged(accountId);
        Publish($"plan|{accountId:N}");
    }

    public void BalanceChanged(Guid accountId)
    {
        cache.BalanceChanged(accountId);
        Publish($"balance|{accountId:N}");
    }

    public void SpendCapChanged(Guid accountId)
    {
        cache.SpendCapChanged(accountId);
        Publish($"spend-cap|{accountId:N}");
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        redis.ConnectionFailed += OnConnectionFailed;
        redis.ConnectionRestored += OnConnectionRestored;
        if (!redis.IsConnected)
        {
            logger.LogWarning("Redis is not reachable: hot-path caches are off until it is");
            cache.Suspend();
        }

        try
        {
            await redis.GetSubscriber().SubscribeAsync(Channel, (_, message) => Apply(message));
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            // The multiplexer subscribes again when it reconnects; until then the caches stay suspended.
            logger.LogWarning(e, "Subscribing to cache invalidations failed: hot-path caches are off until Redis is reachable");
            cache.Suspend();
        }
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        redis.ConnectionFailed -= OnConnectionFailed;
        redis.ConnectionRestored -= OnConnectionRestored;
        return Task.CompletedTask;
    }

    private void OnConnectionFailed(object? sender, ConnectionFailedEventArgs e)
    {
        logger.LogWarning("Lost Redis ({Failure}): hot-path caches are off until it is back", e.FailureType);
        cache.Suspend();
    }

    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e)
    {
        if (redis.IsConnected)
        {
            logger.LogInformation("Redis is back: hot-path caches are on again, starting empty");
            cache.Resume();
        }
    }

    private void Publish(string message)
    {
        try
        {
            redis.GetSubscriber().Publish(Channel, origin + "|" + message, CommandFlags.FireAndForget);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            // Other nodes lost Redis too (their caches are suspended) or will drop the entry at its time to live.
            logger.LogWarning(e, "Publishing a cache invalidation failed");
        }
    }

    private void Apply(RedisValue message)
    {
        var parts = ((string?)message ?? "").Split('|', 3);
        if (parts.Length < 3 || parts[0] == origin)
        {
            return;
        }

        switch (parts[1])
        {
            case "key" when Guid.TryParse(parts[2], out var keyId):
                cache.ApiKeyRevoked(keyId);
                break;
            case "sessions" when parts[2].Split('|') is [var account, var user] && Guid.TryParse(account, out var accountId) && Guid.TryParse(user, out var userId):
                cache.SessionsRevoked(accountId, userId);
                break;
            case "name":
                cache.ModelNameChanged(parts[2]);
                break;
            case "versions" when Guid.TryParse(parts[2], out var modelId):
                cache.ModelVersionsChanged(modelId);
                break;
            case "plan" when Guid.TryParse(parts[2], out var planAccountId):
                cache.PlanChanged(planAccountId);
                break;
            case "balance" when Guid.TryParse(parts[2], out var balanceAccountId):
                cache.BalanceChanged(balanceAccountId);
                break;
            case "spend-cap" when Guid.TryParse(parts[2], out var capAccountId):
                cache.SpendCapChanged(capAccountId);
                break;
            default:
                logger.LogWarning("Ignored an unknown cache invalidation message: {Message}", (string?)message);
                break;
        }
    }
}
