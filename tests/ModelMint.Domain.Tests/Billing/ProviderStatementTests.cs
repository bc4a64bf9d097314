using ModelMint.Domain.Billing;
using static ModelMint.Domain.Tests.Billing.BillingTestData;

namespace ModelMint.Domain.Tests.Billing;

public class ProviderStatementTests
{
    private static readonly Guid Provider = Guid.Parse("10000000-0000-0000-0000-000000000001");
    private static readonly BillingPeriod March = BillingPeriod.Month(2025, 3);

    public static TheoryData<string, decimal, decimal, decimal, decimal, decimal> Cases => new()
    {
        // currency, gross, fee %, gross rounded, fee, payout
        { "USD", 1_234.56m, 20m, 1_234.56m, 246.91m, 987.65m },
        { "USD", 0.05m, 30m, 0.05m, 0.02m, 0.03m },
        { "USD", 0.01m, 50m, 0.01m, 0.01m, 0m },
        { "USD", 100m, 0m, 100m, 0m, 100m },
        { "USD", 100m, 100m, 100m, 100m, 0m },
        { "USD", 10.005m, 20m, 10.01m, 2m, 8.01m },
        { "USD", 0m, 20m, 0m, 0m, 0m },
        { "USD", 99.99m, 12.5m, 99.99m, 12.5m, 87.49m },
        { "JPY", 1_001m, 15m, 1_001m, 150m, 851m },
        { "JPY", 10m, 25m, 10m, 3m, 7m },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Compute_FeeIsRoundedOnce_AndPayoutIsTheRest(
        string code, decimal gross, decimal percent, decimal roundedGross, decimal fee, decimal payout)
    {
        var statement = ProviderStatement.Compute(Provider, March, new Money(gross, Currency.FromCode(code)), percent);

        Assert.Equal(roundedGross, statement.Gross.Amount);
        Assert.Equal(fee, statement.PlatformFee.Amount);
        Assert.Equal(payout, statement.Payout.Amount);
        Assert.Equal(statement.Gross, statement.PlatformFee + statement.Payout);
    }

    [Fact]
    public void Compute_ManyRandomAmounts_FeePlusPayoutAlwaysEqualsGross()
    {
        var random = new Random(7);
        for (var i = 0; i < 5_000; i++)
        {
            var statement = ProviderStatement.Compute(
                Provider, March, Usd(random.Next(0, 10_000_000) / 1_000m), random.Next(0, 10_001) / 100m);

            Assert.Equal(statement.Gross, statement.PlatformFee + statement.Payout);
            Assert.True(statement.PlatformFee.IsRoundedToMinorUnit && statement.Payout.IsRoundedToMinorUnit);
            Assert.False(statement.Payout.IsNegative);
        }
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(100.01)]
    public void Compute_PercentageOutsideZeroToHundred_IsRefused(double percent)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ProviderStatement.Compute(Provider, March, Usd(1m), (decimal)percent));
    }

    [Fact]
    public void FromInvoices_CountsOnlyThisProvidersLinesOnIssuedInvoicesOfThePeriod()
    {
        var other = Guid.NewGuid();
        static Invoice Make(BillingPeriod period, Action<Invoice>? after, params (Guid? provider, decimal amount)[] lines)
        {
            var invoice = Invoice.CreateDraft(InvoiceId.New(), Guid.NewGuid(), period, Currency.Usd);
            foreach (var (provider, amount) in lines)
            {
                invoice.AddLine(new InvoiceLine("usage", "m", "calls", "price", 1m, "x", Usd(amount), provider));
            }

            after?.Invoke(invoice);
            return invoice;
        }

        var invoices = new[]
        {
            Make(March, i => i.Finalize(Utc(2025, 4, 1)), (Provider, 10.004m), (other, 99m), (null, 5m)),
            Make(March, i => { i.Finalize(Utc(2025, 4, 1)); i.MarkPaid(Utc(2025, 4, 2)); }, (Provider, 20m)),
            Make(March, null, (Provider, 1_000m)),
            Make(March, i => { i.Finalize(Utc(2025, 4, 1)); i.Void(Utc(2025, 4, 2), "duplicate"); }, (Provider, 1_000m)),
            Make(BillingPeriod.Month(2025, 2), i => i.Finalize(Utc(2025, 3, 1)), (Provider, 1_000m)),
        };

        var statement = ProviderStatement.FromInvoices(Provider, March, Currency.Usd, invoices, 20m);

        Assert.Equal(Usd(30m), statement.Gross);
        Assert.Equal(Usd(6m), statement.PlatformFee);
        Assert.Equal(Usd(24m), statement.Payout);
    }
}
