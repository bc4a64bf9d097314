using Scalar.AspNetCore;

namespace ModelMint.Server.Hosting;

public static class HostingRegistration
{
    public const string DefaultUrl = "http://localhost:5080";

    /// <summary>Command-line switches, the default address and the OpenAPI document.</summary>
    public static WebApplicationBuilder AddModelMintHosting(this WebApplicationBuilder builder, string[] args)
    {
        builder.Configuration.AddCommandLine(args, new Dictionary<string, string> { ["--data-dir"] = $"{StorageOptions.Section}:{nameof(StorageOptions.DataDirectory)}" });
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["http_ports"]) && string.IsNullOrEmpty(builder.Configuration["https_ports"]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        builder.Services.AddOpenApi("v1", options => options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "ModelMint API";
            document.Info.Description = "Train, register, publish and call text classification models. Authenticate with 'Authorization: Bearer mm_...'.";
            return Task.CompletedTask;
        }));
        return builder;
    }

    /// <summary>The OpenAPI document at <c>/openapi/v1.json</c> and the interactive reference at <c>/docs</c>.</summary>
    public static WebApplication UseModelMintApiReference(this WebApplication app)
    {
        app.MapOpenApi();
        app.MapScalarApiReference("/docs", options => options.WithTitle("ModelMint API").WithOpenApiRoutePattern("/openapi/{documentName}.json"));
        return app;
    }
}
