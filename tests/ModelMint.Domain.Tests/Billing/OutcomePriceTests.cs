using ModelMint.Domain.Billing;
using static ModelMint.Domain.Tests.Billing.BillingTestData;

namespace ModelMint.Domain.Tests.Billing;

public class OutcomePriceTests
{
    private static readonly DateTimeOffset CalledAt = Utc(2025, 3, 10, 9);
    private static readonly TimeSpan Window = TimeSpan.FromHours(24);

    private static OutcomePrice Model(UnresolvedPolicy policy) => new(Usd(0.05m), Window, policy);

    public static TheoryData<OutcomeFeedback, TimeSpan?, TimeSpan, UnresolvedPolicy, OutcomeVerdict> Cases
    {
        get
        {
            var data = new TheoryData<OutcomeFeedback, TimeSpan?, TimeSpan, UnresolvedPolicy, OutcomeVerdict>();
            static TimeSpan h(int hours) => TimeSpan.FromHours(hours);
            var justBeforeClose = Window - TimeSpan.FromTicks(1);
            foreach (var policy in new[] { UnresolvedPolicy.Charge, UnresolvedPolicy.Free })
            {
                var silence = policy == UnresolvedPolicy.Charge ? OutcomeVerdict.Billable : OutcomeVerdict.Free;

                // accepted inside the window: billable under both policies, as soon as it is received
                data.Add(OutcomeFeedback.Accepted, h(1), h(2), policy, OutcomeVerdict.Billable);
                data.Add(OutcomeFeedback.Accepted, TimeSpan.Zero, TimeSpan.Zero, policy, OutcomeVerdict.Billable);
                data.Add(OutcomeFeedback.Accepted, justBeforeClose, h(48), policy, OutcomeVerdict.Billable);
                data.Add(OutcomeFeedback.Accepted, h(1), h(1000), policy, OutcomeVerdict.Billable);

                // rejected inside the window: free under both policies
                data.Add(OutcomeFeedback.Rejected, h(1), h(2), policy, OutcomeVerdict.Free);
                data.Add(OutcomeFeedback.Rejected, justBeforeClose, Window, policy, OutcomeVerdict.Free);

                // feedback not yet received as of the evaluation: pending while the window is open
                data.Add(OutcomeFeedback.Accepted, h(3), h(2), policy, OutcomeVerdict.Pending);
                data.Add(OutcomeFeedback.Rejected, h(3), h(2), policy, OutcomeVerdict.Pending);

                // no feedback: pending until the window closes, then the policy decides
                data.Add(OutcomeFeedback.None, null, TimeSpan.Zero, policy, OutcomeVerdict.Pending);
                data.Add(OutcomeFeedback.None, null, justBeforeClose, policy, OutcomeVerdict.Pending);
                data.Add(OutcomeFeedback.None, null, Window, policy, silence);
                data.Add(OutcomeFeedback.None, null, h(48), policy, silence);

                // feedback at or after the deadline is ignored: the call counts as unresolved
                data.Add(OutcomeFeedback.Accepted, Window, h(25), policy, silence);
                data.Add(OutcomeFeedback.Rejected, Window, h(25), policy, silence);
                data.Add(OutcomeFeedback.Rejected, h(30), h(31), policy, silence);
                data.Add(OutcomeFeedback.Accepted, h(30), h(31), policy, silence);
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Decide_FeedbackWindowAndPolicy_SayWhetherACallIsBillable(
        OutcomeFeedback feedback, TimeSpan? feedbackAfter, TimeSpan asOfAfter, UnresolvedPolicy policy, OutcomeVerdict expected)
    {
        var call = new OutcomeCall(Guid.NewGuid(), CalledAt, feedback, CalledAt + feedbackAfter);

        Assert.Equal(expected, Model(policy).Decide(call, CalledAt + asOfAfter));
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(1, true)]
    [InlineData(23, true)]
    [InlineData(24, false)]
    [InlineData(25, false)]
    [InlineData(-1, false)]
    public void AcceptsFeedback_OnlyInsideTheHalfOpenWindow(int hoursAfterCall, bool expected)
    {
        Assert.Equal(expected, Model(UnresolvedPolicy.Free).AcceptsFeedback(CalledAt, CalledAt.AddHours(hoursAfterCall)));
    }

    [Theory]
    [InlineData(UnresolvedPolicy.Charge, 14, 4, 3, 5, 0.3)]
    [InlineData(UnresolvedPolicy.Free, 14, 4, 3, 5, 0.2)]
    [InlineData(UnresolvedPolicy.Charge, 12, 4, 3, 5, 0.2)]
    [InlineData(UnresolvedPolicy.Charge, 0, 0, 0, 0, 0)]
    public void Settle_SortsCallsByVerdict_AndPricesTheBillableOnes(
        UnresolvedPolicy policy, int total, int accepted, int rejected, int pending, decimal expected)
    {
        var asOf = CalledAt.AddHours(24);
        var calls = new List<OutcomeCall>();
        for (var i = 0; i < total; i++)
        {
            calls.Add(i switch
            {
                _ when i < accepted => new OutcomeCall(Guid.NewGuid(), CalledAt, OutcomeFeedback.Accepted, CalledAt.AddHours(1)),
                _ when i < accepted + rejected => new OutcomeCall(Guid.NewGuid(), CalledAt, OutcomeFeedback.Rejected, CalledAt.AddHours(1)),
                _ when i < accepted + rejected + pending => new OutcomeCall(Guid.NewGuid(), CalledAt.AddHours(12)),
                _ => new OutcomeCall(Guid.NewGuid(), CalledAt),
            });
        }

        var settlement = Model(policy).Settle(calls, asOf);
        var unresolved = total - accepted - rejected - pending;

        Assert.Equal(pending, settlement.Pending.Count);
        Assert.Equal(accepted + (policy == UnresolvedPolicy.Charge ? unresolved : 0), settlement.Billable.Count);
        Assert.Equal(rejected + (policy == UnresolvedPolicy.Free ? unresolved : 0), settlement.Free.Count);
        Assert.Equal(expected, settlement.Quote.Amount.Amount);
        Assert.Equal(settlement.Billable.Count, settlement.Quote.Quantity);
    }

    [Fact]
    public void OutcomeCall_FeedbackWithoutTime_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => new OutcomeCall(Guid.NewGuid(), CalledAt, OutcomeFeedback.Accepted));
        Assert.Throws<ArgumentException>(() => new OutcomeCall(Guid.NewGuid(), CalledAt, OutcomeFeedback.None, CalledAt));
        Assert.Throws<ArgumentException>(
            () => new OutcomeCall(Guid.NewGuid(), CalledAt, OutcomeFeedback.Accepted, CalledAt.AddSeconds(-1)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Constructor_NonPositiveWindow_IsRefused(int hours)
    {
        Assert.Throws<ArgumentOutOfRangeException>(
            () => new OutcomePrice(Usd(0.05m), TimeSpan.FromHours(hours), UnresolvedPolicy.Free));
    }

    [Fact]
    public void Price_IsPerBillableCall()
    {
        var model = Model(UnresolvedPolicy.Free);

        Assert.Equal(5m, model.Price(100m).Amount.Amount);
        Assert.Throws<ArgumentException>(() => model.Price(1.5m));
    }
}
