using Microsoft.EntityFrameworkCore;
using ModelMint.Data;
using ModelMint.Data.Marketplace;
using ModelMint.Domain.Billing;
using ModelMint.Server.Predictions;
using ModelMint.Server.Usage;

namespace ModelMint.Server.Billing;

/// <summary>One organisation's priced usage of one model and meter in one currency over a period, summed in SQL.</summary>
public sealed record UsageGroup(
    Guid AccountId, string Currency, Guid ModelId, string ModelName, Guid ProviderAccountId, string Meter, long Quantity, long ChargedMicros, int Events);

/// <summary>A usage group rated as an invoice line, and what the prepaid wallet already paid for it.</summary>
public sealed record RatedLine(UsageGroup Usage, InvoiceLine Line, Money Prepaid);

/// <summary>
/// Turns a period's usage events into invoice lines. The same rules serve the generator and the auditor, so an
/// invoice and the audit of it can only differ when the data did.
/// </summary>
public sealed class UsageRating(ModelMintDbContext db)
{
    /// <summary>
    /// The most a per-request charge can be off the exact price: the metering filter rounds each request's charge
    /// to whole micro-units (half away from zero).
    /// </summary>
    private const decimal MaxChargeRoundingPerRequest = 0.0000005m;

    /// <summary>
    /// Priced usage in <c>[Start, End)</c>: calls of another organisation's model that went through the wallet
    /// (the event carries the price's currency), summed per organisation, currency, model and meter.
    /// </summary>
    public async Task<IReadOnlyList<UsageGroup>> GroupsAsync(BillingPeriod period, CancellationToken cancellationToken)
    {
        var rows = await db.UsageEvents.AsNoTracking()
            .Where(e => e.OccurredAt >= period.Start && e.OccurredAt < period.End && e.AccountId != e.ProviderAccountId && e.Currency != null)
            .GroupBy(e => new { e.AccountId, e.Currency, e.ModelId, e.ModelName, e.ProviderAccountId, e.Meter })
            .Select(g => new { g.Key, Quantity = g.Sum(e => e.Quantity), Charged = g.Sum(e => e.ChargedMicros), Events = g.Count() })
            .ToListAsync(cancellationToken);
        // Outcome-priced predictions billed in the period (accepted, or silent under a charge policy), by when they
        // were resolved: meter `accepted`, one per prediction, paid from the held part of the prepaid balance.
        var outcomes = await db.OutcomeCharges.AsNoTracking()
            .Where(c => c.ResolvedAt >= period.Start && c.ResolvedAt < period.End && OutcomeStates.Billed.Contains(c.State))
            .GroupBy(c => new { c.PayerAccountId, c.Currency, c.ModelId, c.ModelName, c.ProviderAccountId })
            .Select(g => new { g.Key, Quantity = g.LongCount(), Charged = g.Sum(c => c.AmountMicros) })
            .ToListAsync(cancellationToken);
        return rows
            .Select(r => new UsageGroup(r.Key.AccountId, r.Key.Currency!, r.Key.ModelId, r.Key.ModelName, r.Key.ProviderAccountId, r.Key.Meter, r.Quantity, r.Charged, r.Events))
            .Concat(outcomes.Select(o => new UsageGroup(o.Key.PayerAccountId, o.Key.Currency, o.Key.ModelId, o.Key.ModelName, o.Key.ProviderAccountId, Meters.Accepted, o.Quantity, o.Charged, (int)o.Quantity)))
            .OrderBy(g => g.AccountId).ThenBy(g => g.Currency, StringComparer.Ordinal)
            .ThenBy(g => g.ModelName, StringComparer.Ordinal).ThenBy(g => g.Meter, StringComparer.Ordinal).ThenBy(g => g.ModelId)
            .ToList();
    }

    /// <summary>The listings of the models in <paramref name="groups"/>, by model id.</summary>
    public async Task<IReadOnlyDictionary<Guid, ModelListing>> ListingsAsync(IEnumerable<UsageGroup> groups, CancellationToken cancellationToken)
    {
        var ids = groups.Select(g => g.ModelId).Distinct().ToList();
        return await db.ModelListings.AsNoTracking().Where(l => ids.Contains(l.ModelId)).ToDictionaryAsync(l => l.ModelId, cancellationToken);
    }

    /// <summary>
    /// The invoice line for <paramref name="usage"/>, or null when it is not billed (the unpriced meter of a priced
    /// call, or nothing used). Normally the listing's price model rates the summed quantity, rounded once. The
    /// prepaid part is what the wallet paid for these events: when that equals the rated amount up to the
    /// per-request micro-unit rounding, the line is paid in full (prepaid = line amount); otherwise (the price
    /// changed since the calls) it is the payment rounded once to the minor unit, and the invoice shows the
    /// difference. Usage whose price is no longer listed (the listing changed meter or currency) is billed as
    /// charged.
    /// </summary>
    public static RatedLine? Rate(UsageGroup usage, ModelListing? listing)
    {
        var currency = StoredMoney.CurrencyOf(usage.Currency);
        var paid = StoredMoney.FromMicros(usage.ChargedMicros, currency);
        var meter = Meter.Parse(usage.Meter);
        if (listing is not null && listing.Meter == usage.Meter && listing.Currency == usage.Currency)
        {
            if (usage.Quantity == 0 && usage.ChargedMicros == 0)
            {
                return null;
            }

            var line = InvoiceLine.ForUsage(usage.ModelName, meter, ListingPrices.ToPriceModel(listing), usage.Quantity, usage.ProviderAccountId);
            var drift = Math.Abs((paid - line.UnroundedAmount).Amount);
            var prepaid = drift <= MaxChargeRoundingPerRequest * usage.Events ? line.Amount : paid.RoundToMinorUnit();
            return new RatedLine(usage, line, prepaid);
        }

        if (usage.ChargedMicros == 0)
        {
            return null;
        }

        var asCharged = new InvoiceLine(
            $"{usage.ModelName} — {meter.Name}", usage.ModelName, meter.Name, "as charged per request from the prepaid balance",
            usage.Quantity, "as charged", paid, usage.ProviderAccountId);
        return new RatedLine(usage, asCharged, asCharged.Amount);
    }
}
