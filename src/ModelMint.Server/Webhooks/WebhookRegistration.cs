using Microsoft.Extensions.Options;
using ModelMint.Server.Usage;

namespace ModelMint.Server.Webhooks;

public static class WebhookRegistration
{
    /// <summary>Endpoints' secrets, the publisher, the delivery queue and dispatcher, and the balance-threshold watcher.</summary>
    public static WebApplicationBuilder AddModelMintWebhooks(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<WebhookSecrets>();
        builder.Services.AddSingleton<WebhookSignal>();
        builder.Services.AddScoped<WebhookPublisher>();
        builder.Services.AddScoped<WebhookDeliveryQueue>();
        builder.Services.AddScoped<BalanceThresholdEvaluator>();
        builder.Services.AddScoped<LimitThresholdEvaluator>();
        builder.Services.AddHttpClient<WebhookSender>((sp, client) =>
            {
                client.Timeout = sp.GetRequiredService<IOptions<WebhookOptions>>().Value.Timeout;
                client.DefaultRequestHeaders.UserAgent.ParseAdd("ModelMint-Webhooks/1");
            })
            .ConfigurePrimaryHttpMessageHandler(sp => WebhookTargets.CreateHandler(sp.GetRequiredService<IOptions<WebhookOptions>>().Value.AllowPrivateNetworks));
        builder.Services.AddHostedService<WebhookDispatcher>();
        builder.Services.AddSingleton<BalanceThresholdWorker>();
        builder.Services.AddSingleton<IUsageObserver>(sp => sp.GetRequiredService<BalanceThresholdWorker>());
        builder.Services.AddHostedService(sp => sp.GetRequiredService<BalanceThresholdWorker>());
        return builder;
    }
}
