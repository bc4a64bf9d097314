using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ModelMint.Data;
using ModelMint.Server.Billing;
using ModelMint.Server.Tests.Infrastructure;

namespace ModelMint.Server.Tests.Billing;

/// <summary>
/// Expiring prepaid credit with a fake clock: grants and redeemed codes may expire; calls spend the credit that
/// expires first; at its expiry what is left stops counting toward the balance and is booked as expired.
/// </summary>
public sealed class CreditExpiryTests(CreditExpiryTests.Factory factory) : IClassFixture<CreditExpiryTests.Factory>
{
    public sealed class Factory : BillingFactory
    {
        public Factory()
            : base(At("2026-09-01T00:00:00Z"))
        {
            // The sweep is driven by the tests (the worker's logic is CreditExpiry.ExpireDueAsync).
            Settings["Billing:CreditExpiry:WorkerEnabled"] = "false";
        }
    }

    private const string Model = BillingFactory.PerCallModel;

    private static async Task GrantAsync(HttpClient op, Guid accountId, string amount, string? expiresAt) =>
        await (await op.PostJsonAsync($"/v1/admin/accounts/{accountId}/credits", new { amount, currency = "USD", expiresAt })).ReadJsonAsync(HttpStatusCode.OK);

    private static async Task<System.Text.Json.Nodes.JsonNode> UsdAsync(HttpClient client) =>
        (await client.GetJsonAsync("/v1/billing/balance"))["balances"]!.AsArray().Single(b => (string?)b!["currency"] == "USD")!;

    private static async Task CallAsync(HttpClient client, int n)
    {
        for (var i = 0; i < n; i++)
        {
            await BillingFactory.PredictAsync(client, Model, new { text = $"where is my refund, case {i}" });
        }
    }

    [Fact]
    public async Task ExpiringCredit_IsSpentFirst_AndWhatIsLeftStopsCountingAtItsExpiry()
    {
        await factory.WaitForDemoModelAsync();
        using var op = factory.CreateOperatorClient();
        await BillingFactory.PublishAsync(op, Model, new { type = "per_call", currency = "USD", amount = "0.01" });
        var (developer, accountId) = await factory.OrganisationAsync("developer");
        await GrantAsync(op, accountId, "1.00", null);
        await GrantAsync(op, accountId, "0.50", "2026-09-10T00:00:00Z");
        await GrantAsync(op, accountId, "0.20", "2026-09-05T00:00:00Z");
        await (await op.PostJsonAsync($"/v1/admin/accounts/{accountId}/credits", new { amount = "1", currency = "USD", expiresAt = "2026-08-31T00:00:00Z" }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "invalid-expiry");

        var start = await UsdAsync(developer);
        Assert.Equal("1.7", (string?)start["amount"]);
        Assert.Equal(["0.2", "0.5"], start["expiring"]!.AsArray().Select(e => (string)e!["amount"]!));

        // 0.30 of calls: all of the lot expiring on the 5th, then 0.10 of the one expiring on the 10th.
        await CallAsync(developer, 30);
        var spent = await UsdAsync(developer);
        Assert.Equal("1.4", (string?)spent["amount"]);
        Assert.Equal(["0.4"], spent["expiring"]!.AsArray().Select(e => (string)e!["amount"]!));

        // At the expiry instant (credit is usable in [grantedAt, expiresAt)) the 0.40 left no longer counts.
        factory.Time.SetUtcNow(BillingFactory.At("2026-09-10T00:00:00Z"));
        var expired = await UsdAsync(developer);
        Assert.Equal("1", (string?)expired["amount"]);
        Assert.Null(expired["expiring"]);

        // The next paid call expires it for good, in its own transaction, before spending.
        await CallAsync(developer, 1);
        Assert.Equal("0.99", (string?)(await UsdAsync(developer))["amount"]);
        var entries = await factory.WithDbAsync(db => db.LedgerEntries.AsNoTracking().Where(e => e.Reason == "credit.expired" && e.AccountId == accountId).ToListAsync());
        var entry = Assert.Single(entries);
        Assert.Equal(("wallet", "debit", 400_000L), (entry.Book, entry.Side, entry.AmountMicros));
        Assert.Equal(BillingFactory.At("2026-09-10T00:00:00Z"), entry.OccurredAt);
        Assert.Equal(990_000, await factory.WithDbAsync(db => db.Wallets.Where(w => w.AccountId == accountId).Select(w => w.BalanceMicros).SingleAsync()));
        // The month is not invoiced yet, so only the ledger half of the audit applies: debits equal credits.
        var check = await op.GetJsonAsync("/v1/admin/ledger/check?period=2026-09");
        Assert.Equal((decimal)check["debitsMinor"]!, (decimal)check["creditsMinor"]!);
        Assert.DoesNotContain(check["problems"]!.AsArray(), p => ((string)p!).Contains("movement", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task RedeemedCredit_WithAValidity_ExpiresThatLongAfterRedemption_AndTheSweepBooksIt()
    {
        using var op = factory.CreateOperatorClient();
        var batch = await (await op.PostJsonAsync("/v1/admin/redemption-batches", new { count = 1, amount = "5", currency = "USD", creditValidDays = 2 })).ReadJsonAsync(HttpStatusCode.Created);
        await (await op.PostJsonAsync("/v1/admin/redemption-batches", new { count = 1, amount = "5", currency = "USD", creditValidDays = 0 })).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid-credit-validity");
        var (developer, accountId) = await factory.OrganisationAsync("developer");
        var redeemedAt = factory.Time.GetUtcNow();
        await (await developer.PostJsonAsync("/v1/billing/redeem", new { code = (string)batch["codes"]![0]! })).ReadJsonAsync(HttpStatusCode.OK);

        var balance = await UsdAsync(developer);
        Assert.Equal("5", (string?)balance["amount"]);
        Assert.Equal(redeemedAt.AddDays(2), (DateTimeOffset)balance["expiring"]![0]!["expiresAt"]!);

        factory.Time.SetUtcNow(redeemedAt.AddDays(2));
        Assert.Equal("0", (string?)(await UsdAsync(developer))["amount"]);
        Assert.Equal(1, await SweepAsync());
        Assert.Equal(0, await SweepAsync());
        Assert.Equal(0, await factory.WithDbAsync(db => db.Wallets.Where(w => w.AccountId == accountId).Select(w => w.BalanceMicros).SingleAsync()));
        Assert.Equal(5_000_000, await factory.WithDbAsync(db => db.LedgerEntries.Where(e => e.Reason == "credit.expired" && e.AccountId == accountId).Select(e => e.AmountMicros).SingleAsync()));
    }

    private async Task<int> SweepAsync()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ModelMintDbContext>();
        return await CreditExpiry.ExpireDueAsync(db, null, null, factory.Time.GetUtcNow());
    }
}
