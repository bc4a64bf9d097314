using System.Net;
using ModelMint.Server.Tests.Billing;
using ModelMint.Server.Tests.Infrastructure;

namespace ModelMint.Server.Tests.Usage;

/// <summary>
/// The usage report's default window ends now, and reads hourly rollups up to the hour that contains now: in the first
/// second of an hour too, when now is past the hour by a fraction of a second.
/// </summary>
public sealed class UsageWindowTests(UsageWindowTests.HalfASecondPastTwo factory) : IClassFixture<UsageWindowTests.HalfASecondPastTwo>
{
    public sealed class HalfASecondPastTwo() : BillingFactory(At("2026-11-02T14:00:00.500Z"));

    [Fact]
    public async Task ACallInTheFirstSecondOfTheHour_IsInTheDefaultReport()
    {
        await factory.WaitForDemoModelAsync();
        using var client = factory.CreateOperatorClient();
        await (await client.PostJsonAsync($"/v1/models/{BillingFactory.PerCallModel}/predict", new { text = "where is my card" })).ReadJsonAsync(HttpStatusCode.OK);

        var usage = await client.GetJsonAsync("/v1/usage?groupBy=model");

        Assert.Equal("2026-11-02T15:00:00+00:00", (string?)usage["to"]);
        var calls = usage["items"]!.AsArray().Single(i => (string?)i!["group"] == BillingFactory.PerCallModel && (string?)i["meter"] == "calls")!;
        Assert.Equal(1, (long)calls["quantity"]!);
    }
}
