using ModelMint.Domain.Billing;
using static ModelMint.Domain.Tests.Billing.BillingTestData;

namespace ModelMint.Domain.Tests.Billing;

public class TieredPriceTests
{
    private static readonly GraduatedPrice Graduated = new(Currency.Usd, StandardTiers);
    private static readonly VolumePrice Volume = new(Currency.Usd, StandardTiers);

    public static TheoryData<decimal, decimal> GraduatedCases => new()
    {
        { 0m, 0m },
        { 0.5m, 0.005m },
        { 1m, 0.01m },
        { 999m, 9.99m },
        { 1_000m, 10m },
        { 1_000.5m, 10.004m },
        { 1_001m, 10.008m },
        { 5_000m, 42m },
        { 9_999m, 81.992m },
        { 10_000m, 82m },
        { 10_000.1m, 82.0005m },
        { 10_001m, 82.005m },
        { 1_000_000m, 5_032m },
        { 1_000_000_000_000m, 5_000_000_032m },
    };

    [Theory]
    [MemberData(nameof(GraduatedCases))]
    public void Graduated_UnitsSpanTiers_ChargesEachTierAtItsOwnPrice(decimal quantity, decimal expected)
    {
        var quote = Graduated.Price(quantity);

        Assert.Equal(expected, quote.Amount.Amount);
        Assert.Equal(quantity, quote.Components.Sum(c => c.Quantity));
    }

    public static TheoryData<decimal, decimal> VolumeCases => new()
    {
        { 0m, 0m },
        { 0.5m, 0.005m },
        { 1m, 0.01m },
        { 999m, 9.99m },
        { 1_000m, 10m },
        { 1_000.5m, 8.004m },
        { 1_001m, 8.008m },
        { 5_000m, 40m },
        { 10_000m, 80m },
        { 10_000.1m, 50.0005m },
        { 10_001m, 50.005m },
        { 1_000_000m, 5_000m },
        { 1_000_000_000_000m, 5_000_000_000m },
    };

    [Theory]
    [MemberData(nameof(VolumeCases))]
    public void Volume_AllUnits_ArePricedAtTheTierTheTotalFallsIn(decimal quantity, decimal expected)
    {
        Assert.Equal(expected, Volume.Price(quantity).Amount.Amount);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 0)]
    [InlineData(1000, 0)]
    [InlineData(1000.001, 1)]
    [InlineData(10000, 1)]
    [InlineData(10001, 2)]
    public void Volume_TierBounds_AreInclusive(double quantity, int tierIndex)
    {
        Assert.Equal(tierIndex, Volume.TierIndexFor((decimal)quantity));
    }

    public static TheoryData<decimal, decimal, decimal> FlatFeeCases => new()
    {
        // quantity, graduated, volume
        { 0m, 0m, 0m },
        { 1m, 2.01m, 2.01m },
        { 1_000m, 12m, 12m },
        { 1_001m, 17.008m, 13.008m },
        { 10_000m, 89m, 85m },
        { 10_001m, 89.005m, 50.005m },
    };

    [Theory]
    [MemberData(nameof(FlatFeeCases))]
    public void FlatFees_AreChargedOncePerTierReached(decimal quantity, decimal graduated, decimal volume)
    {
        Assert.Equal(graduated, new GraduatedPrice(Currency.Usd, TiersWithFlatFees).Price(quantity).Amount.Amount);
        Assert.Equal(volume, new VolumePrice(Currency.Usd, TiersWithFlatFees).Price(quantity).Amount.Amount);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(500)]
    [InlineData(1000)]
    public void VolumeAndGraduated_WithinTheFirstTier_Agree(int quantity)
    {
        Assert.Equal(Graduated.Price(quantity).Amount, Volume.Price(quantity).Amount);
    }

    [Theory]
    [InlineData(1001)]
    [InlineData(5000)]
    [InlineData(10000)]
    [InlineData(10001)]
    [InlineData(1000000)]
    public void VolumeAndGraduated_PastTheFirstTierWithFallingPrices_VolumeIsCheaper(int quantity)
    {
        Assert.True(Volume.Price(quantity).Amount < Graduated.Price(quantity).Amount);
    }

    [Fact]
    public void Volume_CrossingATierBoundary_CanCostLessThanJustBelowIt()
    {
        Assert.True(Volume.Price(1_001m).Amount < Volume.Price(1_000m).Amount);
    }

    [Fact]
    public void Graduated_MoreUnits_NeverCostLess()
    {
        var previous = Money.Zero(Currency.Usd);
        for (var q = 0m; q <= 12_000m; q += 250m)
        {
            var amount = Graduated.Price(q).Amount;
            Assert.True(amount >= previous, $"{q} units cost {amount}, less than {previous}");
            previous = amount;
        }
    }

    [Fact]
    public void Graduated_Breakdown_NamesEachTierRange()
    {
        var quote = Graduated.Price(10_001m);

        Assert.Equal(
            ["0–1,000: 1,000 × 0.01 USD", "1,000–10,000: 9,000 × 0.008 USD", "above 10,000: 1 × 0.005 USD"],
            quote.Components.Select(c => c.Description));
    }

    public static TheoryData<PriceTier[], string> InvalidTiers => new()
    {
        { [], "at least one tier" },
        { [new(1_000m, 0.01m)], "must be unbounded" },
        { [new(null, 0.01m), new(1_000m, 0.01m)], "Only the last tier" },
        { [new(1_000m, 0.01m), new(1_000m, 0.008m), new(null, 0.005m)], "must increase" },
        { [new(1_000m, 0.01m), new(500m, 0.008m), new(null, 0.005m)], "must increase" },
    };

    [Theory]
    [MemberData(nameof(InvalidTiers))]
    public void Constructor_InvalidTiers_AreRefusedWithAClearMessage(PriceTier[] tiers, string message)
    {
        var graduated = Assert.Throws<ArgumentException>(() => new GraduatedPrice(Currency.Usd, tiers));
        var volume = Assert.Throws<ArgumentException>(() => new VolumePrice(Currency.Usd, tiers));

        Assert.Contains(message, graduated.Message, StringComparison.Ordinal);
        Assert.Contains(message, volume.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 0.01, 0)]
    [InlineData(-1, 0.01, 0)]
    [InlineData(100, -0.01, 0)]
    [InlineData(100, 0.01, -1)]
    public void PriceTier_InvalidValues_AreRefused(double upTo, double unitPrice, double flatFee)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new PriceTier((decimal)upTo, (decimal)unitPrice, (decimal)flatFee));
    }

    [Fact]
    public void SingleUnboundedTier_BehavesLikeAPerUnitPrice()
    {
        PriceTier[] tiers = [new(null, 0.003m)];

        Assert.Equal(3m, new GraduatedPrice(Currency.Usd, tiers).Price(1_000m).Amount.Amount);
        Assert.Equal(3m, new VolumePrice(Currency.Usd, tiers).Price(1_000m).Amount.Amount);
    }
}
