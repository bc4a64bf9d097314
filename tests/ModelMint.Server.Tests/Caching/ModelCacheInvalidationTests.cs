using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ModelMint.Data;
using ModelMint.Data.Billing;
using ModelMint.Server.Models;
using ModelMint.Server.Tests.Infrastructure;

namespace ModelMint.Server.Tests.Caching;

/// <summary>
/// Model resolution through the hot-path cache, on the demo model: each test calls the model first (warm cache),
/// changes an alias, a version or the listing, and expects the change on the very next call.
/// </summary>
public sealed class ModelCacheInvalidationTests : IClassFixture<ModelCacheInvalidationTests.Factory>
{
    public sealed class Factory : ModelMintFactory
    {
        public Factory() => Settings["Bootstrap:DemoModel"] = "true";
    }

    private const string Model = "demo-intents";
    private readonly Factory factory;
    private readonly HttpClient provider;

    public ModelCacheInvalidationTests(Factory factory)
    {
        this.factory = factory;
        provider = factory.CreateOperatorClient();
    }

    private async Task WaitForDemoAsync()
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (!(await provider.GetJsonAsync("/v1/models"))["items"]!.AsArray().Any(m => (string?)m!["name"] == Model))
        {
            Assert.True(DateTime.UtcNow < deadline, "the demo model was not trained within two minutes");
            await Task.Delay(100);
        }
    }

    private async Task ListAsync(bool published, string amount)
    {
        await WaitForDemoAsync();
        await (await provider.PutAsJsonAsync($"/v1/models/{Model}/listing", new
        {
            published,
            price = new { type = "per_call", currency = "USD", amount },
        })).ReadJsonAsync(HttpStatusCode.OK);
    }

    private async Task<HttpClient> DeveloperWithBalanceAsync(long micros)
    {
        var client = factory.CreateClientWithKey(await factory.CreateAccountAsync("developer-" + Guid.NewGuid().ToString("N")[..6]));
        var accountId = Guid.Parse((string)(await client.GetJsonAsync("/v1/billing/balance"))["accountId"]!);
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ModelMintDbContext>();
        db.Wallets.Add(new Wallet { AccountId = accountId, Currency = "USD", BalanceMicros = micros, UpdatedAt = DateTimeOffset.UtcNow });
        await db.SaveChangesAsync();
        return client;
    }

    private static Task<HttpResponseMessage> PredictAsync(HttpClient client, string? version = null) =>
        version is null
            ? client.PostJsonAsync($"/v1/models/{Model}/predict", new { text = "I was charged twice" })
            : client.PostJsonAsync($"/v1/models/{Model}/predict", new { text = "I was charged twice", version });

    [Fact]
    public async Task A_moved_alias_is_served_on_the_next_request_with_a_warm_cache()
    {
        await WaitForDemoAsync();
        // A second version of the demo model, sharing the first one's artifact.
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ModelMintDbContext>();
            var registry = scope.ServiceProvider.GetRequiredService<ModelRegistry>();
            var model = await db.Models.AsNoTracking().SingleAsync(m => m.Name == Model);
            var latest = await db.ModelVersions.AsNoTracking().Where(v => v.ModelId == model.Id).OrderByDescending(v => v.Version).FirstAsync();
            await registry.AddVersionAsync(model.AccountId, Model, Guid.CreateVersion7(), new NewVersion(latest.ArtifactPath, ModelRegistry.ReadLabels(latest),
                ModelRegistry.ReadLineage(latest), ModelRegistry.ReadMetrics(latest.MetricsJson)), CancellationToken.None);
        }

        var before = (int)(await (await PredictAsync(provider)).ReadJsonAsync(HttpStatusCode.OK))["version"]!;
        await (await PredictAsync(provider, "production")).ReadJsonAsync(HttpStatusCode.OK);
        var versions = (await provider.GetJsonAsync($"/v1/models/{Model}"))["versions"]!.AsArray().Select(v => (int)v!["version"]!).ToList();
        var target = versions.Where(v => v != before).Max();

        await (await provider.PutAsJsonAsync($"/v1/models/{Model}/aliases/production", new { version = target })).ReadJsonAsync(HttpStatusCode.OK);

        Assert.Equal(target, (int)(await (await PredictAsync(provider)).ReadJsonAsync(HttpStatusCode.OK))["version"]!);
        await (await provider.PutAsJsonAsync($"/v1/models/{Model}/aliases/production", new { version = before })).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(before, (int)(await (await PredictAsync(provider, "production")).ReadJsonAsync(HttpStatusCode.OK))["version"]!);
    }

    [Fact]
    public async Task Unpublishing_a_listing_hides_it_from_another_organisation_on_the_next_request()
    {
        await ListAsync(published: true, amount: "0.01");
        using var developer = await DeveloperWithBalanceAsync(1_000_000);
        await (await PredictAsync(developer)).ReadJsonAsync(HttpStatusCode.OK);

        await ListAsync(published: false, amount: "0.01");

        await (await PredictAsync(developer)).AssertProblemAsync(HttpStatusCode.NotFound, "model-not-found");
        await ListAsync(published: true, amount: "0.01");
        await (await PredictAsync(developer)).ReadJsonAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_price_change_applies_on_the_next_paid_call()
    {
        await ListAsync(published: true, amount: "0.01");
        using var developer = await DeveloperWithBalanceAsync(1_000_000);
        var first = await PredictAsync(developer);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("0.99 USD", first.Headers.GetValues("x-balance-remaining").Single());

        await ListAsync(published: true, amount: "0.05");

        var second = await PredictAsync(developer);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal("0.94 USD", second.Headers.GetValues("x-balance-remaining").Single());
        await ListAsync(published: true, amount: "0.01");
    }
}
