using System.Net;
using Microsoft.EntityFrameworkCore;
using ModelMint.Server.Tests.Billing;
using ModelMint.Server.Tests.Infrastructure;

namespace ModelMint.Server.Tests.Gateway;

/// <summary>A gateway server that also serves the demo model, so model calls and gateway calls can share a plan.</summary>
public sealed class GatewayPlanFactory : GatewayFactory
{
    public GatewayPlanFactory() => Settings["Bootstrap:DemoModel"] = "true";
}

/// <summary>
/// An organisation's plan holds for gateway calls as for model calls: the monthly call quota is exact under
/// concurrency and shared with model calls, the plan's requests per minute is one bucket for both, refusals are
/// OpenAI-shaped, the character quota and characters per minute do not apply to tokens, and a call the quota admitted
/// is recorded and charged even when other nodes used up the quota before it settled.
/// </summary>
public sealed class GatewayPlanTests(GatewayPlanFactory factory) : IClassFixture<GatewayPlanFactory>
{
    private const string ModelCall = $"/v1/models/{BillingFactory.PerCallModel}/predict";
    private const string Chat = "/openai/v1/chat/completions";

    [Fact]
    public async Task MonthlyCallQuotaOfN_LetsExactlyNConcurrentGatewayCallsThrough_AndRefusesTheRestOpenAiShaped()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        var model = await SellAsync(upstream);
        var (client, accountId) = await SubscribedDeveloperAsync(new { name = GatewayFactory.Unique("quota"), currency = "USD", monthlyFee = "0", maxCallsPerMonth = 5 });

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => client.PostJsonAsync(Chat, GatewayFactory.Chat(model, maxTokens: 3, stream: i % 2 == 0))));

        Assert.Equal(5, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.Equal(15, responses.Count(r => r.StatusCode == HttpStatusCode.TooManyRequests));
        var refused = responses.First(r => r.StatusCode == HttpStatusCode.TooManyRequests);
        var message = await GatewayFactory.AssertOpenAiErrorAsync(refused, HttpStatusCode.TooManyRequests, "insufficient_quota", "quota_exceeded");
        Assert.Contains("at most 5 calls per month", message, StringComparison.Ordinal);
        Assert.Contains("2026-04-01T00:00:00Z", message, StringComparison.Ordinal);
        Assert.Contains("PUT /v1/billing/plan", message, StringComparison.Ordinal);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.FromDays(20), $"Retry-After {refused.Headers.RetryAfter}");
        Assert.Equal(5, upstream.Chats());

        await factory.CallsAsync(accountId, 5);
        Assert.Equal((5L, 0L), await CountedAsync(accountId));
        Assert.Equal(5, (long)(await client.GetJsonAsync("/v1/billing/plan"))["callsThisMonth"]!);
        await GatewayFactory.AssertOpenAiErrorAsync(await client.PostJsonAsync(Chat, GatewayFactory.Chat(model)), HttpStatusCode.TooManyRequests, "insufficient_quota", "quota_exceeded");
        Assert.Equal(5, upstream.Chats());
        Assert.Equal(5, (await factory.CallsAsync(accountId, 5)).Count);
    }

    [Fact]
    public async Task ModelCallsAndGatewayCalls_CountAgainstTheSameMonthlyQuota()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        var model = await SellAsync(upstream);
        var (client, accountId) = await SubscribedDeveloperAsync(new { name = GatewayFactory.Unique("shared"), currency = "USD", monthlyFee = "0", maxCallsPerMonth = 3 });

        Assert.Equal(HttpStatusCode.OK, (await client.PostJsonAsync(ModelCall, new { text = "please reset my password" })).StatusCode);
        await (await client.PostJsonAsync(Chat, GatewayFactory.Chat(model))).ReadJsonAsync(HttpStatusCode.OK);
        await factory.CallsAsync(accountId, 1);
        Assert.Equal(HttpStatusCode.OK, (await client.PostJsonAsync(ModelCall, new { text = "where is my parcel" })).StatusCode);

        await GatewayFactory.AssertOpenAiErrorAsync(await client.PostJsonAsync(Chat, GatewayFactory.Chat(model)), HttpStatusCode.TooManyRequests, "insufficient_quota", "quota_exceeded");
        await (await client.PostJsonAsync(ModelCall, new { text = "cancel my order" })).AssertProblemAsync(HttpStatusCode.TooManyRequests, "quota-exceeded");
        Assert.Equal((3L, "please reset my password".Length + "where is my parcel".Length), await CountedAsync(accountId));
        Assert.Equal(1, upstream.Chats());
    }

    [Fact]
    public async Task PlanRequestsPerMinute_IsOneBucketForGatewayAndModelCalls()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        var model = await SellAsync(upstream);
        var plan = GatewayFactory.Unique("rpm");
        var (client, _) = await SubscribedDeveloperAsync(new { name = plan, currency = "USD", monthlyFee = "0", requestsPerMinute = 2 });
        // Start of a fresh minute, so the two calls cannot straddle windows.
        factory.Time.Advance(TimeSpan.FromMinutes(1) - TimeSpan.FromTicks(factory.Time.GetUtcNow().Ticks % TimeSpan.TicksPerMinute));

        var first = await client.PostJsonAsync(Chat, GatewayFactory.Chat(model));
        await first.ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("2", first.Headers.GetValues("x-ratelimit-limit-requests").Single());
        Assert.Equal("1", first.Headers.GetValues("x-ratelimit-remaining-requests").Single());
        Assert.Equal(HttpStatusCode.OK, (await client.PostJsonAsync(ModelCall, new { text = "please reset my password" })).StatusCode);

        var refused = await client.PostJsonAsync(Chat, GatewayFactory.Chat(model));
        var message = await GatewayFactory.AssertOpenAiErrorAsync(refused, HttpStatusCode.TooManyRequests, "rate_limit_error", "rate_limit_exceeded");
        Assert.Contains($"plan '{plan}' allows 2 requests per minute across all its keys", message, StringComparison.Ordinal);
        Assert.Contains("PUT /v1/billing/plan", message, StringComparison.Ordinal);
        Assert.NotNull(refused.Headers.RetryAfter);
        Assert.Equal("0", refused.Headers.GetValues("x-ratelimit-remaining-requests").Single());
        await (await client.PostJsonAsync(ModelCall, new { text = "where is my parcel" })).AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate-limit-exceeded");
        Assert.Equal(1, upstream.Chats());

        factory.Time.Advance(TimeSpan.FromMinutes(1));
        await (await client.PostJsonAsync(Chat, GatewayFactory.Chat(model))).ReadJsonAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task CharacterQuotaAndCharactersPerMinute_DoNotApplyToGatewayCalls_ButEachCountsOneCall()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        var model = await SellAsync(upstream);
        var (client, accountId) = await SubscribedDeveloperAsync(new { name = GatewayFactory.Unique("chars"), currency = "USD", monthlyFee = "0", unitsPerMinute = 1, maxUnitsPerMonth = 0 });

        for (var i = 0; i < 4; i++)
        {
            await (await client.PostJsonAsync(Chat, GatewayFactory.Chat(model, maxTokens: 50))).ReadJsonAsync(HttpStatusCode.OK);
        }

        await factory.CallsAsync(accountId, 4);
        Assert.Equal((4L, 0L), await CountedAsync(accountId));
        await (await client.PostJsonAsync(ModelCall, new { text = "please reset my password" })).AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate-limit-exceeded");
    }

    [Fact]
    public async Task OrganisationWithoutAPlan_IsNotLimitedOrCounted()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        var model = await SellAsync(upstream);
        // A neighbour's tight plan does not reach this organisation.
        await SubscribedDeveloperAsync(new { name = GatewayFactory.Unique("tight"), currency = "USD", monthlyFee = "0", requestsPerMinute = 1, maxCallsPerMonth = 0 });
        var (client, _, accountId) = await factory.DeveloperAsync(10_000_000);

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => client.PostJsonAsync(Chat, GatewayFactory.Chat(model))));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(8, (await factory.CallsAsync(accountId, 8)).Count);
        Assert.False(await factory.DbAsync(db => db.PlanQuotaCounters.AnyAsync(c => c.AccountId == accountId)));
    }

    [Fact]
    public async Task CallsRefusedOrFailed_BeforeAnAnswer_GiveTheirQuotaHoldBack()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        var model = await SellAsync(upstream);
        var (client, accountId) = await SubscribedDeveloperAsync(new { name = GatewayFactory.Unique("one"), currency = "USD", monthlyFee = "0", maxCallsPerMonth = 1 }, balanceMicros: 100);

        // The hold for 4096 output tokens at 2 USD per million does not fit 100 micro-units: 402 after the quota was reserved.
        await GatewayFactory.AssertOpenAiErrorAsync(await client.PostJsonAsync(Chat, GatewayFactory.Chat(model, maxTokens: 4096)), HttpStatusCode.PaymentRequired, "insufficient_quota", "insufficient_balance");
        upstream.FailWith = 500;
        Assert.Equal(HttpStatusCode.BadGateway, (await client.PostJsonAsync(Chat, GatewayFactory.Chat(model, maxTokens: 1))).StatusCode);
        upstream.FailWith = 400;
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostJsonAsync(Chat, GatewayFactory.Chat(model, maxTokens: 1))).StatusCode);
        upstream.FailWith = 0;

        await (await client.PostJsonAsync(Chat, GatewayFactory.Chat(model, maxTokens: 1))).ReadJsonAsync(HttpStatusCode.OK);
        await GatewayFactory.AssertOpenAiErrorAsync(await client.PostJsonAsync(Chat, GatewayFactory.Chat(model, maxTokens: 1)), HttpStatusCode.TooManyRequests, "insufficient_quota", "quota_exceeded");
        await factory.CallsAsync(accountId, 1);
        Assert.Equal((1L, 0L), await CountedAsync(accountId));
    }

    [Fact]
    public async Task ACallTheQuotaAdmitted_IsRecordedAndCharged_EvenWhenOtherNodesUsedUpTheQuotaBeforeItSettled()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        var model = await SellAsync(upstream);
        var (client, accountId) = await SubscribedDeveloperAsync(new { name = GatewayFactory.Unique("race"), currency = "USD", monthlyFee = "0", maxCallsPerMonth = 2 });
        var month = factory.Time.GetUtcNow().ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        upstream.ResponseDelay = TimeSpan.FromMilliseconds(500);

        var streamed = client.PostJsonAsync(Chat, GatewayFactory.Chat(model, maxTokens: 4, stream: true));
        for (var i = 0; i < 100 && upstream.Chats() == 0; i++)
        {
            await Task.Delay(20);
        }

        // Meanwhile another node commits two calls of this organisation: the counter reaches the quota.
        await factory.DbAsync(async db =>
        {
            db.PlanQuotaCounters.Add(new Data.Billing.PlanQuotaCounter { AccountId = accountId, Month = month, Calls = 2, Units = 0 });
            return await db.SaveChangesAsync();
        });
        var response = await streamed;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("hello", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var call = Assert.Single(await factory.CallsAsync(accountId, 1));
        Assert.Equal(4, call.OutputTokens);
        Assert.True(call.RevenueMicros > 0);
        Assert.Equal(10_000_000 - call.RevenueMicros, await factory.BalanceAsync(accountId));
        Assert.Equal((3L, 0L), await CountedAsync(accountId));
        upstream.ResponseDelay = TimeSpan.Zero;
        await GatewayFactory.AssertOpenAiErrorAsync(await client.PostJsonAsync(Chat, GatewayFactory.Chat(model)), HttpStatusCode.TooManyRequests, "insufficient_quota", "quota_exceeded");
    }

    private async Task<string> SellAsync(FakeUpstream upstream)
    {
        var model = GatewayFactory.Unique("chat");
        await factory.SellAsync(model);
        await factory.AddChannelAsync(model, upstream.BaseUrl);
        return model;
    }

    /// <summary>A new developer organisation with a USD balance, subscribed to a new plan; the demo model is priced per call.</summary>
    private async Task<(HttpClient Client, Guid AccountId)> SubscribedDeveloperAsync(object plan, long balanceMicros = 10_000_000)
    {
        using var op = factory.CreateOperatorClient();
        await WaitForDemoModelAsync(op);
        await BillingFactory.PublishAsync(op, BillingFactory.PerCallModel, new { type = "per_call", currency = "USD", amount = "0.001" });
        var planId = (string)(await (await op.PostJsonAsync("/v1/admin/plans", plan)).ReadJsonAsync(HttpStatusCode.Created))["id"]!;
        var (client, _, accountId) = await factory.DeveloperAsync(balanceMicros);
        await (await client.PutAsJsonAsync("/v1/billing/plan", new { planId })).ReadJsonAsync(HttpStatusCode.OK);
        return (client, accountId);
    }

    private static async Task WaitForDemoModelAsync(HttpClient op)
    {
        for (var i = 0; i < 1200; i++)
        {
            if ((await op.GetJsonAsync("/v1/models"))["items"]!.AsArray().Any(m => (string?)m!["name"] == BillingFactory.PerCallModel))
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail("the demo model was not trained");
    }

    /// <summary>This month's <c>plan_quota_counters</c> row of the organisation: calls and characters counted at commit.</summary>
    private Task<(long Calls, long Units)> CountedAsync(Guid accountId) =>
        factory.DbAsync(async db =>
        {
            var counter = await db.PlanQuotaCounters.AsNoTracking().SingleAsync(c => c.AccountId == accountId);
            return (counter.Calls, counter.Units);
        });
}
