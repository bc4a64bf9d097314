using ModelMint.Domain.Billing;
using static ModelMint.Domain.Tests.Billing.BillingTestData;

namespace ModelMint.Domain.Tests.Billing;

public class PerUnitPriceTests
{
    public static TheoryData<decimal, decimal, decimal, decimal> Cases => new()
    {
        // price per block, block size, quantity, expected
        { 0.002m, 1_000m, 0m, 0m },
        { 0.002m, 1_000m, 1m, 0.000002m },
        { 0.002m, 1_000m, 999m, 0.001998m },
        { 0.002m, 1_000m, 1_000m, 0.002m },
        { 0.002m, 1_000m, 1_500m, 0.003m },
        { 0.002m, 1_000m, 1_000_001m, 2.000002m },
        { 0.002m, 1_000m, 1_000_000_000_000m, 2_000_000m },
        { 0.002m, 1_000m, 0.5m, 0.000001m },
        { 0.5m, 1_000_000m, 1_234_567m, 0.6172835m },
        { 10m, 1_000_000m, 3m, 0.00003m },
        { 0.01m, 1m, 250m, 2.5m },
        { 1m, 3m, 3m, 1m },
        { 1m, 3m, 300m, 100m },
        { 0m, 1_000m, 5_000m, 0m },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Price_IsProratedLinearlyPerBlock(decimal pricePerBlock, decimal blockSize, decimal quantity, decimal expected)
    {
        var quote = new PerUnitPrice(Usd(pricePerBlock), blockSize, "characters").Price(quantity);

        Assert.Equal(expected, quote.Amount.Amount);
    }

    [Fact]
    public void Price_OneThirdOfABlock_KeepsFullPrecisionUntilTheInvoiceRounds()
    {
        var quote = new PerUnitPrice(Usd(1m), 3m).Price(1m);

        Assert.Equal(0.3333333333333333333333333333m, quote.Amount.Amount);
        Assert.Equal(0.33m, quote.Amount.RoundToMinorUnit().Amount);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1000)]
    public void Constructor_NonPositiveBlock_IsRefused(int blockSize)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new PerUnitPrice(Usd(1m), blockSize));
    }

    [Theory]
    [InlineData(1000, "characters", "0.002 USD per 1,000 characters")]
    [InlineData(1, "tokens", "0.002 USD per token")]
    [InlineData(1000000, "tokens", "0.002 USD per 1,000,000 tokens")]
    public void Description_NamesThePriceAndBlock(int blockSize, string unitName, string expected)
    {
        Assert.Equal(expected, new PerUnitPrice(Usd(0.002m), blockSize, unitName).Description);
    }
}
