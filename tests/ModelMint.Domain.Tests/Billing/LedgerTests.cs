using ModelMint.Domain.Billing;
using static ModelMint.Domain.Tests.Billing.BillingTestData;

namespace ModelMint.Domain.Tests.Billing;

public class LedgerTests
{
    private static readonly Guid Customer = Guid.Parse("20000000-0000-0000-0000-000000000001");
    private static readonly Guid Provider = Guid.Parse("30000000-0000-0000-0000-000000000001");
    private static readonly DateTimeOffset At = Utc(2025, 4, 1);

    [Fact]
    public void Transfer_RecordsOneDebitAndOneCreditOfTheSameAmount()
    {
        var ledger = new Ledger();

        var pair = ledger.Transfer(
            Guid.NewGuid(), LedgerAccount.Receivable(Customer), LedgerAccount.PlatformRevenue, Usd(12.5m), "invoice.finalized", "inv-1", At);

        Assert.Equal([EntrySide.Debit, EntrySide.Credit], pair.Select(e => e.Side));
        Assert.All(pair, e => Assert.Equal(Usd(12.5m), e.Amount));
        Assert.Equal(pair[0].MovementId, pair[1].MovementId);
        Assert.Equal(Usd(12.5m), ledger.Balance(LedgerAccount.Receivable(Customer), Currency.Usd));
        Assert.Equal(Usd(-12.5m), ledger.Balance(LedgerAccount.PlatformRevenue, Currency.Usd));
        Assert.True(ledger.Verify().IsBalanced);
    }

    [Theory]
    [InlineData(1, 7)]
    [InlineData(50, 11)]
    [InlineData(500, 2025)]
    public void AnySequenceOfTransfers_BalancesPerCurrency(int count, int seed)
    {
        var random = new Random(seed);
        var ledger = new Ledger();
        LedgerAccount[] accounts =
        [
            LedgerAccount.Cash, LedgerAccount.PlatformRevenue, LedgerAccount.Receivable(Customer),
            LedgerAccount.PrepaidCredit(Customer), LedgerAccount.ProviderPayable(Provider), LedgerAccount.ExpiredCredit,
        ];
        Currency[] currencies = [Currency.Usd, Currency.Eur, Currency.Jpy];

        for (var i = 0; i < count; i++)
        {
            var from = accounts[random.Next(accounts.Length)];
            var to = accounts.Where(a => a != from).ElementAt(random.Next(accounts.Length - 1));
            var currency = currencies[random.Next(currencies.Length)];
            ledger.Transfer(Guid.NewGuid(), to, from, new Money(random.Next(1, 1_000_000) / 1_000m, currency), "test", $"ref-{i}", At);
        }

        var verification = ledger.Verify();

        Assert.True(verification.IsBalanced, string.Join(" ", verification.Problems));
        Assert.All(verification.Totals, t => Assert.Equal(t.Debits, t.Credits));
        foreach (var currency in currencies)
        {
            Assert.Equal(
                Money.Zero(currency),
                Money.Sum(accounts.Select(a => ledger.Balance(a, currency)), currency));
        }
    }

    [Fact]
    public void Verify_ALoneEntry_IsReportedAsUnbalanced()
    {
        var ledger = new Ledger();
        ledger.Transfer(Guid.NewGuid(), LedgerAccount.Cash, LedgerAccount.PrepaidCredit(Customer), Usd(10m), "wallet.topup", "g-1", At);
        var stray = new LedgerEntry(Guid.NewGuid(), LedgerAccount.Cash, EntrySide.Debit, Usd(1m), "manual", "oops", At);

        var verification = Ledger.Verify([.. ledger.Entries, stray]);

        Assert.False(verification.IsBalanced);
        Assert.Contains(verification.Problems, p => p.StartsWith("USD: debits 11.00 USD ≠ credits 10.00 USD", StringComparison.Ordinal));
        Assert.Contains(verification.Problems, p => p.Contains(stray.MovementId.ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public void Verify_AMovementWithMismatchedSides_IsReportedEvenWhenTotalsBalance()
    {
        var movement = Guid.NewGuid();
        var other = Guid.NewGuid();
        LedgerEntry[] entries =
        [
            new(movement, LedgerAccount.Cash, EntrySide.Debit, Usd(5m), "r", "x", At),
            new(movement, LedgerAccount.PlatformRevenue, EntrySide.Credit, Usd(4m), "r", "x", At),
            new(other, LedgerAccount.Cash, EntrySide.Debit, Usd(4m), "r", "y", At),
            new(other, LedgerAccount.PlatformRevenue, EntrySide.Credit, Usd(5m), "r", "y", At),
        ];

        var verification = Ledger.Verify(entries);

        Assert.False(verification.IsBalanced);
        Assert.True(Assert.Single(verification.Totals).IsBalanced);
        Assert.Equal(2, verification.Problems.Count);
    }

    [Fact]
    public void Verify_NoEntries_IsBalanced()
    {
        Assert.True(Ledger.Verify([]).IsBalanced);
    }

    [Fact]
    public void Transfer_TheSameMovementTwice_IsRefused()
    {
        var ledger = new Ledger();
        var movement = Guid.NewGuid();
        ledger.Transfer(movement, LedgerAccount.Cash, LedgerAccount.PlatformRevenue, Usd(1m), "r", "x", At);

        Assert.Throws<InvalidOperationException>(
            () => ledger.Transfer(movement, LedgerAccount.Cash, LedgerAccount.PlatformRevenue, Usd(1m), "r", "x", At));
        Assert.Equal(2, ledger.Entries.Count);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Transfer_NonPositiveAmount_IsRefused(decimal amount)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Ledger().Transfer(
            Guid.NewGuid(), LedgerAccount.Cash, LedgerAccount.PlatformRevenue, Usd(amount), "r", "x", At));
    }

    [Fact]
    public void Transfer_ToTheSameAccount_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => new Ledger().Transfer(
            Guid.NewGuid(), LedgerAccount.Cash, LedgerAccount.Cash, Usd(1m), "r", "x", At));
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    public void LedgerAccount_InvalidName_IsRefused(string name)
    {
        Assert.ThrowsAny<ArgumentException>(() => LedgerAccount.Named(name));
    }

    [Fact]
    public void LedgerAccount_Factories_NameAccountsByOwner()
    {
        Assert.Equal("customer:20000000-0000-0000-0000-000000000001:receivable", LedgerAccount.Receivable(Customer).Name);
        Assert.Equal("provider:30000000-0000-0000-0000-000000000001:payable", LedgerAccount.ProviderPayable(Provider).Name);
        Assert.Equal(LedgerAccount.Named("platform:cash"), LedgerAccount.Cash);
    }
}
