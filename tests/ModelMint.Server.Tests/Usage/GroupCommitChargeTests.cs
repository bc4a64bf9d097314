using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ModelMint.Data;
using ModelMint.Data.Billing;
using ModelMint.Server.Tests.Infrastructure;

namespace ModelMint.Server.Tests.Usage;

/// <summary>
/// The group commit charges a payer's calls of one batch with one conditional debit when their sum fits, and call by
/// call when it does not: the outcome is what charging one by one gives, even when admission was too optimistic
/// because the balance was spent elsewhere (another node) after this node read it.
/// </summary>
public sealed class GroupCommitChargeTests : IClassFixture<GroupCommitChargeTests.Factory>
{
    public sealed class Factory : ModelMintFactory
    {
        public Factory() => Settings["Bootstrap:DemoModel"] = "true";
    }

    private const string Model = "demo-intents";
    private readonly Factory factory;

    public GroupCommitChargeTests(Factory factory) => this.factory = factory;

    private async Task<(HttpClient Client, Guid AccountId)> PaidDeveloperAsync(long micros)
    {
        using var provider = factory.CreateOperatorClient();
        for (var i = 0; i < 1200 && !(await provider.GetJsonAsync("/v1/models"))["items"]!.AsArray().Any(m => (string?)m!["name"] == Model); i++)
        {
            await Task.Delay(100);
        }

        await (await provider.PutAsJsonAsync($"/v1/models/{Model}/listing", new
        {
            published = true,
            description = "Customer-service intents",
            price = new { type = "per_call", currency = "USD", amount = "0.01" },
        })).ReadJsonAsync(HttpStatusCode.OK);
        var client = factory.CreateClientWithKey(await factory.CreateAccountAsync("developer-" + Guid.NewGuid().ToString("N")[..6]));
        var accountId = Guid.Parse((string)(await client.GetJsonAsync("/v1/billing/balance"))["accountId"]!);
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ModelMintDbContext>();
        db.Wallets.Add(new Wallet { AccountId = accountId, Currency = "USD", BalanceMicros = micros, UpdatedAt = DateTimeOffset.UtcNow });
        await db.SaveChangesAsync();
        return (client, accountId);
    }

    private async Task SetBalanceBehindTheNodesBackAsync(Guid accountId, long micros)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ModelMintDbContext>();
        await db.Wallets.Where(w => w.AccountId == accountId).ExecuteUpdateAsync(s => s.SetProperty(w => w.BalanceMicros, micros));
    }

    [Fact]
    public async Task Concurrent_calls_that_fit_are_all_charged_exactly_once()
    {
        var (developer, accountId) = await PaidDeveloperAsync(1_000_000);

        var responses = await Task.WhenAll(Enumerable.Range(0, 30).Select(i =>
            developer.PostJsonAsync($"/v1/models/{Model}/predict", new { text = $"Where is my refund, case {i}" })));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ModelMintDbContext>();
        Assert.Equal(1_000_000 - (30 * 10_000), (await db.Wallets.SingleAsync(w => w.AccountId == accountId)).BalanceMicros);
        var keys = await db.UsageEvents.Where(e => e.AccountId == accountId && e.Meter == "calls").Select(e => e.IdempotencyKey).ToListAsync();
        Assert.Equal(30, keys.Count);
        var debits = await db.LedgerEntries.Where(e => keys.Contains(e.Reference) && e.Side == "debit" && e.Book == "wallet").ToListAsync();
        Assert.Equal(30, debits.Count);
        Assert.All(debits, d => Assert.Equal(10_000, d.AmountMicros));
    }

    [Fact]
    public async Task When_the_balance_was_spent_elsewhere_only_the_calls_it_still_covers_are_charged()
    {
        var (developer, accountId) = await PaidDeveloperAsync(1_000_000);
        // This node's admission snapshot now says 990,000 remain.
        Assert.Equal(HttpStatusCode.OK, (await developer.PostJsonAsync($"/v1/models/{Model}/predict", new { text = "first" })).StatusCode);
        await SetBalanceBehindTheNodesBackAsync(accountId, 30_000);

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            developer.PostJsonAsync($"/v1/models/{Model}/predict", new { text = $"I was charged twice, case {i}" })));

        Assert.Equal(3, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        await responses.First(r => r.StatusCode != HttpStatusCode.OK).AssertProblemAsync(HttpStatusCode.PaymentRequired, "insufficient-balance");
        Assert.Equal(17, responses.Count(r => r.StatusCode == HttpStatusCode.PaymentRequired));
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ModelMintDbContext>();
        Assert.Equal(0, (await db.Wallets.SingleAsync(w => w.AccountId == accountId)).BalanceMicros);
        Assert.Equal(4, await db.UsageEvents.CountAsync(e => e.AccountId == accountId && e.Meter == "calls"));
    }
}
