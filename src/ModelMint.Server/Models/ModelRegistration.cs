namespace ModelMint.Server.Models;

public static class ModelRegistration
{
    public static WebApplicationBuilder AddModelMintModels(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<ModelRegistry>();
        return builder;
    }
}
