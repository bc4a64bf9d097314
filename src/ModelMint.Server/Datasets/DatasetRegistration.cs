namespace ModelMint.Server.Datasets;

public static class DatasetRegistration
{
    public static WebApplicationBuilder AddModelMintDatasets(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<DatasetOptions>().BindConfiguration(DatasetOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddScoped<DatasetService>();
        return builder;
    }
}
