namespace ModelMint.Server.Caching;

public static class CachingRegistration
{
    /// <summary>The hot-path caches and their invalidation (in-process: one node).</summary>
    public static WebApplicationBuilder AddModelMintCaching(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<HotPathCache>();
        builder.Services.AddSingleton<ICacheInvalidation>(sp => sp.GetRequiredService<HotPathCache>());
        return builder;
    }
}
