using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ModelMint.Server.Gateway;

public static class GatewayRegistration
{
    /// <summary>The named <see cref="HttpClient"/> for upstream calls: one pooled handler, no proxy, no redirects, no cookies.</summary>
    public const string UpstreamClient = "gateway-upstream";

    public static WebApplicationBuilder AddModelMintGateway(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<GatewayOptions>().BindConfiguration(GatewayOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddHttpClient(UpstreamClient, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                UseProxy = false,
                AllowAutoRedirect = false,
                UseCookies = false,
                // Connections are reused across calls; recycled now and then so DNS changes are seen.
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
            })
            // The pooled handler lives as long as the process: the factory's rotation would only cost new connections.
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan);
        builder.Services.TryAddSingleton<TokenCounter>();
        builder.Services.AddSingleton<GatewayCatalog>();
        builder.Services.AddSingleton<ChannelHealth>();
        builder.Services.AddSingleton<ChannelProbe>();
        builder.Services.AddSingleton<GatewayMetering>();
        builder.Services.AddSingleton<GatewayProxy>();
        builder.Services.AddHostedService<ChannelProbeWorker>();
        return builder;
    }

    public static IEndpointRouteBuilder MapGatewayEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapOpenAiEndpoints();
        app.MapGatewayAdminEndpoints();
        return app;
    }
}
