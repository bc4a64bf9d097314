using System.Net;
using ModelMint.Server.Tests.Infrastructure;

namespace ModelMint.Server.Tests.Hosting;

/// <summary>
/// Behind a proxy named in <c>Proxy:TrustedProxies</c>, a request's client is the address the proxy forwarded in
/// <c>X-Forwarded-For</c>; from anyone else the header is ignored, so a client cannot pick the address it is counted
/// (or allowed) as. Seen through the sign-in throttle, which names the address it counted.
/// </summary>
public sealed class TrustedProxyTests(TrustedProxyTests.BehindProxy factory) : IClassFixture<TrustedProxyTests.BehindProxy>
{
    public sealed class BehindProxy : PeerAddressFactory
    {
        public BehindProxy()
        {
            Settings["Proxy:TrustedProxies"] = "10.9.9.9, 172.20.0.0/16";
            Settings["Accounts:AttemptsPerMinutePerAddress"] = "1";
        }
    }

    private async Task<string?> SecondAttemptIsCountedAsAsync(string peer, string? forwardedFor)
    {
        using var client = factory.CreateClientFrom(peer);
        if (forwardedFor is not null)
        {
            client.DefaultRequestHeaders.Add("X-Forwarded-For", forwardedFor);
        }

        var body = new { email = $"nobody-{Guid.NewGuid():N}@example.com", password = "wrong password" };
        await (await client.PostJsonAsync("/v1/auth/signin", body)).ReadJsonAsync(HttpStatusCode.Unauthorized);
        var problem = await (await client.PostJsonAsync("/v1/auth/signin", body)).ReadJsonAsync(HttpStatusCode.TooManyRequests);
        return (string?)problem["detail"];
    }

    [Fact]
    public async Task ThroughATrustedProxy_TheForwardedClientIsCounted()
    {
        Assert.Contains("from 203.0.113.10:", await SecondAttemptIsCountedAsAsync("10.9.9.9", "203.0.113.10"), StringComparison.Ordinal);
        // Another client through the same proxy has its own count; a proxy in a trusted network works the same.
        Assert.Contains("from 203.0.113.11:", await SecondAttemptIsCountedAsAsync("10.9.9.9", "203.0.113.11"), StringComparison.Ordinal);
        Assert.Contains("from 203.0.113.12:", await SecondAttemptIsCountedAsAsync("172.20.3.4", "198.51.100.200, 203.0.113.12"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task FromAnyoneElse_XForwardedForIsIgnored()
    {
        Assert.Contains("from 198.51.100.1:", await SecondAttemptIsCountedAsAsync("198.51.100.1", "203.0.113.99"), StringComparison.Ordinal);
    }

    [Fact]
    public void AnEntryThatIsNotAnAddress_StopsTheServerWithTheFix()
    {
        using var broken = new ModelMintFactory();
        broken.Settings["Proxy:TrustedProxies"] = "10.0.0.1, proxy.internal";

        var error = Assert.ThrowsAny<Exception>(() => broken.CreateClient());

        Assert.Contains("'proxy.internal', which is neither an IP address nor a network", error.ToString(), StringComparison.Ordinal);
    }
}
