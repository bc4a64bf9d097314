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
        var (developer, accountId) = await TenCallPlan.SubscribeAsync(factory);

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
