using ModelMint.Server.Webhooks;

namespace ModelMint.Server.Tests.Webhooks;

/// <summary>The pure threshold rules; the end-to-end behaviour is in <see cref="BalanceThresholdTests"/>.</summary>
public sealed class BalanceThresholdRulesTests
{
    [Theory]
    [InlineData(100_000, 0, "")]
    [InlineData(100_000, 49_999, "")]
    [InlineData(100_000, 50_000, "50")]
    [InlineData(100_000, 79_999, "50")]
    [InlineData(100_000, 80_000, "50,80")]
    [InlineData(100_000, 99_999, "50,80")]
    [InlineData(100_000, 100_000, "50,80,100")]
    [InlineData(3, 2, "50")]
    [InlineData(0, 0, "")]
    [InlineData(long.MaxValue / 2, long.MaxValue / 2, "50,80,100")]
    public void Reached_ListsEachPercentUsageHasReached(long reference, long used, string expected)
    {
        Assert.Equal(expected, string.Join(",", BalanceThresholds.Reached(reference, used)));
    }

    [Theory]
    [InlineData(999_999, 1_000_000, true)]
    [InlineData(1_000_000, 1_000_000, false)]
    [InlineData(0, 0, false)]
    public void IsLow_WhenStrictlyBelowTheMark(long balance, long mark, bool low)
    {
        Assert.Equal(low, BalanceThresholds.IsLow(balance, mark));
    }
}
