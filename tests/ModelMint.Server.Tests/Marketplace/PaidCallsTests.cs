using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ModelMint.Data;
using ModelMint.Data.Billing;
using ModelMint.Server.Tests.Infrastructure;

namespace ModelMint.Server.Tests.Marketplace;

/// <summary>
/// A provider publishes a priced model; developers pay for calls from prepaid balances that concurrency cannot
/// overspend, and every cent moves through the ledger twice (debit and credit).
/// </summary>
public sealed class PaidCallsTests : IClassFixture<PaidCallsTests.Factory>
{
    public sealed class Factory : ModelMintFactory
    {
        public Factory() => Settings["Bootstrap:DemoModel"] = "true";
    }

    private const string Model = "demo-intents";
    private readonly Factory factory;
    private readonly HttpClient provider;

    public PaidCallsTests(Factory factory)
    {
        this.factory = factory;
        provider = factory.CreateOperatorClient();
    }

    private async Task PublishAsync(string amount = "0.01")
    {
        for (var i = 0; i < 1200 && !(await provider.GetJsonAsync("/v1/models"))["items"]!.AsArray().Any(m => (string?)m!["name"] == Model); i++)
        {
            await Task.Delay(100);
        }

        await (await provider.PutAsJsonAsync($"/v1/models/{Model}/listing", new
        {
            published = true,
            description = "Customer-service intents",
            price = new { type = "per_call", currency = "USD", amount },
        })).ReadJsonAsync(HttpStatusCode.OK);
    }

    private async Task<(HttpClient Client, Guid AccountId)> DeveloperWithBalanceAsync(long micros)
    {
        var key = await factory.CreateAccountAsync("developer-" + Guid.NewGuid().ToString("N")[..6]);
        var client = factory.CreateClientWithKey(key);
        var accountId = Guid.Parse((string)(await client.GetJsonAsync("/v1/billing/balance"))["accountId"]!);
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ModelMintDbContext>();
        db.Wallets.Add(new Wallet { AccountId = accountId, Currency = "USD", BalanceMicros = micros, UpdatedAt = DateTimeOffset.UtcNow });
        await db.SaveChangesAsync();
        return (client, accountId);
    }

    [Fact]
    public async Task PublishedModel_AppearsInTheCatalogWithItsPriceAndQuality()
    {
        await PublishAsync();
        var catalog = await provider.GetJsonAsync("/v1/catalog");
        var entry = catalog["items"]!.AsArray().Single(e => (string?)e!["model"] == Model)!;
        Assert.Equal("0.01", (string?)entry["price"]!["amount"]);
        Assert.Equal(6, entry["labels"]!.AsArray().Count);
        Assert.True((double?)entry["accuracy"] > 0.5);
    }

    [Fact]
    public async Task BalanceForExactlyNCalls_UnderConcurrency_GivesExactlyNSuccesses()
    {
        await PublishAsync();
        var (developer, accountId) = await DeveloperWithBalanceAsync(50_000);

        var responses = await Task.WhenAll(Enumerable.Range(0, 40).Select(i =>
            developer.PostJsonAsync($"/v1/models/{Model}/predict", new { text = $"I was charged twice, case {i}" })));

        Assert.Equal(5, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.Equal(35, responses.Count(r => r.StatusCode == HttpStatusCode.PaymentRequired));
        await responses.First(r => r.StatusCode == HttpStatusCode.PaymentRequired).AssertProblemAsync(HttpStatusCode.PaymentRequired, "insufficient-balance");
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ModelMintDbContext>();
        Assert.Equal(0, (await db.Wallets.SingleAsync(w => w.AccountId == accountId)).BalanceMicros);
        var events = await db.UsageEvents.Where(e => e.AccountId == accountId && e.Meter == "calls").ToListAsync();
        Assert.Equal(5, events.Count);
        Assert.All(events, e => Assert.Equal(10_000, e.ChargedMicros));
        var ledger = await db.LedgerEntries.Where(e => events.Select(u => u.IdempotencyKey).Contains(e.Reference)).ToListAsync();
        Assert.Equal(50_000, ledger.Where(e => e.Side == "debit" && e.Book == "wallet").Sum(e => e.AmountMicros));
        Assert.Equal(50_000, ledger.Where(e => e.Side == "credit" && e.Book == "provider-earnings").Sum(e => e.AmountMicros));
    }

    [Fact]
    public async Task CallsToOnesOwnModel_AreFree_AndPaidCallsReportTheRemainingBalance()
    {
        await PublishAsync();
        var own = await provider.PostJsonAsync($"/v1/models/{Model}/predict", new { text = "hello" });
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.False(own.Headers.Contains("x-balance-remaining"));

        var (developer, _) = await DeveloperWithBalanceAsync(25_000);
        var paid = await developer.PostJsonAsync($"/v1/models/{Model}/predict", new { texts = new[] { "a refund please", "thanks" } });

        Assert.Equal(HttpStatusCode.OK, paid.StatusCode);
        Assert.Equal("0.005 USD", paid.Headers.GetValues("x-balance-remaining").Single());
    }

    [Fact]
    public async Task UnpublishedModel_IsInvisibleToOthers()
    {
        await PublishAsync();
        await (await provider.PutAsJsonAsync($"/v1/models/{Model}/listing", new { published = false, price = new { type = "per_call", currency = "USD", amount = "0.01" } })).ReadJsonAsync(HttpStatusCode.OK);
        var (developer, _) = await DeveloperWithBalanceAsync(1_000_000);

        await (await developer.PostJsonAsync($"/v1/models/{Model}/predict", new { text = "hi" })).AssertProblemAsync(HttpStatusCode.NotFound, "model-not-found");
        Assert.DoesNotContain((await developer.GetJsonAsync("/v1/catalog"))["items"]!.AsArray(), e => (string?)e!["model"] == Model);
        await PublishAsync();
    }

    [Theory]
    [InlineData("{\"published\":true}", HttpStatusCode.BadRequest, "price-required")]
    [InlineData("{\"price\":{\"type\":\"per_call\",\"currency\":\"XYZ\",\"amount\":\"1\"}}", HttpStatusCode.BadRequest, "invalid-currency")]
    [InlineData("{\"price\":{\"type\":\"per_call\",\"currency\":\"USD\",\"amount\":\"0.0000001\"}}", HttpStatusCode.BadRequest, "invalid-amount")]
    [InlineData("{\"price\":{\"type\":\"per_call\",\"currency\":\"USD\",\"amount\":\"-1\"}}", HttpStatusCode.BadRequest, "invalid-amount")]
    [InlineData("{\"price\":{\"type\":\"tiered\",\"currency\":\"USD\",\"amount\":\"1\"}}", HttpStatusCode.BadRequest, "invalid-price-type")]
    [InlineData("{\"price\":{\"type\":\"per_unit\",\"currency\":\"USD\",\"amount\":\"1\"}}", HttpStatusCode.BadRequest, "invalid-price")]
    public async Task InvalidListing_IsRefused(string body, HttpStatusCode status, string code)
    {
        await PublishAsync();
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        await (await provider.PutAsync(new Uri($"/v1/models/{Model}/listing", UriKind.Relative), content)).AssertProblemAsync(status, code);
    }

    [Fact]
    public async Task ListingSomeoneElsesModel_Is404()
    {
        await PublishAsync();
        var (developer, _) = await DeveloperWithBalanceAsync(0);
        await (await developer.PutAsJsonAsync($"/v1/models/{Model}/listing", new { published = true, price = new { type = "per_call", currency = "USD", amount = "0" } }))
            .AssertProblemAsync(HttpStatusCode.NotFound, "model-not-found");
    }
}
