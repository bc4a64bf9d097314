using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ModelMint.Data.Billing;
using ModelMint.Data.Usage;
using ModelMint.Server.Billing;
using ModelMint.Server.Tests.Infrastructure;

namespace ModelMint.Server.Tests.Billing;

/// <summary>
/// May 2026: the provider raises its price mid-month, so the wallet paid less than the month rates at; the invoice
/// shows the difference, and finalizing and paying it moves that money through the ledger.
/// </summary>
public sealed class PriceChangeInvoiceTests(PriceChangeInvoiceTests.Factory factory) : IClassFixture<PriceChangeInvoiceTests.Factory>
{
    public sealed class Factory() : BillingFactory(At("2026-05-05T09:00:00Z"));

    [Fact]
    public async Task PriceRaisedMidMonth_InvoiceRatesAtTheNewPrice_CreditsWhatTheWalletPaid_AndTheDifferenceIsOwed()
    {
        await factory.WaitForDemoModelAsync();
        using var op = factory.CreateOperatorClient();
        var operatorId = Guid.Parse((string)(await op.GetJsonAsync("/v1/billing/balance"))["accountId"]!);
        await BillingFactory.PublishAsync(op, BillingFactory.PerCallModel, new { type = "per_call", currency = "USD", amount = "0.002" });
        var (developer, developerId) = await factory.DeveloperWithBalanceAsync(1_000_000);
        await BillingFactory.PredictAsync(developer, BillingFactory.PerCallModel, new { texts = Enumerable.Range(0, 10).Select(i => $"old price {i}").ToArray() });
        factory.Time.SetUtcNow(BillingFactory.At("2026-05-06T09:00:00Z"));
        await BillingFactory.PublishAsync(op, BillingFactory.PerCallModel, new { type = "per_call", currency = "USD", amount = "0.003" });
        factory.Time.SetUtcNow(BillingFactory.At("2026-05-07T09:00:00Z"));
        await BillingFactory.PredictAsync(developer, BillingFactory.PerCallModel, new { texts = Enumerable.Range(0, 10).Select(i => $"new price {i}").ToArray() });
        factory.Time.SetUtcNow(BillingFactory.At("2026-06-01T01:00:00Z"));

        // Four generators racing on the same month: the unique (account, period, currency) index lets one win.
        var created = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            await using var scope = factory.Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<InvoiceGenerator>().GenerateAsync(ModelMint.Domain.Billing.BillingPeriod.Month(2026, 5));
        })));
        Assert.Equal(1, created.Sum());

        var id = (string)(await developer.GetJsonAsync("/v1/invoices"))["items"]!.AsArray().Single()!["id"]!;
        var draft = await developer.GetJsonAsync($"/v1/invoices/{id}");
        Assert.Equal("MM-202605-00001", (string?)draft["number"]);
        Assert.Equal("draft", (string?)draft["status"]);
        var line = draft["lines"]!.AsArray().Single()!;
        Assert.Equal(20, (long)line["quantity"]!);
        Assert.Equal("0.003 USD per call", (string?)line["price"]);
        Assert.Equal("0.06", (string?)line["amount"]);
        // The wallet paid 10 × 0.002 + 10 × 0.003 = 0.05.
        Assert.Equal("0.05", (string?)draft["creditsApplied"]);
        Assert.Equal("0.01", (string?)draft["total"]);

        await (await developer.PostJsonAsync($"/v1/invoices/{id}/finalize", new { })).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden-role");
        await (await developer.PostJsonAsync($"/v1/invoices/{id}/pay", new { })).AssertProblemAsync(HttpStatusCode.Conflict, "invalid-invoice-transition");
        var finalized = await (await op.PostJsonAsync($"/v1/invoices/{id}/finalize", new { })).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("finalized", (string?)finalized["status"]);
        Assert.Equal("2026-06-01T01:00:00+00:00", (string?)finalized["issuedAt"]);
        var again = await (await op.PostJsonAsync($"/v1/invoices/{id}/finalize", new { })).AssertProblemAsync(HttpStatusCode.Conflict, "invalid-invoice-transition");
        Assert.Equal("finalized", (string?)again["currentStatus"]);
        factory.Time.Advance(TimeSpan.FromDays(3));
        Assert.Equal("paid", (string?)(await (await developer.PostJsonAsync($"/v1/invoices/{id}/pay", new { })).ReadJsonAsync(HttpStatusCode.OK))["status"]);

        var booked = await factory.WithDbAsync(db => db.LedgerEntries.AsNoTracking().Where(e => e.Reference == "invoice:MM-202605-00001").ToListAsync());
        Assert.Equal(4, booked.Count);
        Assert.All(booked, e => Assert.Equal(10_000, e.AmountMicros));
        Assert.Contains(booked, e => e is { Reason: "invoice.finalized", Side: "debit", Book: "receivable" } && e.AccountId == developerId);
        Assert.Contains(booked, e => e is { Reason: "invoice.finalized", Side: "credit", Book: "provider-earnings" } && e.AccountId == operatorId);
        Assert.Contains(booked, e => e is { Reason: "invoice.paid", Side: "debit", Book: "payments" } && e.AccountId == developerId);
        Assert.Contains(booked, e => e is { Reason: "invoice.paid", Side: "credit", Book: "receivable" } && e.AccountId == developerId);

        var june = await op.GetJsonAsync("/v1/admin/ledger/check?period=2026-06");
        Assert.True((bool)june["balanced"]!, june.ToJsonString());
        Assert.Equal(2m, (decimal)june["debitsMinor"]!);

        // A later price change does not make March's invoice disagree with its usage: the invoice is a snapshot.
        await BillingFactory.PublishAsync(op, BillingFactory.PerCallModel, new { type = "per_call", currency = "USD", amount = "0.005" });
        var may = await op.GetJsonAsync("/v1/admin/ledger/check?period=2026-05");
        Assert.True((bool)may["balanced"]!, may.ToJsonString());
        Assert.Equal(6, (long)may["invoiceLinesMinor"]!);
        Assert.Equal(6, (long)may["ratedUsageMinor"]!);
        Assert.Equal(5m, (decimal)may["debitsMinor"]!);
    }

    [Fact]
    public async Task LedgerCheck_ReportsUsageNoInvoiceCovers_AndAMovementThatDoesNotBalance()
    {
        await factory.WaitForDemoModelAsync();
        var (developer, developerId) = await factory.DeveloperWithBalanceAsync(0);
        var model = await factory.WithDbAsync(db => db.Models.AsNoTracking().SingleAsync(m => m.Name == BillingFactory.PerCallModel));
        var occurredAt = BillingFactory.At("2025-12-15T10:00:00Z");
        await factory.WithDbAsync(async db =>
        {
            if (!await db.ModelListings.AnyAsync(l => l.ModelId == model.Id))
            {
                db.ModelListings.Add(new Data.Marketplace.ModelListing
                {
                    ModelId = model.Id,
                    ProviderAccountId = model.AccountId,
                    ModelName = model.Name,
                    Published = true,
                    Description = "x",
                    Meter = "calls",
                    PriceType = "per_call",
                    Currency = "USD",
                    UnitPriceMicros = 2_000,
                    UnitSize = 1,
                    UpdatedAt = occurredAt,
                });
            }

            db.UsageEvents.Add(new UsageEvent
            {
                Id = Guid.CreateVersion7(),
                AccountId = developerId,
                KeyId = Guid.CreateVersion7(),
                IdempotencyKey = "late",
                Meter = "calls",
                Quantity = 1_000,
                ModelId = model.Id,
                ModelName = model.Name,
                ModelVersion = 1,
                ProviderAccountId = model.AccountId,
                OccurredAt = occurredAt,
                Currency = "USD",
            });
            db.LedgerEntries.Add(new LedgerEntry
            {
                Id = Guid.CreateVersion7(),
                TransactionId = Guid.CreateVersion7(),
                AccountId = developerId,
                Book = "wallet",
                Side = "debit",
                AmountMicros = 7,
                Currency = "USD",
                Reason = "usage",
                Reference = "half-a-movement",
                OccurredAt = occurredAt,
            });
            await db.SaveChangesAsync();
        });
        using var op = factory.CreateOperatorClient();

        var check = await op.GetJsonAsync("/v1/admin/ledger/check?period=2025-12");

        Assert.False((bool)check["balanced"]!);
        Assert.Equal(0, (long)check["invoiceLinesMinor"]!);
        Assert.True((long)check["ratedUsageMinor"]! > 0);
        var problems = check["problems"]!.AsArray().Select(p => (string)p!).ToList();
        Assert.Contains(problems, p => p.StartsWith("USD: debits", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("is not one debit and one credit", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains($"Organisation {developerId}", StringComparison.Ordinal) && p.Contains("has no invoice", StringComparison.Ordinal));
        developer.Dispose();
    }
}
