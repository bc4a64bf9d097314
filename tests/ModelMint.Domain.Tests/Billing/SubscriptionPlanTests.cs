using ModelMint.Domain.Billing;
using static ModelMint.Domain.Tests.Billing.BillingTestData;

namespace ModelMint.Domain.Tests.Billing;

public class SubscriptionPlanTests
{
    private static SubscriptionPlan Plan(string name, decimal fee, decimal included = 0m) =>
        new(name, Usd(fee), included, new PerUnitPrice(Usd(0.001m)));

    public static TheoryData<decimal, decimal> IncludedAndOverageCases => new()
    {
        { 0m, 49m },
        { 1m, 49m },
        { 50_000m, 49m },
        { 100_000m, 49m },
        { 100_000.5m, 49.0005m },
        { 100_001m, 49.001m },
        { 120_000m, 69m },
        { 1_100_000m, 1_049m },
    };

    [Theory]
    [MemberData(nameof(IncludedAndOverageCases))]
    public void Price_FeeCoversIncludedUnits_OverageIsPricedByTheOverageModel(decimal quantity, decimal expected)
    {
        var quote = Plan("Pro", 49m, 100_000m).Price(quantity);

        Assert.Equal(expected, quote.Amount.Amount);
        Assert.Equal("Pro: monthly fee", quote.Components[0].Description);
    }

    [Theory]
    [InlineData(100000, 49)]
    [InlineData(101000, 59)]
    [InlineData(110000, 131)]
    public void Price_OverageWithGraduatedTiers_StartsCountingAtTheFirstUnitOver(int quantity, decimal expected)
    {
        var plan = new SubscriptionPlan("Pro", Usd(49m), 100_000m, new GraduatedPrice(Currency.Usd, StandardTiers));

        Assert.Equal(expected, plan.Price(quantity).Amount.Amount);
    }

    [Fact]
    public void Constructor_OverageInAnotherCurrency_IsRefused()
    {
        Assert.Throws<CurrencyMismatchException>(
            () => new SubscriptionPlan("Pro", Usd(49m), 0m, new PerCallPrice(new Money(0.01m, Currency.Eur))));
    }

    public static TheoryData<int, int, DateTimeOffset, decimal, decimal, decimal> ProrationCases => new()
    {
        // year, month, change at, fraction remaining, credit (Basic 10) rounded, charge (Pro 40) rounded
        { 2025, 3, Utc(2025, 3, 1), 1m, 10m, 40m },
        { 2025, 3, Utc(2025, 3, 16, 12), 0.5m, 5m, 20m },
        { 2025, 3, Utc(2025, 3, 31), 1m / 31m, 0.32m, 1.29m },
        { 2025, 3, Utc(2025, 3, 31, 23, 59, 59), 1m / 2_678_400m, 0m, 0m },
        { 2025, 4, Utc(2025, 4, 1), 1m, 10m, 40m },
        { 2025, 4, Utc(2025, 4, 16), 0.5m, 5m, 20m },
        { 2025, 4, Utc(2025, 4, 30), 1m / 30m, 0.33m, 1.33m },
        { 2025, 2, Utc(2025, 2, 1), 1m, 10m, 40m },
        { 2025, 2, Utc(2025, 2, 15), 0.5m, 5m, 20m },
        { 2025, 2, Utc(2025, 2, 28), 1m / 28m, 0.36m, 1.43m },
        { 2024, 2, Utc(2024, 2, 29), 1m / 29m, 0.34m, 1.38m },
        { 2024, 2, Utc(2024, 2, 2), 28m / 29m, 9.66m, 38.62m },
    };

    [Theory]
    [MemberData(nameof(ProrationCases))]
    public void Prorate_Upgrade_CreditsTheUnusedOldFeeAndChargesTheNewFeeForTheRemainder(
        int year, int month, DateTimeOffset changeAt, decimal fraction, decimal credit, decimal charge)
    {
        var proration = SubscriptionPlan.Prorate(Plan("Basic", 10m), Plan("Pro", 40m), BillingPeriod.Month(year, month), changeAt);

        Assert.Equal(fraction, proration.FractionRemaining, 20);
        Assert.Equal(credit, proration.CreditForUnused.RoundToMinorUnit().Amount);
        Assert.Equal(charge, proration.ChargeForRemainder.RoundToMinorUnit().Amount);
        Assert.Equal(proration.ChargeForRemainder - proration.CreditForUnused, proration.Net);
        Assert.Equal("Basic", proration.FromPlan);
        Assert.Equal("Pro", proration.ToPlan);
    }

    [Fact]
    public void Prorate_Downgrade_HasANegativeNet()
    {
        var proration = SubscriptionPlan.Prorate(
            Plan("Pro", 40m), Plan("Basic", 10m), BillingPeriod.Month(2025, 4), Utc(2025, 4, 16));

        Assert.Equal(Usd(-15m), proration.Net);
    }

    [Fact]
    public void Prorate_OldFeeForTheElapsedPartPlusNewFeeForTheRest_AddsUpToTheBlendedFee()
    {
        var period = BillingPeriod.Month(2025, 3);
        var at = Utc(2025, 3, 11, 7, 30);
        var proration = SubscriptionPlan.Prorate(Plan("Basic", 10m), Plan("Pro", 40m), period, at);

        var paid = Usd(10m) - proration.CreditForUnused + proration.ChargeForRemainder;

        Assert.Equal(
            (10m * period.FractionElapsed(at)) + (40m * period.FractionRemaining(at)), paid.Amount, 20);
    }

    [Theory]
    [InlineData(2025, 2, 28, 0)]
    [InlineData(2025, 4, 1, 0)]
    public void Prorate_OutsideThePeriod_IsRefused(int year, int month, int day, int hour)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SubscriptionPlan.Prorate(
            Plan("Basic", 10m), Plan("Pro", 40m), BillingPeriod.Month(2025, 3), Utc(year, month, day, hour)));
    }

    [Fact]
    public void Prorate_PlansInDifferentCurrencies_IsRefused()
    {
        var euro = new SubscriptionPlan("Euro", new Money(10m, Currency.Eur), 0m, new PerCallPrice(new Money(0m, Currency.Eur)));

        Assert.Throws<CurrencyMismatchException>(
            () => SubscriptionPlan.Prorate(Plan("Basic", 10m), euro, BillingPeriod.Month(2025, 3), Utc(2025, 3, 5)));
    }

    [Theory]
    [InlineData(1, 30)]
    [InlineData(16, 15)]
    [InlineData(30, 1)]
    public void FeeFrom_StartingMidPeriod_ChargesTheRemainingShare(int day, int daysLeft)
    {
        var fee = Plan("Pro", 30m).FeeFrom(BillingPeriod.Month(2025, 4), Utc(2025, 4, day));

        Assert.Equal(daysLeft, fee.Amount, 20);
    }
}
