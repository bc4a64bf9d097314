using ModelMint.Domain.Billing;
using static ModelMint.Domain.Tests.Billing.BillingTestData;

namespace ModelMint.Domain.Tests.Billing;

public class PackagePriceTests
{
    public static TheoryData<decimal, decimal, decimal, decimal> Cases => new()
    {
        // package size, quantity, packages, amount at 1 USD per package
        { 1_000m, 0m, 0m, 0m },
        { 1_000m, 0.5m, 1m, 1m },
        { 1_000m, 1m, 1m, 1m },
        { 1_000m, 999m, 1m, 1m },
        { 1_000m, 1_000m, 1m, 1m },
        { 1_000m, 1_000.0001m, 2m, 2m },
        { 1_000m, 1_001m, 2m, 2m },
        { 1_000m, 2_000m, 2m, 2m },
        { 1_000m, 2_001m, 3m, 3m },
        { 1_000m, 1_000_000_000m, 1_000_000m, 1_000_000m },
        { 1m, 2.5m, 3m, 3m },
        { 0.1m, 0.3m, 3m, 3m },
        { 3m, 10m, 4m, 4m },
        { 1_000m, 1_000.0000000000000000000001m, 2m, 2m },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Price_ChargesEveryStartedPackage(decimal size, decimal quantity, decimal packages, decimal amount)
    {
        var model = new PackagePrice(Usd(1m), size);

        Assert.Equal(packages, model.PackagesFor(quantity));
        Assert.Equal(amount, model.Price(quantity).Amount.Amount);
    }

    [Fact]
    public void Description_NamesThePackage()
    {
        Assert.Equal(
            "5 USD per started package of 10,000 tokens", new PackagePrice(Usd(5m), 10_000m, "tokens").Description);
    }

    [Fact]
    public void UnitPrice_IsThePriceOfOneUnitInAFullPackage()
    {
        Assert.Equal(0.0005m, new PackagePrice(Usd(5m), 10_000m).UnitPrices.Single().PricePerUnit);
    }
}
