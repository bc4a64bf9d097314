namespace ModelMint.Server.Predictions;

public static class PredictionRegistration
{
    public static WebApplicationBuilder AddModelMintPredictions(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<PredictionOptions>().BindConfiguration(PredictionOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<ModelCache>();
        return builder;
    }
}
