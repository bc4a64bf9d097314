namespace ModelMint.Server.Marketplace;

public static class MarketplaceRegistration
{
    public static WebApplicationBuilder AddModelMintMarketplace(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<ListingService>();
        return builder;
    }
}
