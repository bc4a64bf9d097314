using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using ModelMint.Server.Billing;
using ModelMint.Server.Tests.Infrastructure;

namespace ModelMint.Server.Tests.Billing;

/// <summary>
/// Spend caps over invoice-rated listings (graduated, volume, package, free allowance): each call counts what it adds
/// to the month's invoice, so a cap stops them exactly where it stops prepaid calls. August 2026; tiers up to 10 calls
/// at 0.01, then 0.008 (graduated) or 0.005 for every call (volume).
/// </summary>
public sealed class MonthlyRatedSpendTests(MonthlyRatedSpendTests.Factory factory) : IClassFixture<MonthlyRatedSpendTests.Factory>
{
    public sealed class Factory() : BillingFactory(At("2026-08-10T09:00:00Z"));

    private static Task<HttpResponseMessage> CallAsync(HttpClient client, string model, int i) =>
        client.PostJsonAsync($"/v1/models/{model}/predict", new { text = $"a great film, take {i}" });

    private static async Task CallOkAsync(HttpClient client, string model, int n)
    {
        for (var i = 0; i < n; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await CallAsync(client, model, i)).StatusCode);
        }
    }

    private static async Task PutCapAsync(HttpClient client, string amount) =>
        await (await client.PutAsJsonAsync("/v1/billing/spend-cap", new { amount, currency = "USD" })).ReadJsonAsync(HttpStatusCode.OK);

    private static async Task<string?> SpentAsync(HttpClient client) => (string?)(await client.GetJsonAsync("/v1/billing/spend-cap"))["spentThisMonth"];

    private async Task<string> PublishAsync(string kind, object price)
    {
        var model = $"m-{kind}-{Guid.NewGuid().ToString("N")[..6]}";
        var (provider, _) = await factory.ProviderWithModelAsync(model);
        await BillingFactory.PublishAsync(provider, model, price);
        return model;
    }

    private static object[] Tiers(string above) =>
    [
        new { upTo = 10, unitPrice = "0.01" },
        new { upTo = (int?)null, unitPrice = above },
    ];

    [Fact]
    public async Task GraduatedCalls_UnderConcurrency_StopExactlyWhereTheMonthsTotalWouldPassTheCap()
    {
        var model = await PublishAsync("grad", new { type = "graduated", currency = "USD", tiers = Tiers("0.008") });
        var (developer, accountId) = await factory.OrganisationAsync("developer");
        // 10 × 0.01 + 2 × 0.008 = 0.116; a 13th call would make it 0.124.
        await PutCapAsync(developer, "0.116");

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => CallAsync(developer, model, i)));

        Assert.Equal(12, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.Equal(8, responses.Count(r => r.StatusCode == HttpStatusCode.PaymentRequired));
        var problem = await responses.First(r => r.StatusCode == HttpStatusCode.PaymentRequired).AssertProblemAsync(HttpStatusCode.PaymentRequired, "spend-cap-reached");
        Assert.Contains($"'{model}' would add to this month's invoice", (string?)problem["detail"], StringComparison.Ordinal);
        Assert.Contains("0.116 USD has been spent in 2026-08", (string?)problem["detail"], StringComparison.Ordinal);
        Assert.Equal("0.116", await SpentAsync(developer));
        Assert.Equal(12, await factory.WithDbAsync(db => db.UsageEvents.CountAsync(e => e.AccountId == accountId && e.Meter == "calls")));

        // Still postpaid: nothing was taken from (or needed in) a wallet.
        Assert.Empty((await developer.GetJsonAsync("/v1/billing/balance"))["balances"]!.AsArray());
    }

    [Fact]
    public async Task AFreeAllowance_PassesAZeroCap_AndTheFirstPricedCallIsRefused()
    {
        var model = await PublishAsync("free", new { type = "per_call", currency = "USD", amount = "0.01", freeUnits = 3 });
        var (developer, _) = await factory.OrganisationAsync("developer");
        await PutCapAsync(developer, "0");

        await CallOkAsync(developer, model, 3);
        await (await CallAsync(developer, model, 4)).AssertProblemAsync(HttpStatusCode.PaymentRequired, "spend-cap-reached");
        Assert.Equal("0", await SpentAsync(developer));

        await PutCapAsync(developer, "0.01");
        Assert.Equal(HttpStatusCode.OK, (await CallAsync(developer, model, 5)).StatusCode);
        Assert.Equal("0.01", await SpentAsync(developer));
        await (await CallAsync(developer, model, 6)).AssertProblemAsync(HttpStatusCode.PaymentRequired, "spend-cap-reached");
    }

    [Fact]
    public async Task AVolumePricesCheaperTier_GivesTheDifferenceBack()
    {
        var model = await PublishAsync("vol", new { type = "volume", currency = "USD", tiers = Tiers("0.005") });
        var (developer, _) = await factory.OrganisationAsync("developer");
        await PutCapAsync(developer, "1");

        await CallOkAsync(developer, model, 10);
        Assert.Equal("0.1", await SpentAsync(developer));

        // The 11th call puts every call at 0.005: the month's total falls from 0.10 to 0.055.
        await CallOkAsync(developer, model, 1);
        Assert.Equal("0.055", await SpentAsync(developer));
    }

    [Fact]
    public async Task APackage_CountsWhenStarted_AndTheCapStopsTheNextPackage()
    {
        var model = await PublishAsync("pack", new { type = "package", currency = "USD", unitSize = 5, amount = "0.03" });
        var (developer, _) = await factory.OrganisationAsync("developer");
        await PutCapAsync(developer, "0.06");

        await CallOkAsync(developer, model, 1);
        Assert.Equal("0.03", await SpentAsync(developer));
        await CallOkAsync(developer, model, 9);
        Assert.Equal("0.06", await SpentAsync(developer));
        await (await CallAsync(developer, model, 11)).AssertProblemAsync(HttpStatusCode.PaymentRequired, "spend-cap-reached");
    }

    [Fact]
    public async Task WithoutACap_TheMonthsAdditionsSumToTheRoundedTotal_AndOtherOrganisationsCountApart()
    {
        var model = await PublishAsync("sum", new { type = "graduated", currency = "USD", tiers = Tiers("0.008") });
        var (first, firstId) = await factory.OrganisationAsync("developer");
        var (second, secondId) = await factory.OrganisationAsync("developer");
        await CallOkAsync(first, model, 13);
        await CallOkAsync(second, model, 2);

        Task<long> SpentMicrosAsync(Guid id) => factory.WithDbAsync(db => db.SpendCounters.Where(c => c.AccountId == id && c.Month == "2026-08").Select(c => c.SpentMicros).SingleAsync());
        Assert.Equal(124_000, await SpentMicrosAsync(firstId));
        Assert.Equal(20_000, await SpentMicrosAsync(secondId));
    }

    [Theory]
    [InlineData(0, 1, 10_000)]
    [InlineData(9, 2, 18_000)]
    [InlineData(10, 1, 8_000)]
    [InlineData(0, 12, 116_000)]
    public void AddedMicros_IsTheMonthsTotalWithTheCallLessWithout(long before, long quantity, long expected)
    {
        var price = new ModelMint.Domain.Billing.GraduatedPrice(ModelMint.Domain.Billing.Currency.Usd,
            [new ModelMint.Domain.Billing.PriceTier(10, 0.01m, 0m), new ModelMint.Domain.Billing.PriceTier(null, 0.008m, 0m)]);
        Assert.Equal(expected, MonthlyRatedSpend.Micros(price, before + quantity) - MonthlyRatedSpend.Micros(price, before));
    }
}
