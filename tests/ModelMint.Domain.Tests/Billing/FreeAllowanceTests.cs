using ModelMint.Domain.Billing;
using static ModelMint.Domain.Tests.Billing.BillingTestData;

namespace ModelMint.Domain.Tests.Billing;

public class FreeAllowanceTests
{
    public static TheoryData<decimal, decimal, decimal> PerUnitCases => new()
    {
        // free units, quantity, amount at 0.01 per unit
        { 1_000m, 0m, 0m },
        { 1_000m, 500m, 0m },
        { 1_000m, 1_000m, 0m },
        { 1_000m, 1_000.5m, 0.005m },
        { 1_000m, 1_001m, 0.01m },
        { 1_000m, 1_500m, 5m },
        { 0m, 1_500m, 15m },
        { 1_000_000m, 1_000_000_000m, 9_990_000m },
    };

    [Theory]
    [MemberData(nameof(PerUnitCases))]
    public void Price_FirstUnitsAreFree_ThenTheInnerModelApplies(decimal free, decimal quantity, decimal expected)
    {
        var model = new FreeAllowance(free, new PerUnitPrice(Usd(0.01m)));

        var quote = model.Price(quantity);

        Assert.Equal(expected, quote.Amount.Amount);
        Assert.Equal(quantity, quote.Quantity);
    }

    public static TheoryData<decimal, decimal> GraduatedCases => new()
    {
        { 1_000m, 0m },
        { 2_000m, 10m },
        { 2_001m, 10.008m },
        { 11_000m, 82m },
        { 11_001m, 82.005m },
    };

    [Theory]
    [MemberData(nameof(GraduatedCases))]
    public void Price_OverGraduatedTiers_TiersCountOnlyBillableUnits(decimal quantity, decimal expected)
    {
        var model = new FreeAllowance(1_000m, new GraduatedPrice(Currency.Usd, StandardTiers));

        Assert.Equal(expected, model.Price(quantity).Amount.Amount);
    }

    [Theory]
    [InlineData(500, 0)]
    [InlineData(1000, 0)]
    [InlineData(1001, 1)]
    [InlineData(2000, 1)]
    [InlineData(2001, 2)]
    public void Price_OverPackages_PackagesStartAfterTheAllowance(int quantity, int packages)
    {
        var model = new FreeAllowance(1_000m, new PackagePrice(Usd(1m), 1_000m));

        Assert.Equal(packages, model.Price(quantity).Amount.Amount);
    }

    [Fact]
    public void Breakdown_ShowsTheFreeUnitsAtZero()
    {
        var quote = new FreeAllowance(1_000m, new PerUnitPrice(Usd(0.01m))).Price(1_500m);

        Assert.Equal("1,000 of 1,000 free units", quote.Components[0].Description);
        Assert.True(quote.Components[0].Amount.IsZero);
        Assert.Equal(500m, quote.Components[1].Quantity);
    }

    [Fact]
    public void Constructor_NegativeAllowance_IsRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new FreeAllowance(-1m, new PerCallPrice(Usd(0.01m))));
    }
}
