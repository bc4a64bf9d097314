using ModelMint.Domain.Billing;
using static ModelMint.Domain.Tests.Billing.BillingTestData;

namespace ModelMint.Domain.Tests.Billing;

/// <summary>
/// One customer's March, end to end in pure domain code: a top-up, metered usage with retries, three price models,
/// the invoice, prepaid credit, payment, provider statements and the ledger.
/// </summary>
public class BillingPeriodScenarioTests
{
    private static readonly Guid Customer = Guid.Parse("70000000-0000-0000-0000-000000000001");
    private static readonly Guid Translator = Guid.Parse("70000000-0000-0000-0000-0000000000a1");
    private static readonly Guid IntentVendor = Guid.Parse("70000000-0000-0000-0000-0000000000a2");
    private static readonly BillingPeriod March = BillingPeriod.Month(2025, 3);
    private static readonly DateTimeOffset InvoiceAt = Utc(2025, 4, 1, 0, 5);
    private const decimal PlatformFeePercent = 20m;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void AWholePeriod_InvoiceMatchesRatedUsage_AndTheLedgerBalances(int seed)
    {
        var random = new Random(seed);
        var key = Guid.NewGuid();
        var ledger = new Ledger();

        // Prepaid top-up on the first.
        var wallet = PrepaidWallet.Empty(Currency.Usd)
            .AddGrant(CreditGrantId.New(), CreditGrantKind.TopUp, Usd(20m), Utc(2025, 3, 1, 8));
        ledger.Transfer(Guid.NewGuid(), LedgerAccount.Cash, LedgerAccount.PrepaidCredit(Customer), Usd(20m), "wallet.topup", "topup-1", Utc(2025, 3, 1, 8));

        // Price models: the platform's own model on a subscription, two provider models.
        var starter = new SubscriptionPlan("Starter", Usd(19m), 10_000m, new PerCallPrice(Usd(0.002m)));
        var translate = new FreeAllowance(100_000m, new PerUnitPrice(Usd(0.002m), 1_000m, "characters"));
        var intent = new OutcomePrice(Usd(0.05m), TimeSpan.FromHours(24), UnresolvedPolicy.Free);

        // Usage, with retries (same idempotency key) and events outside the period.
        var events = new List<UsageEvent>();
        var sentimentCalls = random.Next(9_000, 14_000);
        for (var i = 0; i < sentimentCalls; i++)
        {
            events.Add(UsageEvent.Create(Customer, key, "sentiment", 1, Meter.Calls, 1m, RandomTimeIn(random, March), $"s-{i}"));
        }

        var characters = 0m;
        for (var i = 0; i < 800; i++)
        {
            var quantity = random.Next(1, 400);
            characters += quantity;
            events.Add(UsageEvent.Create(Customer, key, "translate", 2, Meter.Characters, quantity, RandomTimeIn(random, March), $"t-{i}"));
        }

        var retried = events.OrderBy(_ => random.Next()).Take(300).ToList();
        events.AddRange(retried);
        events.Add(UsageEvent.Create(Customer, key, "sentiment", 1, Meter.Calls, 1m, Utc(2025, 4, 1), "april"));
        events.Add(UsageEvent.Create(Customer, key, "sentiment", 1, Meter.Calls, 1m, Utc(2025, 2, 28, 23, 59, 59), "february"));

        var calls = Enumerable.Range(0, 400).Select(_ =>
        {
            var at = RandomTimeIn(random, March);
            return random.Next(4) switch
            {
                0 => new OutcomeCall(Guid.NewGuid(), at, OutcomeFeedback.Accepted, at.AddHours(random.Next(0, 30))),
                1 => new OutcomeCall(Guid.NewGuid(), at, OutcomeFeedback.Rejected, at.AddHours(random.Next(0, 30))),
                _ => new OutcomeCall(Guid.NewGuid(), at),
            };
        }).ToList();

        // Rate and invoice.
        var totals = UsageTotals.Summarize(events, March);
        var invoice = Invoice.CreateDraft(InvoiceId.New(), Customer, March, Currency.Usd);
        var sentiment = totals.Single(t => t.ModelName == "sentiment");
        invoice.AddLine(new InvoiceLine(
            "Starter plan — sentiment calls", "sentiment", "calls", starter.Description, sentiment.Quantity,
            "see breakdown", starter.Price(sentiment.Quantity).Amount, null, starter.Price(sentiment.Quantity).Components));
        invoice.AddLine(InvoiceLine.ForUsage("translate", Meter.Characters, translate, totals.Single(t => t.ModelName == "translate").Quantity, Translator));
        var settlement = intent.Settle(calls, InvoiceAt);
        invoice.AddLine(InvoiceLine.ForUsage("intent", Meter.Calls, intent, settlement.Billable.Count, IntentVendor));

        // The invoice equals the usage rated independently, each line rounded once.
        var expectedSentiment = Math.Round(19m + (Math.Max(0, sentimentCalls - 10_000) * 0.002m), 2, MidpointRounding.AwayFromZero);
        var expectedTranslate = Math.Round(Math.Max(0m, characters - 100_000m) * 0.002m / 1_000m, 2, MidpointRounding.AwayFromZero);
        var expectedIntent = calls.Count(c =>
            c.Feedback == OutcomeFeedback.Accepted && c.FeedbackAt < c.OccurredAt.AddHours(24) && c.FeedbackAt <= InvoiceAt) * 0.05m;
        Assert.Equal(sentimentCalls, sentiment.Quantity);
        Assert.Equal([expectedSentiment, expectedTranslate, expectedIntent], invoice.Lines.Select(l => l.Amount.Amount));
        Assert.Equal(Usd(expectedSentiment + expectedTranslate + expectedIntent), invoice.Subtotal);

        // Prepaid credit pays what it can.
        var prepaid = Money.Min(wallet.Available, invoice.Subtotal);
        var reservation = ReservationId.New();
        var reserve = wallet.Reserve(reservation, prepaid, InvoiceAt);
        var settle = reserve.Wallet.Settle(reservation, prepaid, InvoiceAt);
        invoice.ApplyCredit(new InvoiceCredit(InvoiceCreditKind.Prepaid, "wallet", "prepaid credit", settle.Charged));
        invoice.Finalize(InvoiceAt);

        Assert.Equal(invoice.Subtotal - prepaid, invoice.Total);
        Assert.Equal(Usd(20m) - prepaid, settle.Wallet.Balance);

        ledger.Transfer(Guid.NewGuid(), LedgerAccount.Receivable(Customer), LedgerAccount.PlatformRevenue, invoice.Subtotal, "invoice.finalized", invoice.Id.Value.ToString(), InvoiceAt);
        ledger.Transfer(Guid.NewGuid(), LedgerAccount.PrepaidCredit(Customer), LedgerAccount.Receivable(Customer), invoice.CreditsApplied, "invoice.prepaid", invoice.Id.Value.ToString(), InvoiceAt);

        // Provider statements move their payout from revenue to what the platform owes them.
        var statements = new[] { Translator, IntentVendor }
            .Select(p => ProviderStatement.FromInvoices(p, March, Currency.Usd, [invoice], PlatformFeePercent))
            .ToList();
        foreach (var statement in statements.Where(s => s.Payout.IsPositive))
        {
            ledger.Transfer(Guid.NewGuid(), LedgerAccount.PlatformRevenue, LedgerAccount.ProviderPayable(statement.ProviderAccountId), statement.Payout, "statement.payout", statement.ProviderAccountId.ToString(), InvoiceAt);
        }

        // The customer pays the rest.
        if (invoice.Total.IsPositive)
        {
            ledger.Transfer(Guid.NewGuid(), LedgerAccount.Cash, LedgerAccount.Receivable(Customer), invoice.Total, "invoice.paid", invoice.Id.Value.ToString(), InvoiceAt.AddDays(3));
        }

        invoice.MarkPaid(InvoiceAt.AddDays(3));

        var verification = ledger.Verify();
        var payouts = Money.Sum(statements.Select(s => s.Payout), Currency.Usd);
        Assert.True(verification.IsBalanced, string.Join(" ", verification.Problems));
        Assert.Equal(Usd(0m), ledger.Balance(LedgerAccount.Receivable(Customer), Currency.Usd));
        Assert.Equal(-settle.Wallet.Balance, ledger.Balance(LedgerAccount.PrepaidCredit(Customer), Currency.Usd));
        Assert.Equal(Usd(20m) + invoice.Total, ledger.Balance(LedgerAccount.Cash, Currency.Usd));
        Assert.Equal(-(invoice.Subtotal - payouts), ledger.Balance(LedgerAccount.PlatformRevenue, Currency.Usd));
        Assert.All(statements, s =>
        {
            Assert.Equal(invoice.Lines.Single(l => l.ProviderAccountId == s.ProviderAccountId).Amount, s.Gross);
            Assert.Equal(s.Gross, s.PlatformFee + s.Payout);
        });
        Assert.Equal(invoice.Subtotal, Usd(expectedSentiment) + Money.Sum(statements.Select(s => s.Gross), Currency.Usd));
    }

    private static DateTimeOffset RandomTimeIn(Random random, BillingPeriod period) =>
        period.Start.AddTicks((long)(random.NextDouble() * (period.Duration.Ticks - 1)));
}
