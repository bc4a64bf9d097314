using ModelMint.Domain.Billing;
using static ModelMint.Domain.Tests.Billing.BillingTestData;

namespace ModelMint.Domain.Tests.Billing;

public class BillingPeriodTests
{
    [Theory]
    [InlineData(2025, 1, 31)]
    [InlineData(2025, 2, 28)]
    [InlineData(2024, 2, 29)]
    [InlineData(2000, 2, 29)]
    [InlineData(1900, 2, 28)]
    [InlineData(2025, 4, 30)]
    [InlineData(2025, 12, 31)]
    public void Month_LastsTheCalendarMonth(int year, int month, int days)
    {
        var period = BillingPeriod.Month(year, month);

        Assert.Equal(TimeSpan.FromDays(days), period.Duration);
        Assert.Equal(Utc(year, month, 1), period.Start);
        Assert.Equal(TimeSpan.Zero, period.Start.Offset);
    }

    [Fact]
    public void Month_December_EndsOnTheFirstOfJanuary()
    {
        Assert.Equal(Utc(2026, 1, 1), BillingPeriod.Month(2025, 12).End);
    }

    [Theory]
    [InlineData(2025, 0)]
    [InlineData(2025, 13)]
    [InlineData(0, 1)]
    public void Month_OutOfRange_IsRefused(int year, int month)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => BillingPeriod.Month(year, month));
    }

    public static TheoryData<DateTimeOffset, bool> ContainsCases => new()
    {
        { Utc(2025, 3, 1), true },
        { Utc(2025, 3, 1).AddTicks(-1), false },
        { Utc(2025, 3, 31, 23, 59, 59), true },
        { Utc(2025, 4, 1).AddTicks(-1), true },
        { Utc(2025, 4, 1), false },
        { Utc(2025, 3, 15, 12), true },
        { new DateTimeOffset(2025, 4, 1, 1, 0, 0, TimeSpan.FromHours(2)), true },
        { new DateTimeOffset(2025, 3, 31, 20, 0, 0, TimeSpan.FromHours(-4)), false },
    };

    [Theory]
    [MemberData(nameof(ContainsCases))]
    public void Contains_IsHalfOpen_StartIncludedEndExcluded(DateTimeOffset at, bool expected)
    {
        Assert.Equal(expected, BillingPeriod.Month(2025, 3).Contains(at));
    }

    [Fact]
    public void Constructor_EndNotAfterStart_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => new BillingPeriod(Utc(2025, 3, 1), Utc(2025, 3, 1)));
        Assert.Throws<ArgumentException>(() => new BillingPeriod(Utc(2025, 3, 2), Utc(2025, 3, 1)));
    }

    [Fact]
    public void Constructor_NonUtcOffsets_AreStoredAsUtc()
    {
        var period = new BillingPeriod(
            new DateTimeOffset(2025, 3, 1, 8, 0, 0, TimeSpan.FromHours(8)),
            new DateTimeOffset(2025, 3, 2, 8, 0, 0, TimeSpan.FromHours(8)));

        Assert.Equal(Utc(2025, 3, 1), period.Start);
        Assert.Equal(TimeSpan.Zero, period.End.Offset);
        Assert.Equal(BillingPeriod.Month(2025, 3), BillingPeriod.MonthContaining(period.Start));
    }

    [Fact]
    public void MonthContaining_UsesTheUtcMonth()
    {
        var lateOnTheLastDayInNewYork = new DateTimeOffset(2025, 3, 31, 22, 0, 0, TimeSpan.FromHours(-4));

        Assert.Equal(BillingPeriod.Month(2025, 4), BillingPeriod.MonthContaining(lateOnTheLastDayInNewYork));
    }

    public static TheoryData<int, int, DateTimeOffset, decimal> FractionCases => new()
    {
        // 31-day month
        { 2025, 3, Utc(2025, 3, 1), 1m },
        { 2025, 3, Utc(2025, 3, 2), 30m / 31m },
        { 2025, 3, Utc(2025, 3, 16, 12), 0.5m },
        { 2025, 3, Utc(2025, 3, 31), 1m / 31m },
        { 2025, 3, Utc(2025, 4, 1), 0m },
        { 2025, 3, Utc(2025, 3, 31, 23, 59, 59), 1m / (31m * 86_400m) },
        // 30-day month
        { 2025, 4, Utc(2025, 4, 1), 1m },
        { 2025, 4, Utc(2025, 4, 16), 0.5m },
        { 2025, 4, Utc(2025, 4, 30), 1m / 30m },
        { 2025, 4, Utc(2025, 4, 30, 12), 0.5m / 30m },
        // 28-day month
        { 2025, 2, Utc(2025, 2, 1), 1m },
        { 2025, 2, Utc(2025, 2, 15), 0.5m },
        { 2025, 2, Utc(2025, 2, 28), 1m / 28m },
        // 29-day month
        { 2024, 2, Utc(2024, 2, 29), 1m / 29m },
        { 2024, 2, Utc(2024, 2, 15, 12), 0.5m },
    };

    [Theory]
    [MemberData(nameof(FractionCases))]
    public void FractionRemaining_IsTheShareOfElapsedTimeStillToCome(int year, int month, DateTimeOffset at, decimal expected)
    {
        var period = BillingPeriod.Month(year, month);

        var fraction = period.FractionRemaining(at);

        Assert.Equal(expected, fraction, 20);
        Assert.Equal(1m - fraction, period.FractionElapsed(at));
    }

    [Fact]
    public void FractionRemaining_OutsideThePeriod_IsRefused()
    {
        var period = BillingPeriod.Month(2025, 3);

        Assert.Throws<ArgumentOutOfRangeException>(() => period.FractionRemaining(Utc(2025, 2, 28)));
        Assert.Throws<ArgumentOutOfRangeException>(() => period.FractionRemaining(Utc(2025, 4, 1).AddTicks(1)));
    }

    [Fact]
    public void ToString_UsesIntervalNotation()
    {
        Assert.Equal("[2025-03-01T00:00:00Z, 2025-04-01T00:00:00Z)", BillingPeriod.Month(2025, 3).ToString());
    }
}
