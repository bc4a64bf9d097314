using ModelMint.Domain.Billing;
using static ModelMint.Domain.Tests.Billing.BillingTestData;

namespace ModelMint.Domain.Tests.Billing;

public class PrepaidWalletTests
{
    private static readonly DateTimeOffset Start = Utc(2025, 3, 1);
    private static readonly CreditGrantId TopUp = new(Guid.Parse("00000000-0000-0000-0000-000000000001"));
    private static readonly CreditGrantId Promo = new(Guid.Parse("00000000-0000-0000-0000-000000000002"));
    private static readonly CreditGrantId Code = new(Guid.Parse("00000000-0000-0000-0000-000000000003"));

    /// <summary>10 USD that never expire, 5 USD expiring on the 10th, 3 USD expiring on the 5th.</summary>
    private static PrepaidWallet ThreeGrants() =>
        PrepaidWallet.Empty(Currency.Usd)
            .AddGrant(TopUp, CreditGrantKind.TopUp, Usd(10m), Start)
            .AddGrant(Promo, CreditGrantKind.Grant, Usd(5m), Start, Utc(2025, 3, 10))
            .AddGrant(Code, CreditGrantKind.Redemption, Usd(3m), Start.AddHours(1), Utc(2025, 3, 5));

    private static ReservationId R(int n) => new(new Guid(n, 0, 0, new byte[8]));

    private static void AssertInvariants(PrepaidWallet wallet)
    {
        Assert.False(wallet.Balance.IsNegative);
        Assert.False(wallet.Available.IsNegative);
        Assert.Equal(wallet.Balance, wallet.Reserved + wallet.Available);
        Assert.Equal(wallet.Reserved, Money.Sum(wallet.Grants.Select(g => g.Reserved), wallet.Currency));
    }

    [Fact]
    public void Grants_AreConsumedOldestExpiringFirst_NeverExpiringLast()
    {
        Assert.Equal([Code, Promo, TopUp], ThreeGrants().Grants.Select(g => g.Id));
    }

    public static TheoryData<decimal, decimal[]> AllocationCases => new()
    {
        // reserve, allocation per grant in order (code 3, promo 5, top-up 10)
        { 0.5m, [0.5m] },
        { 3m, [3m] },
        { 4m, [3m, 1m] },
        { 8m, [3m, 5m] },
        { 8.0001m, [3m, 5m, 0.0001m] },
        { 18m, [3m, 5m, 10m] },
    };

    [Theory]
    [MemberData(nameof(AllocationCases))]
    public void Reserve_TakesCreditFromTheGrantsInExpiryOrder(decimal amount, decimal[] allocations)
    {
        var result = ThreeGrants().Reserve(R(1), Usd(amount), Start.AddHours(2));

        Assert.True(result.Succeeded);
        Assert.Equal(allocations, result.Reservation!.Allocations.Select(a => a.Amount));
        Assert.Equal(Usd(18m), result.Wallet.Balance);
        Assert.Equal(Usd(amount), result.Wallet.Reserved);
        Assert.Equal(Usd(18m - amount), result.Wallet.Available);
        AssertInvariants(result.Wallet);
    }

    [Theory]
    [InlineData(18.01, 0.01)]
    [InlineData(100, 82)]
    public void Reserve_MoreThanAvailable_FailsWithTheShortfallAndChangesNothing(decimal amount, decimal shortfall)
    {
        var wallet = ThreeGrants();

        var result = wallet.Reserve(R(1), Usd(amount), Start.AddHours(2));

        Assert.False(result.Succeeded);
        Assert.Null(result.Reservation);
        Assert.Equal(Usd(shortfall), result.Shortfall);
        Assert.Equal(wallet.Balance, result.Wallet.Balance);
        Assert.Empty(result.Wallet.Reservations);
    }

    public static TheoryData<decimal, decimal, decimal, decimal, decimal, decimal> SettleCases => new()
    {
        // reserved, actual, charged, uncovered, released, balance after (of 18)
        { 4m, 4m, 4m, 0m, 0m, 14m },
        { 4m, 2.5m, 2.5m, 0m, 1.5m, 15.5m },
        { 4m, 0m, 0m, 0m, 4m, 18m },
        { 4m, 6m, 6m, 0m, 0m, 12m },
        { 4m, 18m, 18m, 0m, 0m, 0m },
        { 4m, 20m, 18m, 2m, 0m, 0m },
        { 18m, 18.5m, 18m, 0.5m, 0m, 0m },
        { 0m, 1m, 1m, 0m, 0m, 17m },
    };

    [Theory]
    [MemberData(nameof(SettleCases))]
    public void Settle_ChargesTheActualCost_ReleasesTheRest_AndNeverGoesNegative(
        decimal reserved, decimal actual, decimal charged, decimal uncovered, decimal released, decimal balance)
    {
        var wallet = ThreeGrants().Reserve(R(1), Usd(reserved), Start.AddHours(2)).Wallet;

        var result = wallet.Settle(R(1), Usd(actual), Start.AddHours(3));

        Assert.Equal(Usd(charged), result.Charged);
        Assert.Equal(Usd(uncovered), result.Uncovered);
        Assert.Equal(Usd(released), result.Released);
        Assert.Equal(Usd(balance), result.Wallet.Balance);
        Assert.Equal(Usd(0m), result.Wallet.Reserved);
        AssertInvariants(result.Wallet);
    }

    [Fact]
    public void Settle_ConsumesTheReservedGrantsFirst()
    {
        var wallet = ThreeGrants().Reserve(R(1), Usd(4m), Start.AddHours(2)).Wallet;

        var settled = wallet.Settle(R(1), Usd(3.5m), Start.AddHours(3)).Wallet;

        Assert.Equal([0m, 4.5m, 10m], settled.Grants.Select(g => g.Remaining.Amount));
    }

    [Fact]
    public void BalanceForExactlyNCalls_ConcurrentReservations_GiveExactlyNSuccesses()
    {
        var wallet = PrepaidWallet.Empty(Currency.Usd).AddGrant(TopUp, CreditGrantKind.TopUp, Usd(1m), Start);
        var price = Usd(0.10m);
        var successes = new List<ReservationId>();

        for (var i = 1; i <= 25; i++)
        {
            var result = wallet.Reserve(R(i), price, Start.AddSeconds(i));
            wallet = result.Wallet;
            if (result.Succeeded)
            {
                successes.Add(R(i));
            }
        }

        Assert.Equal(10, successes.Count);
        Assert.Equal(Usd(0m), wallet.Available);

        // settle in reverse order, as requests might finish
        foreach (var id in Enumerable.Reverse(successes))
        {
            wallet = wallet.Settle(id, price, Start.AddMinutes(1)).Wallet;
            AssertInvariants(wallet);
        }

        Assert.Equal(Usd(0m), wallet.Balance);
        Assert.False(wallet.Reserve(R(99), price, Start.AddMinutes(2)).Succeeded);
    }

    [Fact]
    public void Interleaving_ReleaseFreesCreditForTheNextRequest()
    {
        var wallet = PrepaidWallet.Empty(Currency.Usd).AddGrant(TopUp, CreditGrantKind.TopUp, Usd(0.2m), Start);

        var a = wallet.Reserve(R(1), Usd(0.1m), Start);
        var b = a.Wallet.Reserve(R(2), Usd(0.1m), Start);
        var c = b.Wallet.Reserve(R(3), Usd(0.1m), Start);
        var afterRelease = c.Wallet.Release(R(1));
        var d = afterRelease.Wallet.Reserve(R(3), Usd(0.1m), Start);
        var settledB = d.Wallet.Settle(R(2), Usd(0.05m), Start);
        var settledD = settledB.Wallet.Settle(R(3), Usd(0.1m), Start);

        Assert.True(a.Succeeded && b.Succeeded && d.Succeeded);
        Assert.False(c.Succeeded);
        Assert.Equal(Usd(0.1m), afterRelease.Released);
        Assert.Equal(Usd(0.05m), settledB.Released);
        Assert.Equal(Usd(0.05m), settledD.Wallet.Balance);
        Assert.Empty(settledD.Wallet.Reservations);
        AssertInvariants(settledD.Wallet);
    }

    [Fact]
    public void Interleaving_TwoReservationsSettledOutOfOrder_EndInTheSameBalance()
    {
        var wallet = ThreeGrants();
        var both = wallet.Reserve(R(1), Usd(4m), Start).Wallet.Reserve(R(2), Usd(6m), Start).Wallet;

        var firstThenSecond = both.Settle(R(1), Usd(3m), Start).Wallet.Settle(R(2), Usd(5m), Start).Wallet;
        var secondThenFirst = both.Settle(R(2), Usd(5m), Start).Wallet.Settle(R(1), Usd(3m), Start).Wallet;

        Assert.Equal(Usd(10m), firstThenSecond.Balance);
        Assert.Equal(firstThenSecond.Balance, secondThenFirst.Balance);
        AssertInvariants(firstThenSecond);
        AssertInvariants(secondThenFirst);
    }

    [Fact]
    public void SettleOrRelease_AClosedReservation_IsRefused()
    {
        var settled = ThreeGrants().Reserve(R(1), Usd(1m), Start).Wallet.Settle(R(1), Usd(1m), Start).Wallet;

        Assert.Throws<InvalidOperationException>(() => settled.Settle(R(1), Usd(1m), Start));
        Assert.Throws<InvalidOperationException>(() => settled.Release(R(1)));
        Assert.Throws<InvalidOperationException>(() => settled.Release(R(2)));
    }

    [Fact]
    public void Reserve_AnOpenReservationId_IsRefused()
    {
        var wallet = ThreeGrants().Reserve(R(1), Usd(1m), Start).Wallet;

        Assert.Throws<InvalidOperationException>(() => wallet.Reserve(R(1), Usd(1m), Start));
    }

    [Fact]
    public void Operations_InAnotherCurrency_AreRefused()
    {
        var wallet = ThreeGrants();
        var euro = new Money(1m, Currency.Eur);

        Assert.Throws<CurrencyMismatchException>(() => wallet.Reserve(R(1), euro, Start));
        Assert.Throws<CurrencyMismatchException>(() => wallet.AddGrant(CreditGrantId.New(), CreditGrantKind.TopUp, euro, Start));
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(-1, 0)]
    [InlineData(5, -1)]
    [InlineData(5, 0)]
    public void AddGrant_NonPositiveAmountOrExpiryNotAfterGrant_IsRefused(decimal amount, int expiresAfterHours)
    {
        Assert.ThrowsAny<ArgumentException>(() => PrepaidWallet.Empty(Currency.Usd).AddGrant(
            CreditGrantId.New(), CreditGrantKind.Grant, Usd(amount), Start,
            amount > 0 ? Start.AddHours(expiresAfterHours) : null));
    }

    public static TheoryData<DateTimeOffset, decimal, decimal> ExpiryCases => new()
    {
        // at, expired by then, balance left (of 18)
        { Utc(2025, 3, 4, 23, 59, 59), 0m, 18m },
        { Utc(2025, 3, 5), 3m, 15m },
        { Utc(2025, 3, 9), 3m, 15m },
        { Utc(2025, 3, 10), 8m, 10m },
        { Utc(2030, 1, 1), 8m, 10m },
    };

    [Theory]
    [MemberData(nameof(ExpiryCases))]
    public void Expire_SweepsGrantsWhoseExpiryHasPassed(DateTimeOffset at, decimal expired, decimal balance)
    {
        var result = ThreeGrants().Expire(at);

        Assert.Equal(Usd(expired), result.Expired);
        Assert.Equal(Usd(balance), result.Wallet.Balance);
        Assert.Equal(Usd(0m), result.Wallet.Expire(at).Expired);
        AssertInvariants(result.Wallet);
    }

    [Fact]
    public void Reserve_AfterAGrantExpired_SkipsItAndReportsTheExpiry()
    {
        var result = ThreeGrants().Reserve(R(1), Usd(4m), Utc(2025, 3, 6));

        Assert.Equal(Usd(3m), result.Expired);
        Assert.Equal([4m], result.Reservation!.Allocations.Select(a => a.Amount));
        Assert.Equal(Promo, result.Reservation.Allocations[0].GrantId);
    }

    [Fact]
    public void ReservedCredit_SurvivesExpiry_ButItsUnusedPartIsLost()
    {
        var reserved = ThreeGrants().Reserve(R(1), Usd(3m), Utc(2025, 3, 4)).Wallet;

        var expired = reserved.Expire(Utc(2025, 3, 6));
        var settled = expired.Wallet.Settle(R(1), Usd(1m), Utc(2025, 3, 6));

        Assert.Equal(Usd(0m), expired.Expired);
        Assert.Equal(Usd(18m), expired.Wallet.Balance);
        Assert.Equal(Usd(1m), settled.Charged);
        Assert.Equal(Usd(0m), settled.Released);
        Assert.Equal(Usd(2m), settled.Expired);
        Assert.Equal(Usd(15m), settled.Wallet.Balance);
        AssertInvariants(settled.Wallet);
    }

    [Fact]
    public void Release_AfterTheGrantExpired_ForfeitsTheCredit()
    {
        var expired = ThreeGrants().Reserve(R(1), Usd(4m), Utc(2025, 3, 4)).Wallet.Expire(Utc(2025, 3, 5)).Wallet;

        var released = expired.Release(R(1));

        Assert.Equal(Usd(1m), released.Released);
        Assert.Equal(Usd(3m), released.Expired);
        Assert.Equal(Usd(15m), released.Wallet.Balance);
        AssertInvariants(released.Wallet);
    }

    [Fact]
    public void Restore_StateBreakingAnInvariant_IsRefused()
    {
        var grant = new CreditGrant(TopUp, CreditGrantKind.TopUp, Usd(5m), Usd(5m), Usd(1m), Start, null);

        Assert.Throws<InvalidOperationException>(() => PrepaidWallet.Restore(Currency.Usd, [grant], []));
        Assert.Throws<ArgumentException>(
            () => new CreditGrant(TopUp, CreditGrantKind.TopUp, Usd(5m), Usd(6m), Usd(0m), Start, null));
    }

    [Fact]
    public void Restore_ConsistentState_RoundTrips()
    {
        var wallet = ThreeGrants().Reserve(R(1), Usd(4m), Start).Wallet;

        var restored = PrepaidWallet.Restore(wallet.Currency, wallet.Grants, wallet.Reservations);

        Assert.Equal(wallet.Balance, restored.Balance);
        Assert.Equal(wallet.Available, restored.Available);
        Assert.Equal(Usd(0.5m), restored.Settle(R(1), Usd(3.5m), Start).Released);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(42)]
    [InlineData(2025)]
    public void RandomOperationSequences_KeepInvariants_AndConserveCredit(int seed)
    {
        var random = new Random(seed);
        var wallet = PrepaidWallet.Empty(Currency.Usd);
        var granted = 0m;
        var charged = 0m;
        var expired = 0m;
        var now = Start;
        var open = new List<ReservationId>();

        for (var step = 0; step < 2_000; step++)
        {
            now = now.AddMinutes(random.Next(0, 90));
            var swept = true;
            switch (random.Next(10))
            {
                case 0:
                    var amount = random.Next(1, 500) / 100m;
                    DateTimeOffset? expiry = random.Next(3) == 0 ? null : now.AddHours(random.Next(1, 200));
                    wallet = wallet.AddGrant(CreditGrantId.New(), CreditGrantKind.TopUp, Usd(amount), now, expiry);
                    granted += amount;
                    swept = false;
                    break;
                case <= 4:
                    var id = ReservationId.New();
                    var reserve = wallet.Reserve(id, Usd(random.Next(0, 300) / 1_000m), now);
                    wallet = reserve.Wallet;
                    expired += reserve.Expired.Amount;
                    if (reserve.Succeeded)
                    {
                        open.Add(id);
                    }

                    break;
                case <= 7 when open.Count > 0:
                    var settleId = open[random.Next(open.Count)];
                    open.Remove(settleId);
                    var settle = wallet.Settle(settleId, Usd(random.Next(0, 400) / 1_000m), now);
                    wallet = settle.Wallet;
                    charged += settle.Charged.Amount;
                    expired += settle.Expired.Amount;
                    Assert.Equal(Usd(0m), Money.Min(settle.Uncovered, Usd(0m)));
                    break;
                case 8 when open.Count > 0:
                    var releaseId = open[random.Next(open.Count)];
                    open.Remove(releaseId);
                    var release = wallet.Release(releaseId);
                    wallet = release.Wallet;
                    expired += release.Expired.Amount;
                    swept = false;
                    break;
                default:
                    var sweep = wallet.Expire(now);
                    wallet = sweep.Wallet;
                    expired += sweep.Expired.Amount;
                    break;
            }

            AssertInvariants(wallet);
            if (swept)
            {
                Assert.All(wallet.Grants.Where(g => g.ExpiresAt <= now), g => Assert.True(g.IsExpired && g.Available.IsZero));
            }

            Assert.Equal(open.Count, wallet.Reservations.Count);
            Assert.Equal(granted, wallet.Balance.Amount + charged + expired);
        }
    }
}
