using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ModelMint.Data;
using ModelMint.Data.Billing;
using ModelMint.Server.Tests.Infrastructure;
using ModelMint.Server.Webhooks;

namespace ModelMint.Server.Tests.Webhooks;

/// <summary>
/// A developer drains a prepaid wallet with paid calls (the setup of PaidCallsTests): <c>usage.threshold</c> fires at
/// 50, 80 and 100 % of the balance the last credit left and <c>balance.low</c> below the low mark, each exactly once
/// per credit, signed and verified by a receiver on loopback.
/// </summary>
public sealed class BalanceThresholdTests : IClassFixture<BalanceThresholdTests.Factory>
{
    public sealed class Factory : ModelMintFactory
    {
        public Factory()
        {
            Settings["Bootstrap:DemoModel"] = "true";
            Settings["Webhooks:PollInterval"] = "00:00:00.050";
            Settings["Webhooks:LowBalanceMicros"] = "30000";
        }
    }

    private const string Model = "demo-intents";
    private readonly Factory factory;
    private readonly HttpClient provider;

    public BalanceThresholdTests(Factory factory)
    {
        this.factory = factory;
        provider = factory.CreateOperatorClient();
    }

    private async Task PublishListingAsync()
    {
        for (var i = 0; i < 1200 && !(await provider.GetJsonAsync("/v1/models"))["items"]!.AsArray().Any(m => (string?)m!["name"] == Model); i++)
        {
            await Task.Delay(100);
        }

        await (await provider.PutAsJsonAsync($"/v1/models/{Model}/listing", new
        {
            published = true,
            description = "Customer-service intents",
            price = new { type = "per_call", currency = "USD", amount = "0.01" },
        })).ReadJsonAsync(HttpStatusCode.OK);
    }

    /// <summary>Credits the wallet through the ledger, as a top-up does: wallet credit, grants debit, one transaction.</summary>
    private async Task<Guid> TopUpAsync(Guid accountId, long micros)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ModelMintDbContext>();
        var now = DateTimeOffset.UtcNow;
        var wallet = await db.Wallets.SingleOrDefaultAsync(w => w.AccountId == accountId && w.Currency == "USD");
        if (wallet is null)
        {
            db.Wallets.Add(new Wallet { AccountId = accountId, Currency = "USD", BalanceMicros = micros, UpdatedAt = now });
        }
        else
        {
            wallet.BalanceMicros += micros;
            wallet.UpdatedAt = now;
        }

        var transactionId = Guid.CreateVersion7();
        db.LedgerEntries.Add(new LedgerEntry { Id = Guid.CreateVersion7(), TransactionId = transactionId, AccountId = accountId, Book = "wallet", Side = "credit", AmountMicros = micros, Currency = "USD", Reason = "top-up", Reference = "test", OccurredAt = now });
        db.LedgerEntries.Add(new LedgerEntry { Id = Guid.CreateVersion7(), TransactionId = transactionId, AccountId = Guid.Empty, Book = "grants", Side = "debit", AmountMicros = micros, Currency = "USD", Reason = "top-up", Reference = "test", OccurredAt = now });
        await db.SaveChangesAsync();
        return transactionId;
    }

    private static async Task<int> CallAsync(HttpClient developer, int times)
    {
        var ok = 0;
        for (var i = 0; i < times; i++)
        {
            var response = await developer.PostJsonAsync($"/v1/models/{Model}/predict", new { text = $"I was charged twice, case {i}" });
            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.PaymentRequired, $"call {i}: {(int)response.StatusCode}");
            ok += response.StatusCode == HttpStatusCode.OK ? 1 : 0;
        }

        return ok;
    }

    [Fact]
    public async Task DrainingAWallet_FiresEachThresholdOnce_AndTheNextCreditArmsThemAgain()
    {
        await PublishListingAsync();
        var developer = factory.CreateClientWithKey(await factory.CreateAccountAsync("drainer"));
        var accountId = Guid.Parse((string)(await developer.GetJsonAsync("/v1/billing/balance"))["accountId"]!);
        var firstCredit = await TopUpAsync(accountId, 100_000);
        await using var receiver = await WebhookReceiver.StartAsync();
        var created = await (await developer.PostJsonAsync("/v1/webhooks", new { url = receiver.Url, events = new[] { "usage.threshold", "balance.low" } })).ReadJsonAsync(HttpStatusCode.Created);
        receiver.Secret = (string)created["secret"]!;

        Assert.Equal(10, await CallAsync(developer, 12));

        await receiver.WaitForAsync(r => r.Count >= 4);
        await Task.Delay(500);
        var events = receiver.Received;
        Assert.Equal(4, events.Count);
        Assert.All(events, e => Assert.True(e.SignatureValid));
        var thresholds = events.Where(e => e.Event == "usage.threshold").Select(e => e.Json["data"]!).ToList();
        Assert.Equal([50, 80, 100], thresholds.Select(d => (int)d["percent"]!).Order());
        Assert.All(thresholds, d =>
        {
            Assert.Equal("0.1", (string?)d["referenceBalance"]);
            Assert.Equal("USD", (string?)d["currency"]);
            Assert.Equal(accountId.ToString(), (string?)d["accountId"]);
            Assert.Equal(firstCredit.ToString(), (string?)d["creditTransactionId"]);
            Assert.True(decimal.Parse((string)d["used"]!, System.Globalization.CultureInfo.InvariantCulture) * 100 >= (int)d["percent"]! * 0.1m);
        });
        var low = Assert.Single(events, e => e.Event == "balance.low").Json;
        Assert.Equal("balance.low", (string?)low["type"]);
        Assert.Equal("0.03", (string?)low["data"]!["threshold"]);
        Assert.True(decimal.Parse((string)low["data"]!["balance"]!, System.Globalization.CultureInfo.InvariantCulture) < 0.03m);

        var secondCredit = await TopUpAsync(accountId, 100_000);
        Assert.Equal(5, await CallAsync(developer, 5));

        var again = (await receiver.WaitForAsync(r => r.Count >= 5)).Skip(4).Single();
        await Task.Delay(500);
        Assert.Equal(5, receiver.Received.Count);
        Assert.Equal("usage.threshold", again.Event);
        Assert.Equal(50, (int)again.Json["data"]!["percent"]!);
        Assert.Equal(secondCredit.ToString(), (string?)again.Json["data"]!["creditTransactionId"]);
        Assert.True(again.SignatureValid);
    }
}
