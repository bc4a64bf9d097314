using System.Net;
using System.Text;
using ModelMint.Server.Tests.Infrastructure;
using ModelMint.Server.Webhooks;

namespace ModelMint.Server.Tests.Webhooks;

/// <summary>
/// Webhooks go only to public addresses by default (<see cref="WebhookTargets"/>): an endpoint that names a loopback,
/// private or link-local address is refused when it is registered, and a delivery never connects to such an address,
/// whatever the receiver's name resolves to when it is sent.
/// </summary>
public sealed class WebhookTargetsTests(WebhookTargetsTests.DefaultSettings factory) : IClassFixture<WebhookTargetsTests.DefaultSettings>
{
    /// <summary>The server as shipped: <c>Webhooks:AllowPrivateNetworks</c> off.</summary>
    public sealed class DefaultSettings : ModelMintFactory
    {
        public DefaultSettings() => Settings.Remove("Webhooks:AllowPrivateNetworks");
    }

    [Theory]
    [InlineData("8.8.8.8", true)]
    [InlineData("93.184.216.34", true)]
    [InlineData("172.32.0.1", true)]
    [InlineData("100.128.0.1", true)]
    [InlineData("127.0.0.1", false)]
    [InlineData("127.255.0.9", false)]
    [InlineData("0.0.0.0", false)]
    [InlineData("10.1.2.3", false)]
    [InlineData("172.16.0.1", false)]
    [InlineData("172.31.255.255", false)]
    [InlineData("192.168.1.1", false)]
    [InlineData("169.254.169.254", false)]
    [InlineData("100.64.0.1", false)]
    [InlineData("198.18.0.1", false)]
    [InlineData("192.0.2.7", false)]
    [InlineData("224.0.0.1", false)]
    [InlineData("255.255.255.255", false)]
    [InlineData("2606:4700:4700::1111", true)]
    [InlineData("::ffff:8.8.8.8", true)]
    [InlineData("64:ff9b::808:808", true)]
    [InlineData("::1", false)]
    [InlineData("::", false)]
    [InlineData("fe80::1", false)]
    [InlineData("fd12:3456::1", false)]
    [InlineData("ff02::1", false)]
    [InlineData("::ffff:127.0.0.1", false)]
    [InlineData("::ffff:169.254.169.254", false)]
    [InlineData("64:ff9b::a00:1", false)]
    [InlineData("2001:db8::1", false)]
    public void IsPublic_TellsInternetAddressesFromInternalOnes(string address, bool expected) =>
        Assert.Equal(expected, WebhookTargets.IsPublic(IPAddress.Parse(address)));

    [Theory]
    [InlineData("http://127.0.0.1:9/hooks")]
    [InlineData("http://localhost:8080/hooks")]
    [InlineData("http://api.localhost/hooks")]
    [InlineData("http://[::1]/hooks")]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("https://10.0.0.5/hooks")]
    [InlineData("http://[::ffff:192.168.0.1]/hooks")]
    public async Task Create_AnInternalAddress_IsRefusedWithTheFix_AndNothingIsStored(string url)
    {
        using var client = factory.CreateClientWithKey(await factory.CreateAccountAsync("targets-" + Guid.NewGuid().ToString("N")[..6]));

        var problem = await (await client.PostJsonAsync("/v1/webhooks", new { url, events = new[] { "balance.low" } })).ReadJsonAsync(HttpStatusCode.BadRequest);

        Assert.Equal("webhook-url-not-public", (string?)problem["code"]);
        Assert.Contains("Webhooks:AllowPrivateNetworks", (string?)problem["detail"], StringComparison.Ordinal);
        Assert.Empty((await client.GetJsonAsync("/v1/webhooks"))["items"]!.AsArray());
    }

    [Fact]
    public async Task Create_APublicName_IsAccepted_WithoutResolvingItThen()
    {
        using var client = factory.CreateClientWithKey(await factory.CreateAccountAsync("targets-" + Guid.NewGuid().ToString("N")[..6]));

        var created = await (await client.PostJsonAsync("/v1/webhooks", new { url = "https://hooks.example.com/modelmint", events = new[] { "balance.low" } })).ReadJsonAsync(HttpStatusCode.Created);

        Assert.Equal("https://hooks.example.com/modelmint", (string?)created["url"]);
    }

    [Fact]
    public async Task Delivery_ToANameThatResolvesToLoopback_NeverConnects_UnlessPrivateNetworksAreAllowed()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        // The receiver listens on 127.0.0.1; "localhost" is a name that resolves there, as a re-pointed public name would.
        var url = receiver.Url.Replace("127.0.0.1", "localhost", StringComparison.Ordinal);

        using (var guarded = new HttpClient(WebhookTargets.CreateHandler(allowPrivateNetworks: false)))
        {
            var refused = await Assert.ThrowsAsync<HttpRequestException>(() => guarded.PostAsync(url, new StringContent("{}", Encoding.UTF8, "application/json")));
            Assert.Contains("not a public address", refused.Message, StringComparison.Ordinal);
        }

        Assert.Empty(receiver.Received);

        using var allowed = new HttpClient(WebhookTargets.CreateHandler(allowPrivateNetworks: true));
        using var response = await allowed.PostAsync(url, new StringContent("{}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(receiver.Received);
    }
}
