using ModelMint.Domain.Billing;
using static ModelMint.Domain.Tests.Billing.BillingTestData;

namespace ModelMint.Domain.Tests.Billing;

public class UsageTotalsTests
{
    private static readonly Guid A = Guid.Parse("60000000-0000-0000-0000-00000000000a");
    private static readonly Guid B = Guid.Parse("60000000-0000-0000-0000-00000000000b");
    private static readonly BillingPeriod March = BillingPeriod.Month(2025, 3);

    private static UsageEvent Event(Guid account, string key, decimal quantity, DateTimeOffset at, Meter? meter = null, string model = "sentiment") =>
        UsageEvent.Create(account, Guid.NewGuid(), model, 1, meter ?? Meter.Calls, quantity, at, key);

    public static TheoryData<UsageEvent[], decimal, int> Cases => new()
    {
        { [], 0m, 0 },
        { [Event(A, "k1", 1m, Utc(2025, 3, 5))], 1m, 1 },
        { [Event(A, "k1", 1m, Utc(2025, 3, 5)), Event(A, "k1", 1m, Utc(2025, 3, 5))], 1m, 1 },
        { [Event(A, "k1", 1m, Utc(2025, 3, 5)), Event(A, "k1", 7m, Utc(2025, 3, 6))], 1m, 1 },
        { [Event(A, "k1", 1m, Utc(2025, 3, 5)), Event(A, "k2", 2m, Utc(2025, 3, 6))], 3m, 2 },
        { [Event(A, "k1", 1m, Utc(2025, 3, 1))], 1m, 1 },
        { [Event(A, "k1", 1m, Utc(2025, 4, 1))], 0m, 0 },
        { [Event(A, "k1", 1m, Utc(2025, 3, 1).AddTicks(-1))], 0m, 0 },
        { [Event(A, "k1", 1m, Utc(2025, 4, 1).AddTicks(-1))], 1m, 1 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Summarize_CountsEachIdempotencyKeyOnce_InsideTheHalfOpenPeriod(UsageEvent[] events, decimal quantity, int count)
    {
        var totals = UsageTotals.Summarize(events, March);

        Assert.Equal(quantity, totals.Sum(t => t.Quantity));
        Assert.Equal(count, totals.Sum(t => t.Events));
    }

    [Fact]
    public void Summarize_SameKeyForAnotherAccountOrMeter_IsADifferentEvent()
    {
        UsageEvent[] events =
        [
            Event(A, "k", 1m, Utc(2025, 3, 5)),
            Event(B, "k", 10m, Utc(2025, 3, 5)),
            Event(A, "k", 100m, Utc(2025, 3, 5), Meter.Characters),
            Event(A, "k2", 1_000m, Utc(2025, 3, 5), model: "intent"),
        ];

        var totals = UsageTotals.Summarize(events, March);

        Assert.Equal(
            [(A, "intent", "calls", 1_000m), (A, "sentiment", "calls", 1m), (A, "sentiment", "characters", 100m), (B, "sentiment", "calls", 10m)],
            totals.Select(t => (t.AccountId, t.ModelName, t.Meter.Name, t.Quantity)));
    }
}
