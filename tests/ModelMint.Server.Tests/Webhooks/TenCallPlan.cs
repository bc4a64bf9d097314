using System.Net;
using ModelMint.Server.Tests.Billing;
using ModelMint.Server.Tests.Infrastructure;

namespace ModelMint.Server.Tests.Webhooks;

/// <summary>The setup of the limit-threshold tests: a priced model, a developer on a plan of ten calls a month, listening.</summary>
internal static class TenCallPlan
{
    public const string Model = BillingFactory.PerCallModel;

    /// <summary>
    /// The demo model at 0.01 USD a call; a developer with a balance, subscribed to a plan of 10 calls a month, with a
    /// <c>usage.threshold</c> webhook (enqueued deliveries are inspected; nothing listens at its address).
    /// </summary>
    public static async Task<(HttpClient Developer, Guid AccountId)> SubscribeAsync(BillingFactory factory)
    {
        await factory.WaitForDemoModelAsync();
        using var op = factory.CreateOperatorClient();
        await BillingFactory.PublishAsync(op, Model, new { type = "per_call", currency = "USD", amount = "0.01" });
        var plan = (string)(await (await op.PostJsonAsync("/v1/admin/plans", new { name = "Ten calls", currency = "USD", monthlyFee = "1", maxCallsPerMonth = 10 }))
            .ReadJsonAsync(HttpStatusCode.Created))["id"]!;
        var (developer, accountId) = await factory.DeveloperWithBalanceAsync(10_000_000);
        await (await developer.PutAsJsonAsync("/v1/billing/plan", new { planId = plan })).ReadJsonAsync(HttpStatusCode.OK);
        await (await developer.PostJsonAsync("/v1/webhooks", new { url = "http://127.0.0.1:9/hook", events = new[] { "usage.threshold" } })).ReadJsonAsync(HttpStatusCode.Created);
        return (developer, accountId);
    }
}
