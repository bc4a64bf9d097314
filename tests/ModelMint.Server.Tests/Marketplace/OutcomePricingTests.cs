using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ModelMint.Server.Predictions;
using ModelMint.Server.Tests.Billing;
using ModelMint.Server.Tests.Infrastructure;

namespace ModelMint.Server.Tests.Marketplace;

/// <summary>
/// Outcome-based pricing: a prediction's price is held from the prepaid balance at call time and charged only when
/// the customer accepts it, or refunded when rejected; silence is charged or free by the listing's policy when the
/// window closes. Time is a fake clock; settlement is run through the worker's service.
/// </summary>
public sealed class OutcomePricingTests : IClassFixture<OutcomePricingTests.Factory>
{
    public sealed class Factory : BillingFactory
    {
        public Factory()
            : base(At("2026-05-05T10:00:00Z")) => Settings["Outcomes:PollInterval"] = "01:00:00";
    }

    private const string Model = BillingFactory.PerCallModel;
    private readonly Factory factory;
    private readonly HttpClient provider;

    public OutcomePricingTests(Factory factory)
    {
        this.factory = factory;
        provider = factory.CreateOperatorClient();
    }

    private async Task PublishAsync(string unresolved = "charge", int windowHours = 24, string amount = "0.01")
    {
        await factory.WaitForDemoModelAsync();
        await BillingFactory.PublishAsync(provider, Model, new { type = "per_accepted", currency = "USD", amount, feedbackWindowHours = windowHours, unresolved });
    }

    private async Task<Guid> CallAsync(HttpClient developer, string text = "I was charged twice") =>
        Guid.Parse((string)(await BillingFactory.PredictAsync(developer, Model, new { text }))["predictions"]![0]!["id"]!);

    private Task<HttpResponseMessage> FeedbackAsync(HttpClient developer, Guid id, object body) =>
        developer.PostJsonAsync($"/v1/predictions/{id}/feedback", body);

    private Task<long> BalanceAsync(Guid accountId) =>
        factory.WithDbAsync(db => db.Wallets.Where(w => w.AccountId == accountId).Select(w => w.BalanceMicros).SingleAsync());

    private async Task<int> SettleAsync()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<OutcomeService>().SettleDueAsync(1000, CancellationToken.None);
    }

    private Task<List<Data.Billing.LedgerEntry>> LedgerOfAsync(Guid predictionId) =>
        factory.WithDbAsync(db => db.LedgerEntries.Where(e => e.Reference == predictionId.ToString("D")).ToListAsync());

    [Fact]
    public async Task Accepted_IsChargedOnce_AndASecondFeedbackIs409()
    {
        await PublishAsync();
        var (developer, accountId) = await factory.DeveloperWithBalanceAsync(100_000);

        var id = await CallAsync(developer);
        Assert.Equal(90_000, await BalanceAsync(accountId));
        var pending = await developer.GetJsonAsync($"/v1/predictions/{id}");
        Assert.Equal("pending", (string?)pending["state"]);
        Assert.Equal("0.01", (string?)pending["amount"]);
        Assert.Equal(factory.Time.GetUtcNow().AddHours(24), (DateTimeOffset)pending["deadline"]!);

        var accepted = await (await FeedbackAsync(developer, id, new { accepted = true })).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("accepted", (string?)accepted["state"]);
        await (await FeedbackAsync(developer, id, new { accepted = false })).AssertProblemAsync(HttpStatusCode.Conflict, "feedback-already-given");

        Assert.Equal(90_000, await BalanceAsync(accountId));
        var ledger = await LedgerOfAsync(id);
        Assert.Equal(2, ledger.Count);
        Assert.Contains(ledger, e => e is { Book: "held", Side: "debit", AmountMicros: 10_000 } && e.AccountId == accountId);
        Assert.Contains(ledger, e => e is { Book: "provider-earnings", Side: "credit", AmountMicros: 10_000 });
    }

    [Fact]
    public async Task Rejected_IsRefunded_AndTheCorrectLabelIsKept()
    {
        await PublishAsync();
        var (developer, accountId) = await factory.DeveloperWithBalanceAsync(100_000);
        var id = await CallAsync(developer);
        var labels = (await developer.GetJsonAsync("/v1/catalog"))["items"]!.AsArray().Single(e => (string?)e!["model"] == Model)!["labels"]!.AsArray();
        var label = (string)labels[0]!;

        await (await FeedbackAsync(developer, id, new { accepted = false, correctLabel = "no-such-label" })).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid-correct-label");
        var rejected = await (await FeedbackAsync(developer, id, new { accepted = false, correctLabel = label })).ReadJsonAsync(HttpStatusCode.OK);

        Assert.Equal("rejected", (string?)rejected["state"]);
        Assert.Equal(label, (string?)rejected["correctLabel"]);
        Assert.Equal(100_000, await BalanceAsync(accountId));
        Assert.Contains(await LedgerOfAsync(id), e => e is { Book: "wallet", Side: "credit", AmountMicros: 10_000 });
    }

    [Fact]
    public async Task HeldCharges_CountAgainstTheSpendCap_AndARefundGivesTheBudgetBack()
    {
        await PublishAsync();
        var (developer, _) = await factory.DeveloperWithBalanceAsync(100_000);
        await (await developer.PutAsJsonAsync("/v1/billing/spend-cap", new { amount = "0.01", currency = "USD" })).ReadJsonAsync(HttpStatusCode.OK);

        var id = await CallAsync(developer);
        Assert.Equal("0.01", (string?)(await developer.GetJsonAsync("/v1/billing/spend-cap"))["spentThisMonth"]);
        await (await developer.PostJsonAsync($"/v1/models/{Model}/predict", new { text = "again" })).AssertProblemAsync(HttpStatusCode.PaymentRequired, "spend-cap-reached");

        await (await FeedbackAsync(developer, id, new { accepted = false })).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("0", (string?)(await developer.GetJsonAsync("/v1/billing/spend-cap"))["spentThisMonth"]);
        await CallAsync(developer);
    }

    [Theory]
    [InlineData("charge", "expired-charged", 90_000)]
    [InlineData("free", "expired-free", 100_000)]
    public async Task NoFeedback_WhenTheWindowCloses_IsSettledByThePolicyOfTheCall(string policy, string state, long balance)
    {
        await PublishAsync(policy, windowHours: 1);
        var (developer, accountId) = await factory.DeveloperWithBalanceAsync(100_000);
        var id = await CallAsync(developer);
        // A later listing change does not alter a call already made.
        await PublishAsync(policy == "charge" ? "free" : "charge", windowHours: 1);

        factory.Time.Advance(TimeSpan.FromMinutes(59));
        await SettleAsync();
        Assert.Equal("pending", (string?)(await developer.GetJsonAsync($"/v1/predictions/{id}"))["state"]);
        factory.Time.Advance(TimeSpan.FromMinutes(1));
        await SettleAsync();

        var settled = await developer.GetJsonAsync($"/v1/predictions/{id}");
        Assert.Equal(state, (string?)settled["state"]);
        Assert.Equal(balance, await BalanceAsync(accountId));
        Assert.Equal(2, (await LedgerOfAsync(id)).Count);
        await (await FeedbackAsync(developer, id, new { accepted = true })).AssertProblemAsync(HttpStatusCode.Conflict, "feedback-window-closed");
    }

    [Fact]
    public async Task TheSettlementWorker_SettlesOnItsPollInterval()
    {
        await PublishAsync("free", windowHours: 1);
        var (developer, accountId) = await factory.DeveloperWithBalanceAsync(100_000);
        var id = await CallAsync(developer);

        // The worker sleeps one poll interval (an hour) on the fake clock; two intervals wake it past the deadline.
        string? state = null;
        for (var i = 0; i < 200 && state != "expired-free"; i++)
        {
            if (i % 50 == 0)
            {
                factory.Time.Advance(TimeSpan.FromHours(1));
            }

            await Task.Delay(50);
            state = (string?)(await developer.GetJsonAsync($"/v1/predictions/{id}"))["state"];
        }

        Assert.Equal("expired-free", state);
        Assert.Equal(100_000, await BalanceAsync(accountId));
    }

    [Fact]
    public async Task FeedbackAtTheDeadline_BeforeSettlement_Is409()
    {
        await PublishAsync(windowHours: 2);
        var (developer, accountId) = await factory.DeveloperWithBalanceAsync(100_000);
        var id = await CallAsync(developer);
        factory.Time.Advance(TimeSpan.FromHours(2));

        await (await FeedbackAsync(developer, id, new { accepted = false })).AssertProblemAsync(HttpStatusCode.Conflict, "feedback-window-closed");
        Assert.Equal(90_000, await BalanceAsync(accountId));
    }

    [Fact]
    public async Task AnotherOrganisation_GetsNotFound()
    {
        await PublishAsync();
        var (developer, _) = await factory.DeveloperWithBalanceAsync(100_000);
        var (other, _) = await factory.DeveloperWithBalanceAsync(100_000);
        var id = await CallAsync(developer);

        await (await FeedbackAsync(other, id, new { accepted = false })).AssertProblemAsync(HttpStatusCode.NotFound, "prediction-not-found");
        await (await other.GetAsync(new Uri($"/v1/predictions/{id}", UriKind.Relative))).AssertProblemAsync(HttpStatusCode.NotFound, "prediction-not-found");
        await (await FeedbackAsync(developer, Guid.CreateVersion7(), new { accepted = true })).AssertProblemAsync(HttpStatusCode.NotFound, "prediction-not-found");
        await (await FeedbackAsync(developer, id, new { correctLabel = "x" })).AssertProblemAsync(HttpStatusCode.BadRequest, "accepted-required");
    }

    [Fact]
    public async Task ConcurrentFeedbackOnOnePrediction_ResolvesItOnce()
    {
        await PublishAsync();
        var (developer, accountId) = await factory.DeveloperWithBalanceAsync(100_000);
        var id = await CallAsync(developer);

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => FeedbackAsync(developer, id, new { accepted = i % 2 == 0 })));

        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.Equal(19, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        Assert.Equal(2, (await LedgerOfAsync(id)).Count);
        var state = (string?)(await developer.GetJsonAsync($"/v1/predictions/{id}"))["state"];
        Assert.Equal(state == "accepted" ? 90_000 : 100_000, await BalanceAsync(accountId));
    }

    [Fact]
    public async Task BalanceForExactlyNOutcomeCalls_UnderConcurrency_AdmitsExactlyN()
    {
        await PublishAsync();
        var (developer, accountId) = await factory.DeveloperWithBalanceAsync(50_000);

        var responses = await Task.WhenAll(Enumerable.Range(0, 40).Select(i =>
            developer.PostJsonAsync($"/v1/models/{Model}/predict", new { text = $"where is my order {i}" })));

        Assert.Equal(5, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.Equal(35, responses.Count(r => r.StatusCode == HttpStatusCode.PaymentRequired));
        Assert.Equal(0, await BalanceAsync(accountId));
        Assert.Equal(5, await factory.WithDbAsync(db => db.OutcomeCharges.CountAsync(c => c.PayerAccountId == accountId && c.State == "pending")));
    }

    [Fact]
    public async Task TheMonthsInvoice_ListsTheBilledPredictions_AndTheLedgerBalances()
    {
        await PublishAsync("charge", windowHours: 1, amount: "0.004");
        var (developer, accountId) = await factory.DeveloperWithBalanceAsync(1_000_000);
        var month = factory.Time.GetUtcNow();
        var ids = (await BillingFactory.PredictAsync(developer, Model, new { texts = new[] { "a", "b", "c", "d", "e" } }))["predictions"]!.AsArray()
            .Select(p => Guid.Parse((string)p!["id"]!)).ToList();
        await (await FeedbackAsync(developer, ids[0], new { accepted = true })).ReadJsonAsync(HttpStatusCode.OK);
        await (await FeedbackAsync(developer, ids[1], new { accepted = true })).ReadJsonAsync(HttpStatusCode.OK);
        await (await FeedbackAsync(developer, ids[2], new { accepted = false })).ReadJsonAsync(HttpStatusCode.OK);
        factory.Time.Advance(TimeSpan.FromHours(1));
        await SettleAsync();

        // Next month, and bill this one: 4 billed (2 accepted, 2 silent under `charge`) × 0.004 = 0.016 → 0.02.
        var next = new DateTimeOffset(month.Year, month.Month, 1, 0, 0, 0, TimeSpan.Zero).AddMonths(1);
        factory.Time.SetUtcNow(next.AddHours(1));
        var period = month.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        await BillingFactory.RunBillingAsync(provider, period);

        var invoices = await developer.GetJsonAsync("/v1/invoices");
        var invoiceId = (string)invoices["items"]!.AsArray().Single(i => (string?)i!["period"]!["month"] == period)!["id"]!;
        var invoice = await developer.GetJsonAsync($"/v1/invoices/{invoiceId}");
        var line = invoice["lines"]!.AsArray().Single()!;
        Assert.Equal("accepted", (string?)line["meter"]);
        Assert.Equal(4, (long)line["quantity"]!);
        Assert.Equal("0.02", (string?)line["amount"]);
        Assert.Equal("0.00", (string?)invoice["total"]);
        Assert.Equal(1_000_000 - 16_000, await BalanceAsync(accountId));

        var check = await provider.GetJsonAsync($"/v1/admin/ledger/check?period={period}");
        Assert.True((bool)check["balanced"]!, string.Join("; ", check["problems"]!.AsArray().Select(p => (string?)p)));
    }

    [Theory]
    [InlineData("{\"price\":{\"type\":\"per_accepted\",\"currency\":\"USD\",\"amount\":\"0.01\"}}", "invalid-unresolved-policy")]
    [InlineData("{\"price\":{\"type\":\"per_accepted\",\"currency\":\"USD\",\"amount\":\"0.01\",\"unresolved\":\"maybe\"}}", "invalid-unresolved-policy")]
    [InlineData("{\"price\":{\"type\":\"per_accepted\",\"currency\":\"USD\",\"amount\":\"0.01\",\"unresolved\":\"free\",\"feedbackWindowHours\":0}}", "invalid-feedback-window")]
    [InlineData("{\"price\":{\"type\":\"per_accepted\",\"currency\":\"USD\",\"amount\":\"0.01\",\"unresolved\":\"free\",\"feedbackWindowHours\":721}}", "invalid-feedback-window")]
    [InlineData("{\"price\":{\"type\":\"per_accepted\",\"currency\":\"USD\",\"amount\":\"0.01\",\"unresolved\":\"free\",\"unitSize\":1000}}", "invalid-price")]
    public async Task InvalidOutcomePrice_IsRefused(string body, string code)
    {
        await factory.WaitForDemoModelAsync();
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        await (await provider.PutAsync(new Uri($"/v1/models/{Model}/listing", UriKind.Relative), content)).AssertProblemAsync(HttpStatusCode.BadRequest, code);
    }

    [Fact]
    public async Task Listing_ShowsTheWindowAndPolicy_WithTheDefaultWindow()
    {
        await factory.WaitForDemoModelAsync();
        var listing = await (await provider.PutAsJsonAsync($"/v1/models/{Model}/listing", new
        {
            published = true,
            price = new { type = "per_accepted", currency = "USD", amount = "0.01", unresolved = "free" },
        })).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(24, (int)listing["price"]!["feedbackWindowHours"]!);
        Assert.Equal("free", (string?)listing["price"]!["unresolved"]);
        Assert.Equal("accepted", (string?)listing["price"]!["meter"]);
    }
}
