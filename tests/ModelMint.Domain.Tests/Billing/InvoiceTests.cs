using ModelMint.Domain.Billing;
using static ModelMint.Domain.Tests.Billing.BillingTestData;

namespace ModelMint.Domain.Tests.Billing;

public class InvoiceTests
{
    private static readonly BillingPeriod March = BillingPeriod.Month(2025, 3);
    private static readonly DateTimeOffset IssuedAt = Utc(2025, 4, 1, 0, 5);

    public enum Action
    {
        Finalize,
        MarkPaid,
        Void,
    }

    private static InvoiceLine Line(decimal amount, string model = "sentiment") =>
        new($"{model} — calls", model, "calls", "0.01 USD per call", 1m, "1 × 0.01 USD", Usd(amount));

    private static Invoice InState(InvoiceStatus status)
    {
        var invoice = Invoice.CreateDraft(InvoiceId.New(), Guid.NewGuid(), March, Currency.Usd);
        invoice.AddLine(Line(10m));
        switch (status)
        {
            case InvoiceStatus.Finalized:
                invoice.Finalize(IssuedAt);
                break;
            case InvoiceStatus.Paid:
                invoice.Finalize(IssuedAt);
                invoice.MarkPaid(IssuedAt.AddDays(1));
                break;
            case InvoiceStatus.Void:
                invoice.Finalize(IssuedAt);
                invoice.Void(IssuedAt.AddDays(1), "issued twice");
                break;
        }

        Assert.Equal(status, invoice.Status);
        return invoice;
    }

    private static void Apply(Invoice invoice, Action action)
    {
        var at = IssuedAt.AddDays(2);
        switch (action)
        {
            case Action.Finalize:
                invoice.Finalize(at);
                break;
            case Action.MarkPaid:
                invoice.MarkPaid(at);
                break;
            case Action.Void:
                invoice.Void(at, "customer dispute");
                break;
        }
    }

    public static TheoryData<InvoiceStatus, Action, InvoiceStatus?> Transitions => new()
    {
        // from, action, resulting state (null: refused)
        { InvoiceStatus.Draft, Action.Finalize, InvoiceStatus.Finalized },
        { InvoiceStatus.Draft, Action.MarkPaid, null },
        { InvoiceStatus.Draft, Action.Void, null },
        { InvoiceStatus.Finalized, Action.Finalize, null },
        { InvoiceStatus.Finalized, Action.MarkPaid, InvoiceStatus.Paid },
        { InvoiceStatus.Finalized, Action.Void, InvoiceStatus.Void },
        { InvoiceStatus.Paid, Action.Finalize, null },
        { InvoiceStatus.Paid, Action.MarkPaid, null },
        { InvoiceStatus.Paid, Action.Void, null },
        { InvoiceStatus.Void, Action.Finalize, null },
        { InvoiceStatus.Void, Action.MarkPaid, null },
        { InvoiceStatus.Void, Action.Void, null },
    };

    [Theory]
    [MemberData(nameof(Transitions))]
    public void StateChanges_FollowDraftFinalizedPaidOrVoid_AndRefuseEverythingElse(
        InvoiceStatus from, Action action, InvoiceStatus? expected)
    {
        var invoice = InState(from);

        if (expected is null)
        {
            var error = Assert.Throws<InvalidOperationException>(() => Apply(invoice, action));
            Assert.Contains($"it is {from.ToString().ToLowerInvariant()}", error.Message, StringComparison.Ordinal);
            Assert.Equal(from, invoice.Status);
        }
        else
        {
            Apply(invoice, action);
            Assert.Equal(expected, invoice.Status);
        }
    }

    [Theory]
    [InlineData(InvoiceStatus.Draft, InvoiceStatus.Draft, false)]
    [InlineData(InvoiceStatus.Draft, InvoiceStatus.Finalized, true)]
    [InlineData(InvoiceStatus.Draft, InvoiceStatus.Paid, false)]
    [InlineData(InvoiceStatus.Draft, InvoiceStatus.Void, false)]
    [InlineData(InvoiceStatus.Finalized, InvoiceStatus.Draft, false)]
    [InlineData(InvoiceStatus.Finalized, InvoiceStatus.Finalized, false)]
    [InlineData(InvoiceStatus.Finalized, InvoiceStatus.Paid, true)]
    [InlineData(InvoiceStatus.Finalized, InvoiceStatus.Void, true)]
    [InlineData(InvoiceStatus.Paid, InvoiceStatus.Draft, false)]
    [InlineData(InvoiceStatus.Paid, InvoiceStatus.Finalized, false)]
    [InlineData(InvoiceStatus.Paid, InvoiceStatus.Paid, false)]
    [InlineData(InvoiceStatus.Paid, InvoiceStatus.Void, false)]
    [InlineData(InvoiceStatus.Void, InvoiceStatus.Draft, false)]
    [InlineData(InvoiceStatus.Void, InvoiceStatus.Finalized, false)]
    [InlineData(InvoiceStatus.Void, InvoiceStatus.Paid, false)]
    [InlineData(InvoiceStatus.Void, InvoiceStatus.Void, false)]
    public void CanTransition_CoversEveryPairOfStates(InvoiceStatus from, InvoiceStatus to, bool expected)
    {
        Assert.Equal(expected, Invoice.CanTransition(from, to));
    }

    [Theory]
    [InlineData(InvoiceStatus.Finalized)]
    [InlineData(InvoiceStatus.Paid)]
    [InlineData(InvoiceStatus.Void)]
    public void LinesAndCredits_OnlyChangeWhileDraft(InvoiceStatus status)
    {
        var invoice = InState(status);
        var credit = new InvoiceCredit(InvoiceCreditKind.CreditNote, "cn-1", "goodwill", Usd(1m));

        Assert.Throws<InvalidOperationException>(() => invoice.AddLine(Line(1m)));
        Assert.Throws<InvalidOperationException>(() => invoice.RemoveLineAt(0));
        Assert.Throws<InvalidOperationException>(() => invoice.ApplyCredit(credit));
        Assert.Equal(Usd(10m), invoice.Total);
    }

    [Fact]
    public void Draft_LinesCanBeAddedAndRemoved()
    {
        var invoice = Invoice.CreateDraft(InvoiceId.New(), Guid.NewGuid(), March, Currency.Usd);
        invoice.AddLine(Line(1m, "a"));
        invoice.AddLine(Line(2m, "b"));

        invoice.RemoveLineAt(0);

        Assert.Equal("b", Assert.Single(invoice.Lines).ModelName);
        Assert.Equal(Usd(2m), invoice.Subtotal);
    }

    public static TheoryData<decimal[], decimal[], decimal, decimal, decimal, decimal> TotalCases => new()
    {
        // line amounts (unrounded), credits, subtotal, applied, total, unapplied
        { [], [], 0m, 0m, 0m, 0m },
        { [10.004m, 5.005m], [], 15.01m, 0m, 15.01m, 0m },
        { [10.004m, 5.005m], [3m], 15.01m, 3m, 12.01m, 0m },
        { [10.004m, 5.005m], [15.01m], 15.01m, 15.01m, 0m, 0m },
        { [10.004m, 5.005m], [20m], 15.01m, 15.01m, 0m, 4.99m },
        { [10m], [4m, 4m, 4m], 10m, 10m, 0m, 2m },
        { [0.004m, 0.004m, 0.004m], [], 0m, 0m, 0m, 0m },
        { [0.012m], [], 0.01m, 0m, 0.01m, 0m },
        { [], [5m], 0m, 0m, 0m, 5m },
    };

    [Theory]
    [MemberData(nameof(TotalCases))]
    public void Totals_LinesRoundOnceEach_CreditsNeverMakeTheTotalNegative(
        decimal[] lines, decimal[] credits, decimal subtotal, decimal applied, decimal total, decimal unapplied)
    {
        var invoice = Invoice.CreateDraft(InvoiceId.New(), Guid.NewGuid(), March, Currency.Usd);
        foreach (var amount in lines)
        {
            invoice.AddLine(Line(amount));
        }

        foreach (var amount in credits)
        {
            invoice.ApplyCredit(new InvoiceCredit(InvoiceCreditKind.Prepaid, "wallet", "prepaid credit", Usd(amount)));
        }

        Assert.Equal(Usd(subtotal), invoice.Subtotal);
        Assert.Equal(Usd(applied), invoice.CreditsApplied);
        Assert.Equal(Usd(total), invoice.Total);
        Assert.Equal(Usd(unapplied), invoice.UnappliedCredit);
        Assert.Equal(invoice.Subtotal, Money.Sum(invoice.Lines.Select(l => l.Amount), Currency.Usd));
        Assert.Equal(invoice.CreditsApplied, Money.Sum(invoice.Credits.Select(c => c.Applied), Currency.Usd));
    }

    [Fact]
    public void Credits_ApplyInTheOrderAdded()
    {
        var invoice = Invoice.CreateDraft(InvoiceId.New(), Guid.NewGuid(), March, Currency.Usd);
        invoice.AddLine(Line(10m));
        invoice.ApplyCredit(new InvoiceCredit(InvoiceCreditKind.CreditNote, "cn-1", "goodwill", Usd(6m)));
        invoice.ApplyCredit(new InvoiceCredit(InvoiceCreditKind.Prepaid, "wallet", "prepaid", Usd(6m)));

        Assert.Equal([6m, 4m], invoice.Credits.Select(c => c.Applied.Amount));
        Assert.Equal(Usd(2m), invoice.Credits[1].Unapplied);
    }

    [Fact]
    public void Lines_AndCreditsInAnotherCurrency_AreRefused()
    {
        var invoice = Invoice.CreateDraft(InvoiceId.New(), Guid.NewGuid(), March, Currency.Usd);
        var euroLine = new InvoiceLine("x", "m", "calls", "p", 1m, "t", new Money(1m, Currency.Eur));

        Assert.Throws<CurrencyMismatchException>(() => invoice.AddLine(euroLine));
        Assert.Throws<CurrencyMismatchException>(() => invoice.ApplyCredit(
            new InvoiceCredit(InvoiceCreditKind.CreditNote, "cn", "d", new Money(1m, Currency.Eur))));
    }

    [Fact]
    public void Transitions_RecordTheirTimesInUtc()
    {
        var invoice = InState(InvoiceStatus.Draft);
        invoice.Finalize(new DateTimeOffset(2025, 4, 1, 2, 0, 0, TimeSpan.FromHours(2)));
        invoice.MarkPaid(Utc(2025, 4, 3));

        Assert.Equal(Utc(2025, 4, 1), invoice.IssuedAt);
        Assert.Equal(TimeSpan.Zero, invoice.IssuedAt!.Value.Offset);
        Assert.Equal(Utc(2025, 4, 3), invoice.PaidAt);
        Assert.Null(invoice.VoidedAt);
    }

    [Fact]
    public void Void_RecordsTheReason_AndNeedsOne()
    {
        var invoice = InState(InvoiceStatus.Finalized);

        Assert.Throws<ArgumentException>(() => invoice.Void(IssuedAt, " "));
        invoice.Void(IssuedAt.AddHours(1), "issued twice");

        Assert.Equal("issued twice", invoice.VoidReason);
        Assert.Equal(IssuedAt.AddHours(1), invoice.VoidedAt);
    }

    [Fact]
    public void PaidOrVoidedBeforeIssue_IsRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => InState(InvoiceStatus.Finalized).MarkPaid(IssuedAt.AddSeconds(-1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => InState(InvoiceStatus.Finalized).Void(IssuedAt.AddSeconds(-1), "r"));
    }

    [Fact]
    public void ForUsage_SnapshotsTheModelPriceAndQuantity_AndRoundsOnce()
    {
        var model = new GraduatedPrice(Currency.Usd, StandardTiers);

        var line = InvoiceLine.ForUsage("sentiment", Meter.Calls, model, 1_000.5m, Guid.Empty);

        Assert.Equal("sentiment — calls", line.Description);
        Assert.Equal("calls", line.Meter);
        Assert.Equal(model.Description, line.PriceDescription);
        Assert.Equal("0–1,000: 1,000 × 0.01 USD; 1,000–10,000: 0.5 × 0.008 USD", line.UnitPriceText);
        Assert.Equal(Usd(10.004m), line.UnroundedAmount);
        Assert.Equal(Usd(10m), line.Amount);
        Assert.Equal(2, line.Breakdown.Count);
    }

    [Fact]
    public void InvoiceLine_NegativeAmount_IsRefusedInFavourOfACredit()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(
            () => new InvoiceLine("x", null, "subscription", "p", 1m, "t", Usd(-1m)));

        Assert.Contains("InvoiceCredit", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(0.004)]
    public void InvoiceCredit_NotPositiveOnceRounded_IsRefused(double amount)
    {
        Assert.Throws<ArgumentOutOfRangeException>(
            () => new InvoiceCredit(InvoiceCreditKind.CreditNote, "cn", "d", Usd((decimal)amount)));
    }
}
