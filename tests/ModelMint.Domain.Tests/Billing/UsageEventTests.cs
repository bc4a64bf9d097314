using ModelMint.Domain.Billing;
using static ModelMint.Domain.Tests.Billing.BillingTestData;

namespace ModelMint.Domain.Tests.Billing;

public class UsageEventTests
{
    private static readonly Guid Account = Guid.Parse("40000000-0000-0000-0000-000000000001");
    private static readonly Guid Key = Guid.Parse("50000000-0000-0000-0000-000000000001");

    [Theory]
    [InlineData("a", 0)]
    [InlineData("retry-7f3c", 1)]
    [InlineData("key with spaces", 12.5)]
    [InlineData("0190f5a2-3c4d-7e8f-9a0b-1c2d3e4f5a6b", 1000000)]
    public void Create_ValidEvent_IsAccepted(string key, double quantity)
    {
        var usage = UsageEvent.Create(
            Account, Key, "sentiment", 2, Meter.Characters, (decimal)quantity,
            new DateTimeOffset(2025, 3, 1, 9, 0, 0, TimeSpan.FromHours(9)), key);

        Assert.Equal(key, usage.IdempotencyKey);
        Assert.Equal((decimal)quantity, usage.Quantity);
        Assert.Equal(Utc(2025, 3, 1), usage.OccurredAt);
        Assert.Equal(TimeSpan.Zero, usage.OccurredAt.Offset);
    }

    [Fact]
    public void Create_KeyOfExactlyTheMaximumLength_IsAccepted()
    {
        var key = new string('k', UsageEvent.MaxIdempotencyKeyLength);

        Assert.Equal(key, UsageEvent.Create(Account, Key, "sentiment", 1, Meter.Calls, 1m, Utc(2025, 3, 1), key).IdempotencyKey);
    }

    public static TheoryData<Guid, Guid, string?, int, string?, decimal, string?, string> InvalidCases => new()
    {
        { Account, Key, "sentiment", 1, "calls", 1m, "", "idempotencyKey" },
        { Account, Key, "sentiment", 1, "calls", 1m, "   ", "idempotencyKey" },
        { Account, Key, "sentiment", 1, "calls", 1m, null, "idempotencyKey" },
        { Account, Key, "sentiment", 1, "calls", 1m, new string('k', 201), "idempotencyKey" },
        { Account, Key, "sentiment", 1, "calls", 1m, "line\nbreak", "idempotencyKey" },
        { Account, Key, "sentiment", 1, "calls", -1m, "k", "quantity" },
        { Account, Key, "sentiment", 1, "calls", -0.0001m, "k", "quantity" },
        { Account, Key, "Sentiment!", 1, "calls", 1m, "k", "model" },
        { Account, Key, null, 1, "calls", 1m, "k", "model" },
        { Account, Key, "sentiment", 0, "calls", 1m, "k", "version" },
        { Guid.Empty, Key, "sentiment", 1, "calls", 1m, "k", "accountId" },
        { Account, Guid.Empty, "sentiment", 1, "calls", 1m, "k", "keyId" },
        { Account, Key, "sentiment", 1, null, 1m, "k", "meter" },
    };

    [Theory]
    [MemberData(nameof(InvalidCases))]
    public void Validate_InvalidField_IsReportedByName(
        Guid account, Guid key, string? model, int version, string? meter, decimal quantity, string? idempotencyKey, string field)
    {
        var parsedMeter = meter is null ? default : Meter.Parse(meter);

        var problem = Assert.Single(UsageEvent.Validate(account, key, model, version, parsedMeter, quantity, idempotencyKey));

        Assert.Equal(field, problem.Field);
        Assert.Throws<ArgumentException>(() => UsageEvent.Create(
            account, key, model!, version, parsedMeter, quantity, Utc(2025, 3, 1), idempotencyKey!));
    }

    [Fact]
    public void Validate_SeveralProblems_AreAllReported()
    {
        var problems = UsageEvent.Validate(Guid.Empty, Key, "x", 0, Meter.Calls, -1m, "");

        Assert.Equal(["accountId", "model", "version", "quantity", "idempotencyKey"], problems.Select(p => p.Field));
    }
}
