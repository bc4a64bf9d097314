using Microsoft.Extensions.Time.Testing;
using ModelMint.Server.Limits;
using ModelMint.Server.Problems;
using ModelMint.Server.ScaleOut;
using ModelMint.Server.Tests.Infrastructure;
using StackExchange.Redis;

namespace ModelMint.Server.Tests.ScaleOut;

/// <summary>The shared limiter against a real Redis: two limiters with their own connections stand for two nodes.</summary>
[Trait("Category", "ScaleOut")]
public sealed class RedisRateLimiterTests : IAsyncLifetime
{
    private ConnectionMultiplexer nodeA = null!;
    private ConnectionMultiplexer nodeB = null!;
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 3, 10, 12, 0, 5, TimeSpan.Zero));

    public async Task InitializeAsync()
    {
        if (TestDatabases.Redis is { } redis)
        {
            nodeA = await ConnectionMultiplexer.ConnectAsync(redis);
            nodeB = await ConnectionMultiplexer.ConnectAsync(redis);
        }
    }

    public async Task DisposeAsync()
    {
        if (nodeA is not null)
        {
            await nodeA.DisposeAsync();
            await nodeB.DisposeAsync();
        }
    }

    [RedisFact]
    public async Task LimitOfN_HitConcurrentlyThroughTwoNodes_LetsThroughExactlyN()
    {
        var key = Guid.NewGuid();
        var limits = new RateLimits(50, long.MaxValue);
        var a = new RedisRateLimiter(nodeA, time);
        var b = new RedisRateLimiter(nodeB, time);

        var decisions = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => (i % 2 == 0 ? a : b).TryAcquireAsync(key, limits, 1, CancellationToken.None).AsTask()));

        Assert.Equal(50, decisions.Count(d => d.Allowed));
        Assert.All(decisions.Where(d => !d.Allowed), d => Assert.Equal("requests", d.ExceededDimension));
        Assert.Equal(0, decisions.Min(d => d.RemainingRequests));
    }

    [RedisFact]
    public async Task UnitsPastTheLimit_AreRefusedWithoutCharging_AndTheNextWindowStartsAfresh()
    {
        var key = Guid.NewGuid();
        var limits = new RateLimits(100, 1000);
        var a = new RedisRateLimiter(nodeA, time);
        var b = new RedisRateLimiter(nodeB, time);

        Assert.True((await a.TryAcquireAsync(key, limits, 900, CancellationToken.None)).Allowed);
        var refused = await b.TryAcquireAsync(key, limits, 200, CancellationToken.None);
        Assert.False(refused.Allowed);
        Assert.Equal("units", refused.ExceededDimension);
        var fits = await b.TryAcquireAsync(key, limits, 100, CancellationToken.None);
        Assert.True(fits.Allowed);
        Assert.Equal(0, fits.RemainingUnits);
        Assert.Equal(98, fits.RemainingRequests);
        Assert.Equal(TimeSpan.FromSeconds(55), fits.ResetAfter);

        time.Advance(TimeSpan.FromMinutes(1));
        Assert.True((await a.TryAcquireAsync(key, limits, 1000, CancellationToken.None)).Allowed);
    }

    [Fact]
    public async Task RedisUnreachable_RefusesTheCall_With503Code()
    {
        var options = ConfigurationOptions.Parse("127.0.0.1:1");
        options.AbortOnConnectFail = false;
        options.ConnectTimeout = 200;
        options.AsyncTimeout = 500;
        await using var unreachable = await ConnectionMultiplexer.ConnectAsync(options);
        var limiter = new RedisRateLimiter(unreachable, time);

        var refused = await Assert.ThrowsAsync<DependencyUnavailableException>(() => limiter.TryAcquireAsync(Guid.NewGuid(), new RateLimits(10, 10), 1, CancellationToken.None).AsTask());

        Assert.Equal("rate-limit-unavailable", refused.Code);
    }
}
