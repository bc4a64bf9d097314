using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using ModelMint.Server.Tests.Billing;
using ModelMint.Server.Tests.Infrastructure;

namespace ModelMint.Server.Tests.Webhooks;

/// <summary>
/// Threshold evaluations are paced by <c>Webhooks:ThresholdInterval</c> on the server's clock: calls committed while the
/// worker waits are evaluated together when the interval has passed, and nothing reached meanwhile is lost.
/// </summary>
public sealed class ThresholdIntervalTests(ThresholdIntervalTests.Factory factory) : IClassFixture<ThresholdIntervalTests.Factory>
{
    public sealed class Factory : BillingFactory
    {
        public Factory()
            : base(At("2026-10-10T00:00:00Z")) => Settings["Webhooks:ThresholdInterval"] = "00:01:00";
    }

    private const string Model = BillingFactory.PerCallModel;

    [Fact]
    public async Task Calls_made_during_the_interval_are_evaluated_once_it_has_passed()
    {
        await factory.WaitForDemoModelAsync();
        using var op = factory.CreateOperatorClient();
        await BillingFactory.PublishAsync(op, Model, new { type = "per_call", currency = "USD", amount = "0.01" });
        var plan = (string)(await (await op.PostJsonAsync("/v1/admin/plans", new { name = "Ten calls", currency = "USD", monthlyFee = "1", maxCallsPerMonth = 10 }))
            .ReadJsonAsync(HttpStatusCode.Created))["id"]!;
        var (developer, accountId) = await factory.DeveloperWithBalanceAsync(10_000_000);
        await (await developer.PutAsJsonAsync("/v1/billing/plan", new { planId = plan })).ReadJsonAsync(HttpStatusCode.OK);
        await (await developer.PostJsonAsync("/v1/webhooks", new { url = "http://127.0.0.1:9/hook", events = new[] { "usage.threshold" } })).ReadJsonAsync(HttpStatusCode.Created);

        // The first call is evaluated at once (10 %: nothing to publish); the worker then waits a minute of server time.
        await BillingFactory.PredictAsync(developer, Model, new { text = "cancel my order, case 0" });
        await Task.Delay(TimeSpan.FromSeconds(2));
        for (var i = 1; i < 8; i++)
        {
            await BillingFactory.PredictAsync(developer, Model, new { text = $"cancel my order, case {i}" });
        }

        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Empty(await LimitEventsAsync(accountId));

        factory.Time.Advance(TimeSpan.FromMinutes(1));
        List<string> events = [];
        for (var i = 0; i < 100 && events.Count < 2; i++)
        {
            await Task.Delay(100);
            events = await LimitEventsAsync(accountId);
        }

        Assert.Equal(["plan-quota-calls:50", "plan-quota-calls:80"], events);
    }

    private Task<List<string>> LimitEventsAsync(Guid accountId) => factory.WithDbAsync(async db =>
        (await db.WebhookDeliveries.AsNoTracking()
            .Where(d => d.AccountId == accountId && d.EventType == "usage.threshold")
            .OrderBy(d => d.Id).Select(d => d.PayloadJson).ToListAsync())
        .Select(p => JsonNode.Parse(p)!["data"]!)
        .Select(d => $"{(string?)d["limit"]}:{(int)d["percent"]!}")
        .ToList());
}
