using ModelMint.Server.Caching;
using ModelMint.Server.Hosting;
using ModelMint.Server.Limits;
using StackExchange.Redis;

namespace ModelMint.Server.ScaleOut;

public static class ScaleOutRegistration
{
    /// <summary>
    /// With <c>Redis__Configuration</c> set: the shared rate limiter and cross-node cache invalidation. Registered
    /// before the features that register their one-node defaults with <c>TryAdd</c>. Without it nothing changes.
    /// </summary>
    public static WebApplicationBuilder AddModelMintScaleOut(this WebApplicationBuilder builder)
    {
        var scaleOut = ScaleOutSettings.From(builder.Configuration);
        if (!scaleOut.UsesRedis)
        {
            return builder;
        }

        builder.Services.AddSingleton<IConnectionMultiplexer>(_ =>
        {
            var options = ConfigurationOptions.Parse(scaleOut.RedisConfiguration!);
            // Start (and keep running) while Redis is away: limited calls are refused and caches are off until it is back.
            options.AbortOnConnectFail = false;
            return ConnectionMultiplexer.Connect(options);
        });
        builder.Services.AddSingleton<IRateLimiter, RedisRateLimiter>();
        builder.Services.AddSingleton<RedisCacheInvalidation>();
        builder.Services.AddSingleton<ICacheInvalidation>(sp => sp.GetRequiredService<RedisCacheInvalidation>());
        builder.Services.AddHostedService(sp => sp.GetRequiredService<RedisCacheInvalidation>());
        return builder;
    }
}
