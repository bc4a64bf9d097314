using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using ModelMint.Server.Tests.Billing;
using ModelMint.Server.Tests.Infrastructure;

namespace ModelMint.Server.Tests.Webhooks;

/// <summary>
/// <c>usage.threshold</c> for monthly limits beside the balance ones: 50, 80 and 100 % of a plan's call quota and of
/// the spend cap, each once per month and quota.
/// </summary>
public sealed class LimitThresholdTests(LimitThresholdTests.Factory factory) : IClassFixture<LimitThresholdTests.Factory>
{
    /// <summary>Deliveries are enqueued and inspected; with the clock frozen the dispatcher sends nothing.</summary>
    public sealed class Factory() : BillingFactory(At("2026-10-10T00:00:00Z"));

    private const string Model = BillingFactory.PerCallModel;

    [Fact]
    public async Task PlanQuotaAndSpendCap_Reaching50_80And100Percent_EachPublishOnce()
    {
        var (developer, accountId) = await TenCallPlan.SubscribeAsync(factory);
        await (await developer.PutAsJsonAsync("/v1/billing/spend-cap", new { amount = "0.20", currency = "USD" })).ReadJsonAsync(HttpStatusCode.OK);

        for (var i = 0; i < 8; i++)
        {
            await BillingFactory.PredictAsync(developer, Model, new { text = $"cancel my order, case {i}" });
        }

        // 8 of 10 calls (80 %) and 0.08 of 0.20 spent (40 %).
        var events = await EventuallyAsync(accountId, 2);
        Assert.Equal(["plan-quota-calls:50", "plan-quota-calls:80"], events.Select(e => $"{(string?)e["limit"]}:{(int)e["percent"]!}"));
        Assert.Equal(("8", "10", "Ten calls", "2026-10"), ((string?)events[1]["used"], (string?)events[1]["quota"], (string?)events[1]["plan"], (string?)events[1]["period"]));

        for (var i = 8; i < 12; i++)
        {
            await CallAsync(developer, i);
        }

        // 10 calls succeeded (100 % of the quota, 0.10 = 50 % of the cap); the rest were refused and change nothing.
        events = await EventuallyAsync(accountId, 4);
        Assert.Equal(["plan-quota-calls:100", "plan-quota-calls:50", "plan-quota-calls:80", "spend-cap:50"],
            events.Select(e => $"{(string?)e["limit"]}:{(int)e["percent"]!}").Order(StringComparer.Ordinal));
        var cap = events.Single(e => (string?)e["limit"] == "spend-cap");
        Assert.Equal(("0.1", "0.2", "USD"), ((string?)cap["used"], (string?)cap["quota"], (string?)cap["currency"]));
    }

    private static async Task CallAsync(HttpClient client, int i) =>
        await client.PostJsonAsync($"/v1/models/{Model}/predict", new { text = $"cancel my order, case {i}" });

    /// <summary>The limit events enqueued for the organisation, oldest first, once there are <paramref name="count"/>.</summary>
    private async Task<List<JsonNode>> EventuallyAsync(Guid accountId, int count)
    {
        for (var i = 0; ; i++)
        {
            var payloads = await factory.WithDbAsync(db => db.WebhookDeliveries.AsNoTracking()
                .Where(d => d.AccountId == accountId && d.EventType == "usage.threshold")
                .OrderBy(d => d.Id).Select(d => d.PayloadJson).ToListAsync());
            var data = payloads.Select(p => JsonNode.Parse(p)!["data"]!).Where(d => (string?)d["limit"] != "balance").ToList();
            if (data.Count >= count || i == 100)
            {
                Assert.Equal(count, data.Count);
                return data;
            }

            await Task.Delay(100);
        }
    }
}
