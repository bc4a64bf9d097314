using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
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

        builder.Services.Configure<ForwardedHeadersOptions>(options => TrustProxies(options, builder.Configuration[TrustedProxiesKey]));
        builder.Services.AddOpenApi("v1", options => options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "ModelMint API";
            document.Info.Description = "Train, register, publish and call text classification models. Authenticate with 'Authorization: Bearer mm_...'.";
            return Task.CompletedTask;
        }));
        return builder;
    }

    /// <summary>
    /// <c>Proxy:TrustedProxies</c>: the reverse proxies (addresses or networks, comma-separated, e.g.
    /// <c>127.0.0.1,10.0.0.0/8</c>) whose <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> are believed. Behind them a
    /// request's client address is the one they forwarded, which is what sign-in throttling and API keys' allowed
    /// networks see. Empty (the default): the headers are ignored and the client is the connection's peer, so a client
    /// cannot claim another address.
    /// </summary>
    public const string TrustedProxiesKey = "Proxy:TrustedProxies";

    /// <summary>Rewrites the client address from trusted proxies' headers; first, so everything after sees the client.</summary>
    public static WebApplication UseModelMintProxies(this WebApplication app)
    {
        app.UseForwardedHeaders();
        return app;
    }

    private static void TrustProxies(ForwardedHeadersOptions options, string? trusted)
    {
        // Nothing is trusted by default (ASP.NET Core would trust loopback): a proxy is named or the headers are ignored.
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        options.ForwardedHeaders = ForwardedHeaders.None;
        var entries = (trusted ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var entry in entries)
        {
            if (IPAddress.TryParse(entry, out var address))
            {
                options.KnownProxies.Add(address);
            }
            else if (System.Net.IPNetwork.TryParse(entry, out var network))
            {
                options.KnownIPNetworks.Add(network);
            }
            else
            {
                throw new InvalidOperationException(
                    $"{TrustedProxiesKey} lists '{entry}', which is neither an IP address nor a network. Use addresses or networks separated by commas, e.g. 127.0.0.1,10.0.0.0/8.");
            }
        }

        if (entries.Length > 0)
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // Follow the chain back through every trusted proxy, to the first address that is not one.
            options.ForwardLimit = null;
        }
    }

    /// <summary>The OpenAPI document at <c>/openapi/v1.json</c> and the interactive reference at <c>/docs</c>.</summary>
    public static WebApplication UseModelMintApiReference(this WebApplication app)
    {
        app.MapOpenApi();
        app.MapScalarApiReference("/docs", options => options.WithTitle("ModelMint API").WithOpenApiRoutePattern("/openapi/{documentName}.json"));
        return app;
    }
}
