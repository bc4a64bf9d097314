using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ModelMint.Server.Predictions;

public static class PredictionRegistration
{
    public static WebApplicationBuilder AddModelMintPredictions(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<PredictionOptions>().BindConfiguration(PredictionOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<ModelCache>();
        builder.Services.AddSingleton<ShadowRunner>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ShadowRunner>());
        builder.Services.AddOptions<BenchOptions>().BindConfiguration(BenchOptions.Section);
        builder.Services.AddOptions<OutcomeOptions>().BindConfiguration(OutcomeOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.TryAddScoped<OutcomeService>();
        builder.Services.AddHostedService<OutcomeSettlementWorker>();
        return builder;
    }
}
