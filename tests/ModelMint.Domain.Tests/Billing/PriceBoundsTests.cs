using ModelMint.Domain.Billing;
using static ModelMint.Domain.Tests.Billing.BillingTestData;

namespace ModelMint.Domain.Tests.Billing;

public class PriceBoundsTests
{
    // 0.001 to 0.1 USD per 1,000 characters.
    private static readonly PriceBounds Characters = new(Meter.Characters, Usd(0.000001m), Usd(0.0001m));

    public static TheoryData<IPriceModel, bool> Models => new()
    {
        { new PerUnitPrice(Usd(0.002m), 1_000m, "characters"), true },
        { new PerUnitPrice(Usd(0.001m), 1_000m, "characters"), true },
        { new PerUnitPrice(Usd(0.1m), 1_000m, "characters"), true },
        { new PerUnitPrice(Usd(0.0009m), 1_000m, "characters"), false },
        { new PerUnitPrice(Usd(0.2m), 1_000m, "characters"), false },
        { new PerUnitPrice(Usd(0m), 1_000m, "characters"), false },
        { new PackagePrice(Usd(0.05m), 1_000m), true },
        { new PackagePrice(Usd(5m), 1_000m), false },
        { new GraduatedPrice(Currency.Usd, [new(1_000m, 0.00005m), new(null, 0.00002m)]), true },
        { new GraduatedPrice(Currency.Usd, [new(1_000m, 0.00005m), new(null, 0.0000001m)]), false },
        { new VolumePrice(Currency.Usd, [new(1_000m, 0.001m), new(null, 0.00002m)]), false },
        { new FreeAllowance(10_000m, new PerUnitPrice(Usd(0.002m), 1_000m)), true },
        { new FreeAllowance(10_000m, new PerUnitPrice(Usd(2m), 1_000m)), false },
        { new PerUnitPrice(new Money(0.002m, Currency.Eur), 1_000m), false },
    };

    [Theory]
    [MemberData(nameof(Models))]
    public void Check_EveryUnitPriceMustLieWithinTheBounds(IPriceModel model, bool allowed)
    {
        Assert.Equal(allowed, Characters.Allows(model));
        Assert.Equal(allowed, Characters.Check(model).Count == 0);
    }

    [Fact]
    public void Check_PriceAboveTheMaximum_SaysWhichPriceAndTheAllowedRange()
    {
        var error = Assert.Single(Characters.Check(new PerUnitPrice(Usd(0.2m), 1_000m, "characters")));

        Assert.Equal(
            "The price per unit is 0.0002 USD per character, above the maximum: prices for 'characters' must be " +
            "between 0.000001 USD and 0.0001 USD per character.",
            error);
    }

    [Fact]
    public void Check_TieredPriceWithOneBadTier_NamesTheTier()
    {
        var model = new GraduatedPrice(Currency.Usd, [new(1_000m, 0.00005m), new(null, 0.0000001m)]);

        var error = Assert.Single(Characters.Check(model));

        Assert.StartsWith("The price tier 2 (above 1,000) is 0.0000001 USD per character, below the minimum", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_WrongCurrency_SaysWhichCurrencyIsExpected()
    {
        var error = Assert.Single(Characters.Check(new PerCallPrice(new Money(0.01m, Currency.Eur))));

        Assert.Contains("must be in USD", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_InvertedOrNegativeBounds_AreRefused()
    {
        Assert.Throws<ArgumentException>(() => new PriceBounds(Meter.Calls, Usd(0.1m), Usd(0.01m)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PriceBounds(Meter.Calls, Usd(-0.1m), Usd(0.01m)));
        Assert.Throws<CurrencyMismatchException>(() => new PriceBounds(Meter.Calls, Usd(0.01m), new Money(0.1m, Currency.Eur)));
    }
}
