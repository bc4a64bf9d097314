using Microsoft.Extensions.DependencyInjection.Extensions;
using ModelMint.Server.Billing;
using ModelMint.Server.Limits;

namespace ModelMint.Server.Usage;

public static class UsageRegistration
{
    public static WebApplicationBuilder AddModelMintUsage(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<UsageOptions>().BindConfiguration(UsageOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<LimitOptions>().BindConfiguration(LimitOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.TryAddSingleton<IRateLimiter, InMemoryRateLimiter>();
        builder.Services.AddSingleton<UsageRecorder>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<UsageRecorder>());
        builder.Services.AddSingleton<MeteringFilter>();
        builder.Services.AddSingleton<WalletService>();
        builder.Services.AddSingleton<SpendCapService>();
        builder.Services.AddOptions<IdempotencyPurgeOptions>().BindConfiguration(IdempotencyPurgeOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        if (builder.Configuration.GetValue($"{IdempotencyPurgeOptions.Section}:{nameof(IdempotencyPurgeOptions.WorkerEnabled)}", true))
        {
            builder.Services.AddHostedService<IdempotencyPurgeWorker>();
        }

        return builder;
    }

    /// <summary>Puts a route group behind metering: scope, idempotency, rate limits and durable usage.</summary>
    public static RouteGroupBuilder RequireMetering(this RouteGroupBuilder group)
    {
        group.AddEndpointFilter<MeteringFilter>();
        return group;
    }
}
