using ModelMint.ML.Training;
using ModelMint.ML.Training.Neural;

namespace ModelMint.Server.Training;

public static class TrainingRegistration
{
    public static WebApplicationBuilder AddModelMintTraining(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<TrainingOptions>().BindConfiguration(TrainingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        // Every registered trainer is selectable by name; adding one is one line here.
        builder.Services.AddSingleton<ITextClassifierTrainer, AutoTrainer>();
        builder.Services.AddSingleton<ITextClassifierTrainer, LinearSvmTrainer>();
        builder.Services.AddSingleton<ITextClassifierTrainer, LightGbmTrainer>();
        builder.Services.AddSingleton<ITextClassifierTrainer, BiLstmTrainer>();
        builder.Services.AddSingleton<TrainerCatalog>();
        builder.Services.AddSingleton<TrainingSignal>();
        builder.Services.AddScoped<TrainingService>();
        builder.Services.AddScoped<TrainingQueue>();
        builder.Services.AddScoped<TrainingRunner>();
        if (builder.Configuration.GetValue("Training:WorkerEnabled", true))
        {
            builder.Services.AddHostedService<TrainingWorker>();
        }

        return builder;
    }
}
