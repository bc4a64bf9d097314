using ModelMint.Domain.Billing;
using static ModelMint.Domain.Tests.Billing.BillingTestData;

namespace ModelMint.Domain.Tests.Billing;

public class PerCallPriceTests
{
    public static TheoryData<decimal, decimal, decimal> Cases => new()
    {
        { 0.01m, 0m, 0m },
        { 0.01m, 1m, 0.01m },
        { 0.01m, 1_000m, 10m },
        { 0.002m, 1_500m, 3m },
        { 0.0003m, 7m, 0.0021m },
        { 0.0003m, 1_000_000_000m, 300_000m },
        { 0m, 1_000m, 0m },
        { 0.01m, 1_000_000_000_000m, 10_000_000_000m },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Price_ChargesTheUnitPriceForEveryCall(decimal unitPrice, decimal calls, decimal expected)
    {
        var quote = new PerCallPrice(Usd(unitPrice)).Price(calls);

        Assert.Equal(expected, quote.Amount.Amount);
        Assert.Equal(calls, quote.Quantity);
    }

    [Theory]
    [InlineData(1.5)]
    [InlineData(0.1)]
    public void Price_FractionalCalls_AreRefused(double calls)
    {
        Assert.Throws<ArgumentException>(() => new PerCallPrice(Usd(0.01m)).Price((decimal)calls));
    }

    [Fact]
    public void Price_NegativeQuantity_IsRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new PerCallPrice(Usd(0.01m)).Price(-1m));
    }

    [Fact]
    public void Constructor_NegativePrice_IsRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new PerCallPrice(Usd(-0.01m)));
    }

    [Fact]
    public void Description_NamesThePricePerCall()
    {
        Assert.Equal("0.002 USD per call", new PerCallPrice(Usd(0.002m)).Description);
    }
}
