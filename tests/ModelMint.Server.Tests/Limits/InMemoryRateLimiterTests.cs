using System.Globalization;
using Microsoft.Extensions.Time.Testing;
using ModelMint.Server.Limits;

namespace ModelMint.Server.Tests.Limits;

public sealed class InMemoryRateLimiterTests
{
    private readonly FakeTimeProvider time = new(DateTimeOffset.Parse("2026-03-01T10:00:30Z", CultureInfo.InvariantCulture));

    [Fact]
    public async Task AdmitsExactlyTheLimitPerMinute_ThenResetsAtTheWindowEdge()
    {
        var limiter = new InMemoryRateLimiter(time);
        var key = Guid.NewGuid();
        var limits = new RateLimits(5, long.MaxValue);

        var decisions = new List<RateLimitDecision>();
        for (var i = 0; i < 7; i++)
        {
            decisions.Add(await limiter.TryAcquireAsync(key, limits, 1, CancellationToken.None));
        }

        Assert.Equal(5, decisions.Count(d => d.Allowed));
        Assert.Equal(TimeSpan.FromSeconds(30), decisions[^1].ResetAfter);
        time.Advance(TimeSpan.FromSeconds(30));
        Assert.True((await limiter.TryAcquireAsync(key, limits, 1, CancellationToken.None)).Allowed);
    }

    [Fact]
    public async Task ConcurrentCallers_NeverExceedTheLimit()
    {
        var limiter = new InMemoryRateLimiter(time);
        var key = Guid.NewGuid();

        var decisions = await Task.WhenAll(Enumerable.Range(0, 1000).Select(_ => Task.Run(() => limiter.TryAcquireAsync(key, new RateLimits(100, long.MaxValue), 1, CancellationToken.None).AsTask())));

        Assert.Equal(100, decisions.Count(d => d.Allowed));
    }

    [Fact]
    public async Task RefusedRequest_ChargesNoUnits()
    {
        var limiter = new InMemoryRateLimiter(time);
        var key = Guid.NewGuid();
        var limits = new RateLimits(100, 10);

        Assert.True((await limiter.TryAcquireAsync(key, limits, 8, CancellationToken.None)).Allowed);
        Assert.False((await limiter.TryAcquireAsync(key, limits, 5, CancellationToken.None)).Allowed);
        var last = await limiter.TryAcquireAsync(key, limits, 2, CancellationToken.None);
        Assert.True(last.Allowed);
        Assert.Equal(0, last.RemainingUnits);
    }

    [Fact]
    public async Task KeysAreCountedSeparately()
    {
        var limiter = new InMemoryRateLimiter(time);
        var limits = new RateLimits(1, long.MaxValue);
        Assert.True((await limiter.TryAcquireAsync(Guid.NewGuid(), limits, 0, CancellationToken.None)).Allowed);
        Assert.True((await limiter.TryAcquireAsync(Guid.NewGuid(), limits, 0, CancellationToken.None)).Allowed);
    }
}
