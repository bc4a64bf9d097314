using System.Globalization;
using Microsoft.EntityFrameworkCore;
using ModelMint.Data;
using ModelMint.Data.Billing;
using ModelMint.Domain.Billing;

namespace ModelMint.Server.Billing;

/// <summary>What an organisation's plans cost in one month and currency: fee and overage lines, and proration credits.</summary>
public sealed record PlanCharges(Guid AccountId, string Currency, IReadOnlyList<InvoiceLine> Lines, IReadOnlyList<InvoiceCredit> Credits);

/// <summary>
/// Rates subscription plans for a month with the Domain <see cref="SubscriptionPlan"/>:
/// <list type="bullet">
/// <item>a plan held from before the month: its full monthly fee;</item>
/// <item>a change at <c>t</c> inside the month (old and new plan in one currency): <see cref="SubscriptionPlan.Prorate"/>
/// — a line for the new fee × the fraction left, a credit note for the old fee × the same fraction;</item>
/// <item>a plan started at <c>t</c> without a plan just before (or in another currency): <see cref="SubscriptionPlan.FeeFrom"/>;</item>
/// <item>a plan ended at <c>t</c> inside the month without a successor in its currency: a credit note for its fee × the fraction left;</item>
/// <item>overage: per allowance of the plan in force at the month's end (in that currency), the organisation's whole
/// month of that meter (every metered call, its own models included) priced by
/// <see cref="FreeAllowance"/>(included, overage per unit). Quotas are monthly too, so a change mid-month keeps
/// counting the month's usage against the new plan.</item>
/// </list>
/// Plan lines have no model and no provider: they are the platform's revenue.
/// </summary>
public sealed class PlanBilling(ModelMintDbContext db)
{
    public const string SubscriptionMeter = "subscription";

    /// <summary>The fee side of a stored plan as the Domain prices it (overage is rated per meter, see <see cref="OverageLine"/>).</summary>
    public static SubscriptionPlan ToDomain(Plan plan)
    {
        var currency = StoredMoney.CurrencyOf(plan.Currency);
        return new SubscriptionPlan(plan.Name, StoredMoney.FromMicros(plan.MonthlyFeeMicros, currency), 0m, new PerCallPrice(Money.Zero(currency)));
    }

    /// <summary>The plan charges of every organisation with a plan during <paramref name="period"/>.</summary>
    public async Task<IReadOnlyList<PlanCharges>> RateAsync(BillingPeriod period, CancellationToken cancellationToken)
    {
        var segments = await db.PlanSubscriptions.AsNoTracking()
            .Where(s => s.StartedAt < period.End && (s.EndedAt == null || s.EndedAt > period.Start))
            .ToListAsync(cancellationToken);
        segments = segments.Where(s => s.EndedAt is not { } end || end > s.StartedAt).ToList();
        if (segments.Count == 0)
        {
            return [];
        }

        var planIds = segments.Select(s => s.PlanId).Distinct().ToList();
        var plans = await db.Plans.AsNoTracking().Include(p => p.Allowances).Where(p => planIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, cancellationToken);
        var accountIds = segments.Select(s => s.AccountId).Distinct().ToList();
        // The hourly rollups (kept in the usage transaction) sum the month without reading its events.
        var (firstHour, endHour) = (period.Start.ToUnixTimeSeconds() / 3600, period.End.ToUnixTimeSeconds() / 3600);
        var usage = (await db.UsageRollups.AsNoTracking()
                .Where(r => r.BucketHour >= firstHour && r.BucketHour < endHour && accountIds.Contains(r.AccountId))
                .GroupBy(r => new { r.AccountId, r.Meter })
                .Select(g => new { g.Key.AccountId, g.Key.Meter, Quantity = g.Sum(r => r.Quantity) })
                .ToListAsync(cancellationToken))
            .ToDictionary(u => (u.AccountId, u.Meter), u => u.Quantity);

        var charges = new List<PlanCharges>();
        foreach (var account in segments.GroupBy(s => s.AccountId).OrderBy(g => g.Key))
        {
            var held = account.OrderBy(s => s.StartedAt).ToList();
            foreach (var currency in held.GroupBy(s => plans[s.PlanId].Currency).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                var (lines, credits) = Rate(period, held, currency.ToList(), plans);
                var last = plans[currency.Last().PlanId];
                lines.AddRange(last.Allowances.OrderBy(a => a.Meter, StringComparer.Ordinal)
                    .Select(a => OverageLine(last, a, usage.GetValueOrDefault((account.Key, a.Meter)))));
                charges.Add(new PlanCharges(account.Key, currency.Key, lines, credits));
            }
        }

        return charges;
    }

    /// <summary>Units of a meter over the plan's allowance, priced per unit; the line shows the whole month's quantity.</summary>
    public static InvoiceLine OverageLine(Plan plan, PlanAllowance allowance, long quantity)
    {
        var currency = StoredMoney.CurrencyOf(plan.Currency);
        var model = new FreeAllowance(allowance.IncludedUnits, new PerUnitPrice(StoredMoney.FromMicros(allowance.OveragePriceMicros, currency), allowance.OverageUnitSize, allowance.Meter));
        var quote = model.Price(quantity);
        return new InvoiceLine($"{plan.Name}: {allowance.Meter}", null, allowance.Meter, Truncate(model.Description), quantity,
            string.Join("; ", quote.Components.Select(c => c.Description)), quote.Amount, null, quote.Components);
    }

    private static (List<InvoiceLine> Lines, List<InvoiceCredit> Credits) Rate(
        BillingPeriod period, IReadOnlyList<PlanSubscription> all, IReadOnlyList<PlanSubscription> inCurrency, IReadOnlyDictionary<Guid, Plan> plans)
    {
        var lines = new List<InvoiceLine>();
        var credits = new List<InvoiceCredit>();
        foreach (var segment in inCurrency)
        {
            var plan = plans[segment.PlanId];
            var domain = ToDomain(plan);
            if (segment.StartedAt <= period.Start)
            {
                lines.Add(FeeLine(domain, "monthly fee", domain.MonthlyFee));
            }
            else if (Predecessor(all, segment) is { } previous && plans[previous.PlanId].Currency == plan.Currency)
            {
                var change = SubscriptionPlan.Prorate(ToDomain(plans[previous.PlanId]), domain, period, segment.StartedAt);
                lines.Add(FeeLine(domain, $"fee from {Day(change.ChangedAt)} (changed from {change.FromPlan})", change.ChargeForRemainder));
                AddCredit(credits, $"{change.FromPlan}: unused fee from {Day(change.ChangedAt)} (changed to {change.ToPlan})", change.CreditForUnused);
            }
            else
            {
                lines.Add(FeeLine(domain, $"fee from {Day(segment.StartedAt)}", domain.FeeFrom(period, segment.StartedAt)));
            }

            if (segment.EndedAt is { } end && end < period.End
                && !(Successor(all, segment) is { } next && plans[next.PlanId].Currency == plan.Currency))
            {
                AddCredit(credits, $"{plan.Name}: unused fee from {Day(end)} (cancelled)", domain.MonthlyFee * period.FractionRemaining(end));
            }
        }

        return (lines, credits);
    }

    private static PlanSubscription? Predecessor(IReadOnlyList<PlanSubscription> all, PlanSubscription segment) =>
        all.LastOrDefault(s => s.EndedAt == segment.StartedAt && s.Id != segment.Id);

    private static PlanSubscription? Successor(IReadOnlyList<PlanSubscription> all, PlanSubscription segment) =>
        all.FirstOrDefault(s => s.StartedAt == segment.EndedAt && s.Id != segment.Id);

    private static InvoiceLine FeeLine(SubscriptionPlan plan, string what, Money amount) =>
        new($"{plan.Name}: {what}", null, SubscriptionMeter, Truncate($"{plan.Name}: {plan.MonthlyFee} per month"), 1, what, amount);

    private static void AddCredit(List<InvoiceCredit> credits, string description, Money amount)
    {
        // A credit worth less than half a minor unit rounds to nothing and is left out.
        if (amount.RoundToMinorUnit().IsPositive)
        {
            credits.Add(new InvoiceCredit(InvoiceCreditKind.CreditNote, "plan-change", Truncate(description), amount));
        }
    }

    private static string Day(DateTimeOffset at) => at.ToString("yyyy-MM-dd HH:mm'Z'", CultureInfo.InvariantCulture);

    private static string Truncate(string text) => text.Length <= 200 ? text : text[..199] + "…";
}
