using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ModelMint.Data.Usage;
using ModelMint.Server.Tests.Infrastructure;
using ModelMint.Server.Usage;

namespace ModelMint.Server.Tests.Billing;

/// <summary>
/// Monthly spend caps: set, read and removed per organisation, enforced exactly under concurrency (a reservation at
/// admission and a conditional count at commit), and reset with the UTC calendar month.
/// </summary>
public sealed class SpendCapTests(SpendCapTests.Factory factory) : IClassFixture<SpendCapTests.Factory>
{
    public sealed class Factory : BillingFactory
    {
        public Factory()
            : base(At("2026-05-20T12:00:00Z"))
        {
        }
    }

    private const string Model = BillingFactory.PerCallModel;

    private async Task PublishAsync()
    {
        await factory.WaitForDemoModelAsync();
        using var op = factory.CreateOperatorClient();
        await BillingFactory.PublishAsync(op, Model, new { type = "per_call", currency = "USD", amount = "0.01" });
    }

    private static Task<HttpResponseMessage> CallAsync(HttpClient client, int i) =>
        client.PostJsonAsync($"/v1/models/{Model}/predict", new { text = $"I was charged twice, case {i}" });

    private static async Task<System.Text.Json.Nodes.JsonNode> PutCapAsync(HttpClient client, string amount) =>
        await (await client.PutAsJsonAsync("/v1/billing/spend-cap", new { amount, currency = "USD" })).ReadJsonAsync(HttpStatusCode.OK);

    [Fact]
    public async Task CapForExactlyNCalls_UnderConcurrency_GivesExactlyNSuccesses_AndResetsNextMonth()
    {
        await PublishAsync();
        var (developer, accountId) = await factory.DeveloperWithBalanceAsync(10_000_000);
        var cap = await PutCapAsync(developer, "0.05");
        Assert.Equal("0.05", (string?)cap["amount"]);
        Assert.Equal("0", (string?)cap["spentThisMonth"]);

        var responses = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => CallAsync(developer, i)));

        Assert.Equal(5, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.Equal(35, responses.Count(r => r.StatusCode == HttpStatusCode.PaymentRequired));
        var problem = await responses.First(r => r.StatusCode == HttpStatusCode.PaymentRequired).AssertProblemAsync(HttpStatusCode.PaymentRequired, "spend-cap-reached");
        Assert.Contains("0.05 USD", (string?)problem["detail"], StringComparison.Ordinal);
        Assert.Contains("2026-06-01T00:00:00Z", (string?)problem["detail"], StringComparison.Ordinal);

        var state = await developer.GetJsonAsync("/v1/billing/spend-cap");
        Assert.Equal("USD", (string?)state["currency"]);
        Assert.Equal("0.05", (string?)state["spentThisMonth"]);
        Assert.Equal("0", (string?)state["remaining"]);
        Assert.Equal("2026-05", (string?)state["period"]);
        Assert.Equal(10_000_000 - 50_000, await factory.WithDbAsync(db => db.Wallets.Where(w => w.AccountId == accountId).Select(w => w.BalanceMicros).SingleAsync()));
        Assert.Equal(5, await factory.WithDbAsync(db => db.UsageEvents.CountAsync(e => e.AccountId == accountId && e.Meter == "calls")));

        // The clock only moves forward; the other tests here do not depend on the month.
        factory.Time.SetUtcNow(BillingFactory.At("2026-06-01T00:00:00Z"));
        var next = await developer.GetJsonAsync("/v1/billing/spend-cap");
        Assert.Equal("2026-06", (string?)next["period"]);
        Assert.Equal("0", (string?)next["spentThisMonth"]);
        Assert.Equal(HttpStatusCode.OK, (await CallAsync(developer, 100)).StatusCode);
        Assert.Equal("0.01", (string?)(await developer.GetJsonAsync("/v1/billing/spend-cap"))["spentThisMonth"]);
    }

    [Fact]
    public async Task UsageUnderTheCap_IsUnaffected_AndRemovingTheCapLiftsIt()
    {
        await PublishAsync();
        var (developer, _) = await factory.DeveloperWithBalanceAsync(1_000_000);
        await PutCapAsync(developer, "0.02");

        Assert.Equal(HttpStatusCode.OK, (await CallAsync(developer, 1)).StatusCode);
        var second = await CallAsync(developer, 2);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal("0.98 USD", second.Headers.GetValues("x-balance-remaining").Single());
        await (await CallAsync(developer, 3)).AssertProblemAsync(HttpStatusCode.PaymentRequired, "spend-cap-reached");

        // Raising the cap counts what was already spent this month.
        var raised = await PutCapAsync(developer, "0.03");
        Assert.Equal("0.02", (string?)raised["spentThisMonth"]);
        Assert.Equal("0.01", (string?)raised["remaining"]);
        Assert.Equal(HttpStatusCode.OK, (await CallAsync(developer, 4)).StatusCode);
        await (await CallAsync(developer, 5)).AssertProblemAsync(HttpStatusCode.PaymentRequired, "spend-cap-reached");

        Assert.Equal(HttpStatusCode.NoContent, (await developer.DeleteAsync(new Uri("/v1/billing/spend-cap", UriKind.Relative))).StatusCode);
        await (await developer.GetAsync(new Uri("/v1/billing/spend-cap", UriKind.Relative))).AssertProblemAsync(HttpStatusCode.NotFound, "spend-cap-not-set");
        Assert.Equal(HttpStatusCode.OK, (await CallAsync(developer, 6)).StatusCode);

        // amount null removes it too.
        await PutCapAsync(developer, "0");
        await (await CallAsync(developer, 7)).AssertProblemAsync(HttpStatusCode.PaymentRequired, "spend-cap-reached");
        Assert.Equal(HttpStatusCode.NoContent, (await developer.PutAsJsonAsync("/v1/billing/spend-cap", new { amount = (string?)null })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await CallAsync(developer, 8)).StatusCode);
    }

    [Fact]
    public async Task FirstTimeCapsSetConcurrently_AllSucceed_AndOneCapRemains()
    {
        var (developer, accountId) = await factory.DeveloperWithBalanceAsync(1_000_000);

        var responses = await Task.WhenAll(Enumerable.Range(1, 8).Select(i => developer.PutAsJsonAsync("/v1/billing/spend-cap", new { amount = $"{i}.00", currency = "USD" })));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(1, await factory.WithDbAsync(db => db.SpendCaps.CountAsync(c => c.AccountId == accountId)));
    }

    [Fact]
    public async Task AnotherOrganisationsCap_IsInvisible_AndDoesNotApply()
    {
        await PublishAsync();
        var (capped, _) = await factory.DeveloperWithBalanceAsync(1_000_000);
        var (other, _) = await factory.DeveloperWithBalanceAsync(1_000_000);
        await PutCapAsync(capped, "0");

        await (await other.GetAsync(new Uri("/v1/billing/spend-cap", UriKind.Relative))).AssertProblemAsync(HttpStatusCode.NotFound, "spend-cap-not-set");
        Assert.Equal(HttpStatusCode.OK, (await CallAsync(other, 1)).StatusCode);
        await (await CallAsync(capped, 1)).AssertProblemAsync(HttpStatusCode.PaymentRequired, "spend-cap-reached");
    }

    [Fact]
    public async Task CallsAdmittedElsewhere_ThatNoLongerFitAtCommit_AreRefusedAndNotRecorded()
    {
        // Admission is per node, so two nodes can both admit the cap's last call; the conditional count at commit
        // lets only one through. Recording directly stands in for the other node's admission.
        var (developer, accountId) = await factory.DeveloperWithBalanceAsync(1_000_000);
        await PutCapAsync(developer, "0.01");
        var recorder = factory.Services.GetRequiredService<UsageRecorder>();
        var provider = Guid.NewGuid();
        UsageRecord Record(string reference) => new(
            [new UsageEvent
            {
                Id = Guid.CreateVersion7(),
                AccountId = accountId,
                KeyId = Guid.NewGuid(),
                IdempotencyKey = reference,
                Meter = "calls",
                Quantity = 1,
                ModelId = Guid.NewGuid(),
                ModelName = "elsewhere",
                ModelVersion = 1,
                ProviderAccountId = accountId,
                OccurredAt = factory.Time.GetUtcNow(),
                ChargedMicros = 10_000,
                Currency = "USD",
            }],
            null,
            new UsageCharge(accountId, accountId, "USD", 10_000));

        var outcomes = await Task.WhenAll(recorder.RecordAsync(Record("srv_a"), default), recorder.RecordAsync(Record("srv_b"), default));

        Assert.Equal([RecordOutcome.Recorded, RecordOutcome.SpendCapReached], outcomes.Order());
        Assert.Equal(1, await factory.WithDbAsync(db => db.UsageEvents.CountAsync(e => e.AccountId == accountId)));
        Assert.Equal(990_000, await factory.WithDbAsync(db => db.Wallets.Where(w => w.AccountId == accountId).Select(w => w.BalanceMicros).SingleAsync()));
        Assert.Equal("0.01", (string?)(await developer.GetJsonAsync("/v1/billing/spend-cap"))["spentThisMonth"]);
    }

    [Theory]
    [InlineData("{\"amount\":\"10\",\"currency\":\"XYZ\"}", "invalid-currency")]
    [InlineData("{\"amount\":\"10\"}", "invalid-currency")]
    [InlineData("{\"amount\":\"-1\",\"currency\":\"USD\"}", "invalid-amount")]
    [InlineData("{\"amount\":\"0.0000001\",\"currency\":\"USD\"}", "invalid-amount")]
    [InlineData("{\"amount\":\"ten\",\"currency\":\"USD\"}", "invalid-amount")]
    [InlineData("{\"amount\":\"1000000001\",\"currency\":\"USD\"}", "invalid-amount")]
    public async Task InvalidCap_IsRefused(string body, string code)
    {
        var (developer, _) = await factory.OrganisationAsync("developer");
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        await (await developer.PutAsync(new Uri("/v1/billing/spend-cap", UriKind.Relative), content)).AssertProblemAsync(HttpStatusCode.BadRequest, code);
        await (await developer.GetAsync(new Uri("/v1/billing/spend-cap", UriKind.Relative))).AssertProblemAsync(HttpStatusCode.NotFound, "spend-cap-not-set");
    }
}
