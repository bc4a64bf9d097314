using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using ModelMint.Server.Accounts;
using ModelMint.Server.Caching;
using ModelMint.Server.ScaleOut;
using ModelMint.Server.Tests.Infrastructure;
using StackExchange.Redis;

namespace ModelMint.Server.Tests.ScaleOut;

/// <summary>Two nodes' hot-path caches joined by Redis pub/sub: what one node invalidates, the other drops within a second.</summary>
[Trait("Category", "ScaleOut")]
public sealed class RedisCacheInvalidationTests
{
    [RedisFact]
    public async Task KeyRevokedOnNodeA_IsDroppedFromNodeBsCache_WithinOneSecond()
    {
        await using var redisA = await ConnectionMultiplexer.ConnectAsync(TestDatabases.Redis!);
        await using var redisB = await ConnectionMultiplexer.ConnectAsync(TestDatabases.Redis!);
        var cacheA = new HotPathCache(TimeProvider.System);
        var cacheB = new HotPathCache(TimeProvider.System);
        var nodeA = new RedisCacheInvalidation(cacheA, redisA, NullLogger<RedisCacheInvalidation>.Instance);
        var nodeB = new RedisCacheInvalidation(cacheB, redisB, NullLogger<RedisCacheInvalidation>.Instance);
        await nodeA.StartAsync(CancellationToken.None);
        await nodeB.StartAsync(CancellationToken.None);
        var keyId = Guid.NewGuid();
        var otherKeyId = Guid.NewGuid();
        cacheB.Keys.Set("revoked", Key(keyId), cacheB.Keys.Generation);
        cacheB.Keys.Set("kept", Key(otherKeyId), cacheB.Keys.Generation);

        var watch = Stopwatch.StartNew();
        nodeA.ApiKeyRevoked(keyId);
        while (cacheB.Keys.TryGet("revoked", out _) && watch.Elapsed < TimeSpan.FromSeconds(1))
        {
            await Task.Delay(5);
        }

        Assert.False(cacheB.Keys.TryGet("revoked", out _), "node B still caches the key revoked on node A after 1 s");
        Assert.True(cacheB.Keys.TryGet("kept", out _));
        await nodeA.StopAsync(CancellationToken.None);
        await nodeB.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task RedisUnreachableAtStart_SuspendsTheCaches_SoEveryLookupReadsTheDatabase()
    {
        var options = ConfigurationOptions.Parse("127.0.0.1:1");
        options.AbortOnConnectFail = false;
        options.ConnectTimeout = 200;
        await using var unreachable = await ConnectionMultiplexer.ConnectAsync(options);
        var cache = new HotPathCache(TimeProvider.System);
        var node = new RedisCacheInvalidation(cache, unreachable, NullLogger<RedisCacheInvalidation>.Instance);

        await node.StartAsync(CancellationToken.None);
        cache.Keys.Set("key", Key(Guid.NewGuid()), cache.Keys.Generation);

        Assert.True(cache.Suspended);
        Assert.False(cache.Keys.TryGet("key", out _));
        await node.StopAsync(CancellationToken.None);
    }

    private static CachedApiKey Key(Guid id) =>
        new(id, Guid.NewGuid(), null, null, null, null, "developer", CallerKey.From(id, Guid.NewGuid(), null, null, null, null));
}
