using Microsoft.EntityFrameworkCore;
using ModelMint.Data;
using ModelMint.Domain.Billing;

namespace ModelMint.Server.Billing;

/// <summary>
/// One call of another organisation's invoice-rated listing (tiers, packages, a free allowance): the quantity of the
/// listing's meter it used, and the listing's price as of the call.
/// </summary>
public sealed record MonthlyRatedUse(Guid PayerAccountId, string Currency, string ModelName, string Meter, long Quantity, IPriceModel Price);

/// <summary>
/// What invoice-rated calls add to the month's spend, so that spend caps hold for them too. Such a call takes nothing
/// from the wallet and is rated on the monthly invoice over the organisation's month of the model; what it adds to
/// that invoice is the price of the month's quantity with it less the price without it. Each total is rounded once to
/// whole micro-units, so a month's additions sum exactly to the rounded total of its quantity. The group commit counts
/// the addition on the month's spend counter like a prepaid charge, conditionally against the cap; a call that lowers
/// the total (the volume price's next tier is cheaper for every unit) gives the difference back.
/// One instance per group-commit transaction: the month's quantity before a call is read from the hourly rollups
/// (committed calls) plus the calls counted earlier in the same transaction, whose rollups are written at its end.
/// </summary>
public sealed class MonthlyRatedSpend
{
    private readonly Dictionary<(Guid Payer, string Model, string Meter, long Month), long> used = [];

    /// <summary>
    /// Micro-units the call adds to its month's invoice (negative when it lowers it). Call <see cref="Counted"/> when
    /// the call is kept, so the next call of the same month starts from it.
    /// </summary>
    public async Task<long> AddedMicrosAsync(ModelMintDbContext db, MonthlyRatedUse use, DateTimeOffset at)
    {
        var key = Key(use, at);
        if (!used.TryGetValue(key, out var before))
        {
            var period = BillingPeriod.MonthContaining(at);
            var (from, to) = (period.Start.ToUnixTimeSeconds() / 3600, period.End.ToUnixTimeSeconds() / 3600);
            before = await db.UsageRollups
                .Where(r => r.AccountId == use.PayerAccountId && r.ModelName == use.ModelName && r.Meter == use.Meter && r.BucketHour >= from && r.BucketHour < to)
                .SumAsync(r => r.Quantity);
            used[key] = before;
        }

        return Micros(use.Price, before + use.Quantity) - Micros(use.Price, before);
    }

    /// <summary>The call was kept: its quantity is part of the month from now on.</summary>
    public void Counted(MonthlyRatedUse use, DateTimeOffset at)
    {
        var key = Key(use, at);
        used[key] = used.GetValueOrDefault(key) + use.Quantity;
    }

    /// <summary>The month's total for <paramref name="quantity"/>, rounded once to whole micro-units (half away from zero).</summary>
    public static long Micros(IPriceModel price, long quantity) =>
        (long)decimal.Round(price.Price(quantity).Amount.Amount * 1_000_000m, MidpointRounding.AwayFromZero);

    private static (Guid, string, string, long) Key(MonthlyRatedUse use, DateTimeOffset at) =>
        (use.PayerAccountId, use.ModelName, use.Meter, BillingPeriod.MonthContaining(at).Start.ToUnixTimeSeconds());
}
