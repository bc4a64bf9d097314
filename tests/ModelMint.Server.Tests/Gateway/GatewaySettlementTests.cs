using System.Net;
using Microsoft.EntityFrameworkCore;
using ModelMint.Server.Gateway;
using ModelMint.Server.Tests.Infrastructure;

namespace ModelMint.Server.Tests.Gateway;

public sealed class GatewaySettlementFactory : GatewayFactory;

/// <summary>
/// A gateway call is answered before it is charged: when its balance is gone by then (spent through another node), the
/// call is still recorded — its tokens in usage, its cost in the margin report, no revenue — instead of vanishing.
/// </summary>
public sealed class GatewaySettlementTests(GatewaySettlementFactory factory) : IClassFixture<GatewaySettlementFactory>
{
    [Fact]
    public async Task ACallWhoseBalanceWasSpentElsewhereMeanwhile_IsRecordedUnpaid_NotLost()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        upstream.ResponseDelay = TimeSpan.FromMilliseconds(800);
        var model = GatewayFactory.Unique("chat");
        await factory.SellAsync(model, inputPerMillion: "150", outputPerMillion: "600");
        await factory.AddChannelAsync(model, upstream.BaseUrl, inputCost: "100", outputCost: "450");
        var (client, _, accountId) = await factory.DeveloperAsync(1_000_000);

        var answer = client.PostJsonAsync("/openai/v1/chat/completions", GatewayFactory.Chat(model, maxTokens: 4));
        for (var i = 0; i < 200 && upstream.Chats() == 0; i++)
        {
            await Task.Delay(10);
        }

        // Admitted and held on this node; meanwhile another node spends the whole balance.
        Assert.Equal(1, await factory.DbAsync(db => db.Wallets.Where(w => w.AccountId == accountId).ExecuteUpdateAsync(s => s.SetProperty(w => w.BalanceMicros, 0L))));
        var answered = await answer;
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        Assert.Contains("hello", await answered.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var call = Assert.Single(await factory.CallsAsync(accountId, 1));
        Assert.Equal(0, call.RevenueMicros);
        Assert.Equal(4, call.OutputTokens);
        Assert.True(call.CostMicros > 0);
        var events = await factory.DbAsync(db => db.UsageEvents.AsNoTracking().Where(e => e.AccountId == accountId).ToListAsync());
        Assert.Equal([GatewayMeters.InputTokens, GatewayMeters.OutputTokens], events.Select(e => e.Meter).Order(StringComparer.Ordinal));
        Assert.Equal(4, events.Single(e => e.Meter == GatewayMeters.OutputTokens).Quantity);
        Assert.All(events, e => Assert.Equal(0, e.ChargedMicros));
        Assert.Equal(0, await factory.BalanceAsync(accountId));
        Assert.False(await factory.DbAsync(db => db.LedgerEntries.AnyAsync(e => e.AccountId == accountId)));
    }
}
