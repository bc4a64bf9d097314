using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace ModelMint.Server.Tests.Infrastructure;

/// <summary>
/// The in-memory test server has no network peer; a factory that calls <see cref="FromHeader"/> takes each request's
/// peer address from <see cref="Header"/>, before anything of the app runs (as a connection's address would be).
/// </summary>
public static class ClientAddresses
{
    public const string Header = "X-Test-Peer-Address";

    public static void FromHeader(IWebHostBuilder builder) =>
        builder.ConfigureServices(services => services.AddSingleton<IStartupFilter, PeerFromHeader>());

    /// <summary>A client whose requests come from <paramref name="peer"/>.</summary>
    public static HttpClient CreateClientFrom(this ModelMintFactory factory, string peer)
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add(Header, peer);
        return client;
    }

    private sealed class PeerFromHeader : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                if (IPAddress.TryParse(context.Request.Headers[Header].ToString(), out var address))
                {
                    context.Connection.RemoteIpAddress = address;
                }

                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
