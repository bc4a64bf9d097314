using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace ModelMint.Server.Tests.Infrastructure;

/// <summary>
/// A server whose requests come from the network peer a test names (<see cref="ClientAddresses.CreateClientFrom"/>):
/// the in-memory test server has none of its own.
/// </summary>
public class PeerAddressFactory : ModelMintFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.AddSingleton<IStartupFilter, ClientAddresses.PeerFromHeader>());
    }
}

/// <summary>
/// Each request's peer address taken from <see cref="Header"/> before anything of the app runs (as a connection's
/// address would be), on a <see cref="PeerAddressFactory"/>.
/// </summary>
public static class ClientAddresses
{
    public const string Header = "X-Test-Peer-Address";

    /// <summary>A client whose requests come from <paramref name="peer"/>.</summary>
    public static HttpClient CreateClientFrom(this PeerAddressFactory factory, string peer)
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add(Header, peer);
        return client;
    }

    internal sealed class PeerFromHeader : IStartupFilter
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
