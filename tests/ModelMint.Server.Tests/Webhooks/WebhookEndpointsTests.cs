using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ModelMint.Data;
using ModelMint.Server.Tests.Infrastructure;
using ModelMint.Server.Webhooks;

namespace ModelMint.Server.Tests.Webhooks;

public sealed class WebhookEndpointsTests(ModelMintFactory factory) : IClassFixture<ModelMintFactory>
{
    private async Task<HttpClient> NewTenantAsync() => factory.CreateClientWithKey(await factory.CreateAccountAsync("webhooks-" + Guid.NewGuid().ToString("N")[..6]));

    [Fact]
    public async Task Create_ReturnsTheSecretOnce_StoresItProtected_AndListNeverShowsIt()
    {
        using var client = await NewTenantAsync();

        var response = await client.PostJsonAsync("/v1/webhooks", new { url = "http://127.0.0.1:9/hooks", events = new[] { "usage.threshold", "balance.low", "balance.low" } });
        var created = await response.ReadJsonAsync(HttpStatusCode.Created);

        var secret = (string)created["secret"]!;
        Assert.Matches("^whsec_[0-9A-Za-z]{40}$", secret);
        Assert.Equal($"/v1/webhooks/{created["id"]}", response.Headers.Location?.OriginalString);
        Assert.Equal(["balance.low", "usage.threshold"], created["events"]!.AsArray().Select(e => (string)e!));
        var list = await client.GetJsonAsync("/v1/webhooks");
        Assert.DoesNotContain(secret, list.ToJsonString(), StringComparison.Ordinal);
        var listed = Assert.Single(list["items"]!.AsArray())!;
        Assert.Equal("http://127.0.0.1:9/hooks", (string?)listed["url"]);
        Assert.Null(listed["secret"]);
        Assert.Null((await client.GetJsonAsync($"/v1/webhooks/{created["id"]}"))["secret"]);

        await using var scope = factory.Services.CreateAsyncScope();
        var stored = await scope.ServiceProvider.GetRequiredService<ModelMintDbContext>().WebhookEndpoints.SingleAsync(e => e.Id == Guid.Parse((string)created["id"]!));
        Assert.DoesNotContain(secret[WebhookSecrets.Scheme.Length..], stored.ProtectedSecret, StringComparison.Ordinal);
        Assert.Equal(secret, scope.ServiceProvider.GetRequiredService<WebhookSecrets>().Unprotect(stored.ProtectedSecret));
        // The key ring is in the data folder on one node, in the shared database on PostgreSQL.
        if (factory.PostgresConnectionString is null)
        {
            Assert.NotEmpty(Directory.GetFiles(Path.Combine(factory.DataDirectory, "keys"), "key-*.xml"));
        }
        else
        {
            Assert.NotEmpty(await scope.ServiceProvider.GetRequiredService<ModelMintDbContext>().DataProtectionKeys.ToListAsync());
        }
    }

    [Theory]
    [InlineData("{\"events\":[\"balance.low\"]}", "invalid-webhook-url")]
    [InlineData("{\"url\":\"\",\"events\":[\"balance.low\"]}", "invalid-webhook-url")]
    [InlineData("{\"url\":\"/hooks\",\"events\":[\"balance.low\"]}", "invalid-webhook-url")]
    [InlineData("{\"url\":\"example.com/hooks\",\"events\":[\"balance.low\"]}", "invalid-webhook-url")]
    [InlineData("{\"url\":\"ftp://example.com/hooks\",\"events\":[\"balance.low\"]}", "invalid-webhook-url")]
    [InlineData("{\"url\":\"file:///etc/passwd\",\"events\":[\"balance.low\"]}", "invalid-webhook-url")]
    [InlineData("{\"url\":\"https://user:pass@example.com/hooks\",\"events\":[\"balance.low\"]}", "invalid-webhook-url")]
    [InlineData("{\"url\":\"https://example.com/hooks\"}", "events-required")]
    [InlineData("{\"url\":\"https://example.com/hooks\",\"events\":[]}", "events-required")]
    [InlineData("{\"url\":\"https://example.com/hooks\",\"events\":[\"invoice.paid\"]}", "unknown-event-type")]
    [InlineData("{\"url\":\"https://example.com/hooks\",\"events\":[\"balance.low\",\"Balance.Low\"]}", "unknown-event-type")]
    [InlineData("{\"url\":\"https://example.com/hooks\",\"events\":[null]}", "unknown-event-type")]
    public async Task InvalidEndpoint_Is400WithAStableCode_AndCreatesNothing(string body, string code)
    {
        using var client = await NewTenantAsync();

        await (await client.PostRawAsync("/v1/webhooks", body)).AssertProblemAsync(HttpStatusCode.BadRequest, code);

        Assert.Empty((await client.GetJsonAsync("/v1/webhooks"))["items"]!.AsArray());
    }

    [Fact]
    public async Task LoopbackAndPlainHttpUrls_AreAccepted_ForASelfHostedPlatform()
    {
        using var client = await NewTenantAsync();
        foreach (var url in new[] { "http://localhost:8080/hooks", "http://[::1]:8080/hooks", "https://hooks.example.com/modelmint?tenant=1" })
        {
            await (await client.PostJsonAsync("/v1/webhooks", new { url, events = new[] { "invoice.finalized" } })).ReadJsonAsync(HttpStatusCode.Created);
        }
    }

    [Fact]
    public async Task EleventhEndpoint_Is409_AndTenRemain()
    {
        using var client = await NewTenantAsync();
        for (var i = 0; i < 10; i++)
        {
            await (await client.PostJsonAsync("/v1/webhooks", new { url = $"https://example.com/hooks/{i}", events = new[] { "balance.low" } })).ReadJsonAsync(HttpStatusCode.Created);
        }

        await (await client.PostJsonAsync("/v1/webhooks", new { url = "https://example.com/hooks/10", events = new[] { "balance.low" } }))
            .AssertProblemAsync(HttpStatusCode.Conflict, "webhook-limit-reached");

        Assert.Equal(10, (await client.GetJsonAsync("/v1/webhooks"))["items"]!.AsArray().Count);
    }

    [Fact]
    public async Task AnotherOrganisation_CannotSeeReadOrDeleteTheEndpoint()
    {
        using var owner = await NewTenantAsync();
        using var intruder = await NewTenantAsync();
        var created = await (await owner.PostJsonAsync("/v1/webhooks", new { url = "https://example.com/hooks", events = new[] { "balance.low" } })).ReadJsonAsync(HttpStatusCode.Created);
        var id = (string)created["id"]!;

        Assert.Empty((await intruder.GetJsonAsync("/v1/webhooks"))["items"]!.AsArray());
        await (await intruder.GetAsync(new Uri($"/v1/webhooks/{id}", UriKind.Relative))).AssertProblemAsync(HttpStatusCode.NotFound, "webhook-not-found");
        await (await intruder.GetAsync(new Uri($"/v1/webhooks/{id}/deliveries", UriKind.Relative))).AssertProblemAsync(HttpStatusCode.NotFound, "webhook-not-found");
        await (await intruder.DeleteAsync(new Uri($"/v1/webhooks/{id}", UriKind.Relative))).AssertProblemAsync(HttpStatusCode.NotFound, "webhook-not-found");

        await owner.GetJsonAsync($"/v1/webhooks/{id}");
    }

    [Fact]
    public async Task Delete_RemovesTheEndpointAndItsDeliveries()
    {
        using var client = await NewTenantAsync();
        var accountId = Guid.Parse((string)(await client.GetJsonAsync("/v1/billing/balance"))["accountId"]!);
        var created = await (await client.PostJsonAsync("/v1/webhooks", new { url = "http://127.0.0.1:9/hooks", events = new[] { "invoice.finalized" } })).ReadJsonAsync(HttpStatusCode.Created);
        var id = (string)created["id"]!;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<WebhookPublisher>().PublishAsync(accountId, WebhookEvents.InvoiceFinalized, "invoice:delete-test", new { invoiceId = "inv_1" }));
        }

        Assert.Single((await client.GetJsonAsync($"/v1/webhooks/{id}/deliveries"))["items"]!.AsArray());

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync(new Uri($"/v1/webhooks/{id}", UriKind.Relative))).StatusCode);

        await (await client.GetAsync(new Uri($"/v1/webhooks/{id}", UriKind.Relative))).AssertProblemAsync(HttpStatusCode.NotFound, "webhook-not-found");
        await (await client.DeleteAsync(new Uri($"/v1/webhooks/{id}", UriKind.Relative))).AssertProblemAsync(HttpStatusCode.NotFound, "webhook-not-found");
        await using var check = factory.Services.CreateAsyncScope();
        Assert.False(await check.ServiceProvider.GetRequiredService<ModelMintDbContext>().WebhookDeliveries.AnyAsync(d => d.EndpointId == Guid.Parse(id)));
    }
}
