using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ModelMint.Data.Usage;
using ModelMint.Server.Billing;
using ModelMint.Server.Tests.Infrastructure;
using ModelMint.Server.Usage;

namespace ModelMint.Server.Tests.Billing;

/// <summary>
/// Plan-level limits: a monthly call quota is hard under concurrency (exactly N successes, the rest 429
/// quota-exceeded), is checked again at commit, resets with the month; a plan's per-minute rate limit holds across
/// all the organisation's keys beside each key's own limit.
/// </summary>
public sealed class PlanLimitTests(PlanLimitTests.Factory factory) : IClassFixture<PlanLimitTests.Factory>
{
    public sealed class Factory() : BillingFactory(At("2026-07-20T12:00:00Z"));

    private const string Model = BillingFactory.PerCallModel;

    private async Task<HttpClient> OperatorWithPublishedModelAsync()
    {
        await factory.WaitForDemoModelAsync();
        var op = factory.CreateOperatorClient();
        await BillingFactory.PublishAsync(op, Model, new { type = "per_call", currency = "USD", amount = "0.001" });
        return op;
    }

    private static async Task<string> CreatePlanAsync(HttpClient op, object plan) =>
        (string)(await (await op.PostJsonAsync("/v1/admin/plans", plan)).ReadJsonAsync(HttpStatusCode.Created))["id"]!;

    private static Task<HttpResponseMessage> CallAsync(HttpClient client, int i) =>
        client.PostJsonAsync($"/v1/models/{Model}/predict", new { text = $"please reset my password, case {i}" });

    [Fact]
    public async Task QuotaForExactlyNCalls_UnderConcurrency_GivesExactlyNSuccesses_AndResetsNextMonth()
    {
        using var op = await OperatorWithPublishedModelAsync();
        var plan = await CreatePlanAsync(op, new { name = "Quota 7", currency = "USD", monthlyFee = "5", maxCallsPerMonth = 7 });
        var (developer, accountId) = await factory.DeveloperWithBalanceAsync(10_000_000);
        await (await developer.PutAsJsonAsync("/v1/billing/plan", new { planId = plan })).ReadJsonAsync(HttpStatusCode.OK);

        var responses = await Task.WhenAll(Enumerable.Range(0, 60).Select(i => CallAsync(developer, i)));

        Assert.Equal(7, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.Equal(53, responses.Count(r => r.StatusCode == HttpStatusCode.TooManyRequests));
        var refused = responses.First(r => r.StatusCode == HttpStatusCode.TooManyRequests);
        var problem = await refused.AssertProblemAsync(HttpStatusCode.TooManyRequests, "quota-exceeded");
        Assert.Equal("https://modelmint.dev/problems/quota-exceeded", (string?)problem["type"]);
        Assert.Contains("Quota 7", (string?)problem["detail"], StringComparison.Ordinal);
        Assert.Contains("2026-08-01T00:00:00Z", (string?)problem["detail"], StringComparison.Ordinal);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.FromDays(11));
        Assert.Equal(7, await factory.WithDbAsync(db => db.UsageEvents.CountAsync(e => e.AccountId == accountId && e.Meter == "calls")));
        Assert.Equal(10_000_000 - 7_000, await factory.WithDbAsync(db => db.Wallets.Where(w => w.AccountId == accountId).Select(w => w.BalanceMicros).SingleAsync()));
        Assert.Equal(7, (long)(await developer.GetJsonAsync("/v1/billing/plan"))["callsThisMonth"]!);

        // The clock only moves forward; the other tests here do not depend on the month.
        factory.Time.SetUtcNow(BillingFactory.At("2026-08-01T00:00:00Z"));
        Assert.Equal(HttpStatusCode.OK, (await CallAsync(developer, 100)).StatusCode);
        Assert.Equal(1, (long)(await developer.GetJsonAsync("/v1/billing/plan"))["callsThisMonth"]!);
    }

    [Fact]
    public async Task CharacterQuota_RefusesTheCallThatWouldCrossIt_AndCountsOnlyWhatWasServed()
    {
        using var op = await OperatorWithPublishedModelAsync();
        var plan = await CreatePlanAsync(op, new { name = "Fifty characters", currency = "USD", monthlyFee = "0", maxUnitsPerMonth = 50 });
        var (developer, _) = await factory.DeveloperWithBalanceAsync(1_000_000);
        await (await developer.PutAsJsonAsync("/v1/billing/plan", new { planId = plan })).ReadJsonAsync(HttpStatusCode.OK);
        var thirty = new string('a', 25) + " film";

        Assert.Equal(HttpStatusCode.OK, (await developer.PostJsonAsync($"/v1/models/{Model}/predict", new { text = thirty })).StatusCode);
        var refused = await (await developer.PostJsonAsync($"/v1/models/{Model}/predict", new { text = thirty })).AssertProblemAsync(HttpStatusCode.TooManyRequests, "quota-exceeded");
        Assert.Contains("at most 50 characters per month", (string?)refused["detail"], StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await developer.PostJsonAsync($"/v1/models/{Model}/predict", new { text = "short" })).StatusCode);

        var current = await developer.GetJsonAsync("/v1/billing/plan");
        Assert.Equal((2L, 35L), ((long)current["callsThisMonth"]!, (long)current["unitsThisMonth"]!));
    }

    [Fact]
    public async Task CallsAdmittedElsewhere_ThatNoLongerFitTheQuotaAtCommit_AreRefusedAndNotRecorded()
    {
        var (_, accountId) = await factory.OrganisationAsync("developer");
        var recorder = factory.Services.GetRequiredService<UsageRecorder>();
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
            }],
            null,
            Quota: new QuotaUse(accountId, 1, 40, 2, long.MaxValue));

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 5).Select(i => recorder.RecordAsync(Record($"node-{i}"), CancellationToken.None)));

        Assert.Equal(2, outcomes.Count(o => o == RecordOutcome.Recorded));
        Assert.Equal(3, outcomes.Count(o => o == RecordOutcome.QuotaExceeded));
        Assert.Equal(2, await factory.WithDbAsync(db => db.UsageEvents.CountAsync(e => e.AccountId == accountId)));
        Assert.Equal((2L, 80L), await factory.WithDbAsync(db => db.PlanQuotaCounters.Where(c => c.AccountId == accountId).Select(c => new { c.Calls, c.Units }).SingleAsync().ContinueWith(t => (t.Result.Calls, t.Result.Units))));
    }

    [Fact]
    public async Task PlanRateLimit_HoldsAcrossAllKeysOfTheOrganisation_BesideEachKeysOwnLimit()
    {
        using var op = await OperatorWithPublishedModelAsync();
        var plan = await CreatePlanAsync(op, new { name = "Three a minute", currency = "USD", monthlyFee = "0", requestsPerMinute = 3 });
        var (first, _) = await factory.DeveloperWithBalanceAsync(1_000_000);
        await (await first.PutAsJsonAsync("/v1/billing/plan", new { planId = plan })).ReadJsonAsync(HttpStatusCode.OK);
        var created = await (await first.PostJsonAsync("/v1/keys", new { name = "second", requestsPerMinute = 100 })).ReadJsonAsync(HttpStatusCode.Created);
        using var second = factory.CreateClientWithKey((string)created["key"]!);

        var ok = await CallAsync(first, 1);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal("3", ok.Headers.GetValues("x-ratelimit-limit-requests").Single());
        Assert.Equal("2", ok.Headers.GetValues("x-ratelimit-remaining-requests").Single());
        Assert.Equal(HttpStatusCode.OK, (await CallAsync(second, 2)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await CallAsync(first, 3)).StatusCode);

        var refused = await CallAsync(second, 4);
        var problem = await refused.AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate-limit-exceeded");
        Assert.Contains("plan 'Three a minute' allows 3 requests per minute across all its keys", (string?)problem["detail"], StringComparison.Ordinal);
        Assert.NotNull(refused.Headers.RetryAfter);
        Assert.Equal("0", refused.Headers.GetValues("x-ratelimit-remaining-requests").Single());

        // Another organisation without the plan is not limited by it.
        var (other, _) = await factory.DeveloperWithBalanceAsync(1_000_000);
        Assert.Equal(HttpStatusCode.OK, (await CallAsync(other, 5)).StatusCode);

        // Cancelling the plan lifts its limit at once on this node.
        Assert.Equal(HttpStatusCode.NoContent, (await first.DeleteAsync(new Uri("/v1/billing/plan", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await CallAsync(second, 6)).StatusCode);
    }
}
