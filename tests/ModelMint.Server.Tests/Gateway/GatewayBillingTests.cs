using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using ModelMint.Server.Gateway;
using ModelMint.Server.Tests.Billing;
using ModelMint.Server.Tests.Infrastructure;

namespace ModelMint.Server.Tests.Gateway;

public sealed class GatewayBillingFactory : GatewayFactory;

/// <summary>A month of gateway calls, billed: the invoice and the margin report agree with the tokens to the micro-unit.</summary>
public sealed class GatewayBillingTests(GatewayBillingFactory factory) : IClassFixture<GatewayBillingFactory>
{
    [Fact]
    public async Task AMonthOfCalls_IsInvoicedExactly_AndTheMarginReportShowsRevenueCostAndMargin()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        var model = GatewayFactory.Unique("chat");
        await factory.SellAsync(model, inputPerMillion: "150", outputPerMillion: "600");
        var channel = await factory.AddChannelAsync(model, upstream.BaseUrl, inputCost: "100", outputCost: "450");
        var (client, _, accountId) = await factory.DeveloperAsync(50_000_000);

        var input = 0L;
        var output = 0L;
        for (var maxTokens = 1; maxTokens <= 7; maxTokens++)
        {
            var body = await (await client.PostJsonAsync("/openai/v1/chat/completions", GatewayFactory.Chat(model, maxTokens, stream: maxTokens % 2 == 0))).Content.ReadAsStringAsync();
            Assert.Contains("hello", body, StringComparison.Ordinal);
            output += maxTokens;
        }

        var prompt = new TokenCounter().CountMessages(new JsonArray(new JsonObject { ["role"] = "user", ["content"] = "Say hello" }));
        input = 7 * prompt;
        await factory.CallsAsync(accountId, 7);
        var inputMicros = input * 150;
        var outputMicros = output * 600;
        Assert.Equal(50_000_000 - inputMicros - outputMicros, await factory.BalanceAsync(accountId));

        factory.Time.Advance(BillingFactory.At("2026-04-02T00:00:00Z") - factory.Time.GetUtcNow());
        using var op = factory.CreateOperatorClient();
        await BillingFactory.RunBillingAsync(op, "2026-03");
        var summary = (await client.GetJsonAsync("/v1/invoices"))["items"]!.AsArray().Single()!;
        var invoice = await client.GetJsonAsync($"/v1/invoices/{(string)summary["id"]!}");
        var lines = invoice["lines"]!.AsArray().Select(l => l!).ToDictionary(l => (string)l["meter"]!);

        Assert.Equal(input, (long)lines[GatewayMeters.InputTokens]["quantity"]!);
        Assert.Equal(output, (long)lines[GatewayMeters.OutputTokens]["quantity"]!);
        Assert.Equal(Cents(inputMicros), (string)lines[GatewayMeters.InputTokens]["amount"]!);
        Assert.Equal(Cents(outputMicros), (string)lines[GatewayMeters.OutputTokens]["amount"]!);
        Assert.All(lines.Values, l => Assert.Equal(model, (string?)l["model"]));

        var margins = (await op.GetJsonAsync("/v1/admin/gateway/margins?month=2026-03"))["items"]!.AsArray().Select(l => l!).Where(l => (string?)l["model"] == model).ToList();
        var line = Assert.Single(margins);
        var cost = TokenPrice.Micros(prompt, 100_000_000) * 7 + Enumerable.Range(1, 7).Sum(t => TokenPrice.Micros(t, 450_000_000));
        Assert.Equal(channel, Guid.Parse((string)line["channelId"]!));
        Assert.Equal(7, (long)line["calls"]!);
        Assert.Equal(Micros(inputMicros + outputMicros), (string?)line["revenue"]);
        Assert.Equal(Micros(cost), (string?)line["upstreamCost"]);
        Assert.Equal(Micros(inputMicros + outputMicros - cost), (string?)line["margin"]);
        await (await op.GetAsync(new Uri("/v1/admin/gateway/margins?month=March", UriKind.Relative))).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid-month");
    }

    private static string Cents(long micros) => decimal.Round(micros / 1_000_000m, 2, MidpointRounding.AwayFromZero).ToString("0.00", CultureInfo.InvariantCulture);

    private static string Micros(long micros) => (micros / 1_000_000m).ToString("0.######", CultureInfo.InvariantCulture);
}
