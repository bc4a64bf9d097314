using System.Net;
using System.Text.Json.Nodes;
using ModelMint.Server.Tests.Infrastructure;

namespace ModelMint.Server.Tests.Billing;

/// <summary>
/// April 2026 (30 days) with subscription plans: a developer starts the month on Basic (10 USD, 5 calls included,
/// 0.01 USD per call over), moves to Pro (40 USD, 10 calls included, 0.005 USD per call over) at 16 April 00:00 —
/// exactly half the month — and calls a priced model 15 times; another cancels half-way. The invoices carry the fee,
/// the proration line and credit, the overage and the prepaid usage, to the cent.
/// </summary>
public sealed class PlanInvoiceTests(PlanInvoiceTests.Factory factory) : IClassFixture<PlanInvoiceTests.Factory>
{
    public sealed class Factory() : BillingFactory(At("2026-04-01T00:00:00Z"));

    private const string Model = BillingFactory.PerCallModel;

    private static async Task<string> CreatePlanAsync(HttpClient op, object plan) =>
        (string)(await (await op.PostJsonAsync("/v1/admin/plans", plan)).ReadJsonAsync(HttpStatusCode.Created))["id"]!;

    private static async Task<JsonNode> SubscribeAsync(HttpClient client, string planId) =>
        await (await client.PutAsJsonAsync("/v1/billing/plan", new { planId })).ReadJsonAsync(HttpStatusCode.OK);

    private static async Task CallAsync(HttpClient client, int n)
    {
        for (var i = 0; i < n; i++)
        {
            await BillingFactory.PredictAsync(client, Model, new { text = $"my parcel never arrived, case {i}" });
        }
    }

    [Fact]
    public async Task PlanChangedMidMonth_InvoiceHasFeeProrationOverageAndUsage_ToTheCent()
    {
        await factory.WaitForDemoModelAsync();
        using var op = factory.CreateOperatorClient();
        await BillingFactory.PublishAsync(op, Model, new { type = "per_call", currency = "USD", amount = "0.002" });
        var basic = await CreatePlanAsync(op, new { name = "Basic", currency = "USD", monthlyFee = "10", allowances = new[] { new { meter = "calls", included = 5, overagePrice = "0.01" } } });
        var pro = await CreatePlanAsync(op, new { name = "Pro", currency = "USD", monthlyFee = "40", allowances = new[] { new { meter = "calls", included = 10, overagePrice = "0.005" } } });
        var (developer, developerId) = await factory.DeveloperWithBalanceAsync(1_000_000);
        var (quitter, quitterId) = await factory.DeveloperWithBalanceAsync(1_000_000);

        var subscribed = await SubscribeAsync(developer, basic);
        Assert.Equal("Basic", (string?)subscribed["plan"]!["name"]);
        Assert.Null(subscribed["change"]);
        await SubscribeAsync(quitter, pro);
        await CallAsync(developer, 5);

        factory.Time.SetUtcNow(BillingFactory.At("2026-04-16T00:00:00Z"));
        var changed = await SubscribeAsync(developer, pro);
        Assert.Equal("Pro", (string?)changed["plan"]!["name"]);
        Assert.Equal("0.5", (string?)changed["change"]!["fractionRemaining"]);
        Assert.Equal("5", (string?)changed["change"]!["creditForUnused"]);
        Assert.Equal("20", (string?)changed["change"]!["chargeForRemainder"]);
        Assert.Equal("15", (string?)changed["change"]!["net"]);
        Assert.Equal(5, (long)changed["callsThisMonth"]!);
        Assert.Equal(HttpStatusCode.NoContent, (await quitter.DeleteAsync(new Uri("/v1/billing/plan", UriKind.Relative))).StatusCode);
        await (await quitter.GetAsync(new Uri("/v1/billing/plan", UriKind.Relative))).AssertProblemAsync(HttpStatusCode.NotFound, "plan-not-subscribed");
        await CallAsync(developer, 10);

        factory.Time.SetUtcNow(BillingFactory.At("2026-05-01T02:00:00Z"));
        await BillingFactory.RunBillingAsync(op, "2026-04");

        var invoice = await InvoiceAsync(developer);
        var lines = invoice["lines"]!.AsArray();
        Assert.Equal(["Basic: monthly fee", "Pro: fee from 2026-04-16 00:00Z (changed from Basic)", "Pro: calls", $"{Model} — calls"], lines.Select(l => (string)l!["description"]!));
        Assert.Equal(["10.00", "20.00", "0.03", "0.03"], lines.Select(l => (string)l!["amount"]!));
        Assert.Equal(15, (long)lines[2]!["quantity"]!);
        Assert.Null((string?)lines[0]!["model"]);
        var credits = invoice["credits"]!.AsArray();
        Assert.Equal(["prepaid", "credit-note"], credits.Select(c => (string)c!["kind"]!));
        Assert.Equal(["0.03", "5.00"], credits.Select(c => (string)c!["applied"]!));
        Assert.Equal("30.06", (string?)invoice["subtotal"]);
        Assert.Equal("25.03", (string?)invoice["total"]);

        // Pro from 1 April, cancelled on the 16th: the fee, less the unused half as a credit note.
        var cancelled = await InvoiceAsync(quitter);
        Assert.Equal(["Pro: monthly fee", "Pro: calls"], cancelled["lines"]!.AsArray().Select(l => (string)l!["description"]!));
        Assert.Equal(["40.00", "0.00"], cancelled["lines"]!.AsArray().Select(l => (string)l!["amount"]!));
        Assert.Equal("20.00", (string?)cancelled["total"]);

        var check = await op.GetJsonAsync("/v1/admin/ledger/check?period=2026-04");
        Assert.True((bool)check["balanced"]!, check.ToJsonString());
        Assert.NotEqual(developerId, quitterId);
    }

    [Fact]
    public async Task PlanErrors_SayWhatWasWrong_AndArchivedPlansTakeNoNewSubscribers()
    {
        using var op = factory.CreateOperatorClient();
        await (await op.PostJsonAsync("/v1/admin/plans", new { name = "", currency = "USD", monthlyFee = "1" })).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid-plan-name");
        await (await op.PostJsonAsync("/v1/admin/plans", new { name = "X", currency = "XXX", monthlyFee = "1" })).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid-currency");
        await (await op.PostJsonAsync("/v1/admin/plans", new { name = "X", currency = "USD", monthlyFee = "1.0000001" })).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid-amount");
        await (await op.PostJsonAsync("/v1/admin/plans", new { name = "X", currency = "USD", monthlyFee = "1", allowances = new[] { new { meter = "tokens", included = 1, overagePrice = "0.1" } } }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "invalid-allowance");
        await (await op.PostJsonAsync("/v1/admin/plans", new { name = "X", currency = "USD", monthlyFee = "1", requestsPerMinute = 0 })).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid-plan-limits");
        var id = await CreatePlanAsync(op, new { name = "Legacy", currency = "USD", monthlyFee = "1" });
        await (await op.PostJsonAsync("/v1/admin/plans", new { name = "Legacy", currency = "USD", monthlyFee = "2" })).AssertProblemAsync(HttpStatusCode.Conflict, "plan-name-taken");

        var (developer, _) = await factory.OrganisationAsync("developer");
        await (await developer.PostJsonAsync("/v1/admin/plans", new { name = "Mine", currency = "USD", monthlyFee = "0" })).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden-role");
        await (await developer.PutAsJsonAsync("/v1/billing/plan", new { planId = Guid.NewGuid() })).AssertProblemAsync(HttpStatusCode.NotFound, "plan-not-found");
        await (await developer.PutAsJsonAsync("/v1/billing/plan", new { })).AssertProblemAsync(HttpStatusCode.BadRequest, "plan-id-required");
        Assert.Contains((await developer.GetJsonAsync("/v1/plans"))["items"]!.AsArray(), p => (string?)p!["id"] == id);

        await (await op.PostJsonAsync($"/v1/admin/plans/{id}/archive", new { })).ReadJsonAsync(HttpStatusCode.OK);
        Assert.DoesNotContain((await developer.GetJsonAsync("/v1/plans"))["items"]!.AsArray(), p => (string?)p!["id"] == id);
        await (await developer.PutAsJsonAsync("/v1/billing/plan", new { planId = id })).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "plan-archived");
    }

    private static async Task<JsonNode> InvoiceAsync(HttpClient client)
    {
        var id = (string)(await client.GetJsonAsync("/v1/invoices"))["items"]!.AsArray().Single(i => (string?)i!["period"]!["month"] == "2026-04")!["id"]!;
        return await client.GetJsonAsync($"/v1/invoices/{id}");
    }
}
