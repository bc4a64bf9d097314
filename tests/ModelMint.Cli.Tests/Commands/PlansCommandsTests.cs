using System.Net;
using ModelMint.Cli.Tests.Fakes;

namespace ModelMint.Cli.Tests.Commands;

public sealed class PlansCommandsTests
{
    private const string PlanId = "0198b3a1-7c2e-7d4f-9a10-2b3c4d5e6f70";

    private const string ProJson = $$"""
        {"id": "{{PlanId}}", "name": "Pro", "currency": "USD", "monthlyFee": "40",
         "allowances": [{"meter": "calls", "included": 10000, "overagePrice": "0.005", "unitSize": 1}],
         "requestsPerMinute": 600, "unitsPerMinute": null, "maxCallsPerMonth": 50000, "maxUnitsPerMonth": null,
         "createdAt": "2026-04-01T00:00:00Z", "archivedAt": null}
        """;

    private readonly MintHarness _mint = new();

    [Fact]
    public async Task List_ShowsFeeAllowancesAndLimits()
    {
        _mint.Api.OnJson(HttpMethod.Get, "/v1/plans", $$"""{"items": [{{ProJson}}]}""");

        var result = await _mint.RunAsync("plans", "list");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains(PlanId, result.Output, StringComparison.Ordinal);
        Assert.Contains("40 USD", result.Output, StringComparison.Ordinal);
        Assert.Contains("10,000 calls, then 0.005 USD each", result.Output, StringComparison.Ordinal);
        Assert.Contains("600 requests/min, 50,000 calls/month", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Subscribe_PutsThePlanId_AndShowsTheProration()
    {
        _mint.Api.OnJson(HttpMethod.Put, "/v1/billing/plan", $$$"""
            {"plan": {{{ProJson}}}, "startedAt": "2026-04-16T00:00:00Z", "period": "2026-04", "resetsAt": "2026-05-01T00:00:00Z",
             "callsThisMonth": 5, "unitsThisMonth": 120,
             "change": {"fromPlan": "Basic", "toPlan": "Pro", "changedAt": "2026-04-16T00:00:00Z", "fractionRemaining": "0.5",
                        "creditForUnused": "5", "chargeForRemainder": "20", "net": "15"}}
            """);

        var result = await _mint.RunAsync("plans", "subscribe", PlanId);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal($$"""{"planId":"{{PlanId}}"}""", Assert.Single(_mint.Api.Requests).Body);
        Assert.Contains("Subscribed to Pro.", result.Output, StringComparison.Ordinal);
        Assert.Contains("Changed from Basic: 20 USD for the rest of the month, 5 USD credited", result.Output, StringComparison.Ordinal);
        Assert.Contains("5 of 50,000 calls, 120 characters", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_WithoutAPlan_ReportsTheServersProblem()
    {
        _mint.Api.OnProblem(HttpMethod.Get, "/v1/billing/plan", HttpStatusCode.NotFound,
            ContractJson.Problem(404, "plan-not-subscribed", "Not found.", "This organisation has no plan."));

        var result = await _mint.RunAsync("plans", "show");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("This organisation has no plan.", result.Errors, StringComparison.Ordinal);
        Assert.Contains("(code plan-not-subscribed)", result.Errors, StringComparison.Ordinal);
    }
}
