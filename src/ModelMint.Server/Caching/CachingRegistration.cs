using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ModelMint.Server.Caching;

public static class CachingRegistration
{
    /// <summary>The hot-path caches and their invalidation (in-process unless scale-out registered Redis pub/sub first).</summary>
    public static WebApplicationBuilder AddModelMintCaching(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<HotPathCache>();
        builder.Services.TryAddSingleton<ICacheInvalidation>(sp => sp.GetRequiredService<HotPathCache>());
        return builder;
    }
}
