using ModelMint.Domain.Billing;
using static ModelMint.Domain.Tests.Billing.BillingTestData;

namespace ModelMint.Domain.Tests.Billing;

public class RevenueSplitTests
{
    public static TheoryData<string, decimal, decimal[], decimal[]> Cases => new()
    {
        { "USD", 100m, [1m, 1m, 1m], [33.34m, 33.33m, 33.33m] },
        { "USD", 100m, [1m, 1m], [50m, 50m] },
        { "USD", 0.01m, [1m, 1m, 1m], [0.01m, 0m, 0m] },
        { "USD", 0.02m, [1m, 1m, 1m], [0.01m, 0.01m, 0m] },
        { "USD", 0m, [1m, 2m], [0m, 0m] },
        { "USD", 10m, [1m, 2m], [3.33m, 6.67m] },
        { "USD", 100m, [0m, 1m, 1m], [0m, 50m, 50m] },
        { "USD", 1m, [1m, 1m, 1m, 1m, 1m, 1m, 1m], [0.15m, 0.15m, 0.14m, 0.14m, 0.14m, 0.14m, 0.14m] },
        { "USD", 9.99m, [0.7m, 0.2m, 0.1m], [6.99m, 2m, 1m] },
        { "USD", 100.005m, [1m, 1m], [50.01m, 50m] },
        { "USD", -100m, [1m, 1m, 1m], [-33.34m, -33.33m, -33.33m] },
        { "USD", 1_000_000_000m, [1m, 1m, 1m], [333_333_333.34m, 333_333_333.33m, 333_333_333.33m] },
        { "USD", 5m, [3m], [5m] },
        { "JPY", 100m, [1m, 1m, 1m], [34m, 33m, 33m] },
        { "JPY", 1m, [1m, 1m, 1m], [1m, 0m, 0m] },
        { "BHD", 1m, [1m, 1m, 1m], [0.334m, 0.333m, 0.333m] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void LargestRemainder_PartsAreProportional_AndAddUpExactly(string code, decimal total, decimal[] weights, decimal[] expected)
    {
        var currency = Currency.FromCode(code);
        var money = new Money(total, currency);

        var parts = RevenueSplit.LargestRemainder(money, weights);

        Assert.Equal(expected, parts.Select(p => p.Amount));
        Assert.Equal(money.RoundToMinorUnit(), Money.Sum(parts, currency));
    }

    [Fact]
    public void LargestRemainder_ManyRandomSplits_AlwaysSumExactly_AndStayWithinOneMinorUnit()
    {
        var random = new Random(20250301);
        for (var i = 0; i < 10_000; i++)
        {
            var currency = random.Next(4) == 0 ? Currency.Jpy : Currency.Usd;
            var total = new Money(random.Next(0, 100_000_000) / 1_000m, currency);
            var weights = Enumerable.Range(0, random.Next(1, 12))
                .Select(_ => random.Next(5) == 0 ? 0m : random.Next(1, 10_000) / 100m)
                .ToArray();
            if (weights.Sum() == 0m)
            {
                weights[0] = 1m;
            }

            var parts = RevenueSplit.LargestRemainder(total, weights);
            var rounded = total.RoundToMinorUnit();

            Assert.Equal(rounded, Money.Sum(parts, currency));
            for (var p = 0; p < parts.Count; p++)
            {
                var exact = rounded.Amount * weights[p] / weights.Sum();
                Assert.True(Math.Abs(parts[p].Amount - exact) < currency.MinorUnit, $"part {p} = {parts[p]}, exact {exact}");
                Assert.True(parts[p].IsRoundedToMinorUnit);
                if (weights[p] == 0m)
                {
                    Assert.True(parts[p].IsZero);
                }
            }
        }
    }

    [Theory]
    [InlineData(new double[0])]
    [InlineData(new double[] { 0, 0 })]
    [InlineData(new double[] { 1, -1 })]
    public void LargestRemainder_InvalidWeights_AreRefused(double[] weights)
    {
        Assert.Throws<ArgumentException>(
            () => RevenueSplit.LargestRemainder(Usd(10m), [.. weights.Select(w => (decimal)w)]));
    }
}
