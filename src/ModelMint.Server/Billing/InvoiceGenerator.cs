using System.Globalization;
using Microsoft.EntityFrameworkCore;
using ModelMint.Data;
using ModelMint.Domain.Billing;
using ModelMint.Server.Hosting;

namespace ModelMint.Server.Billing;

/// <summary>
/// Makes the draft invoices of a period: one per organisation and currency with priced usage or a plan — the plan's
/// fee, proration and overage lines and credits (<see cref="PlanBilling"/>), one line per model and meter rated by
/// the Domain price model of the model's listing, and one prepaid credit for what the wallet already paid. Invoices are unique per (organisation, period start, currency), so running a period again — or on
/// two nodes at once — adds nothing.
/// </summary>
public sealed class InvoiceGenerator(ModelMintDbContext db, UsageRating rating, PlanBilling plans, TimeProvider time, ILogger<InvoiceGenerator> logger)
{
    private const int MaxNumberAttempts = 5;

    /// <summary>Creates the missing drafts of <paramref name="period"/>; returns how many were created.</summary>
    public async Task<int> GenerateAsync(BillingPeriod period, CancellationToken cancellationToken = default)
    {
        var groups = await rating.GroupsAsync(period, cancellationToken);
        var listings = await rating.ListingsAsync(groups, cancellationToken);
        var existing = (await db.Invoices.AsNoTracking()
                .Where(i => i.PeriodStart == period.Start)
                .Select(i => new { i.AccountId, i.Currency })
                .ToListAsync(cancellationToken))
            .Select(i => (i.AccountId, i.Currency))
            .ToHashSet();

        var created = 0;
        var rated = groups.Select(g => UsageRating.Rate(g, listings.GetValueOrDefault(g.ModelId))).OfType<RatedLine>()
            .GroupBy(r => (r.Usage.AccountId, r.Usage.Currency))
            .ToDictionary(g => g.Key, g => g.ToList());
        var planCharges = (await plans.RateAsync(period, cancellationToken)).ToDictionary(c => (c.AccountId, c.Currency));
        foreach (var key in rated.Keys.Union(planCharges.Keys).OrderBy(k => k.AccountId).ThenBy(k => k.Currency, StringComparer.Ordinal))
        {
            if (existing.Contains(key))
            {
                continue;
            }

            var draft = Draft(key.AccountId, period, StoredMoney.CurrencyOf(key.Currency), rated.GetValueOrDefault(key) ?? [], planCharges.GetValueOrDefault(key));
            if (await SaveAsync(draft, cancellationToken))
            {
                created++;
            }
        }

        if (created > 0)
        {
            logger.LogInformation("Generated {Count} draft invoice(s) for {Period}", created, BillingMonth.Format(period));
        }

        return created;
    }

    private static Invoice Draft(Guid accountId, BillingPeriod period, Currency currency, IReadOnlyList<RatedLine> lines, PlanCharges? plan)
    {
        var invoice = Invoice.CreateDraft(InvoiceId.New(), accountId, period, currency);
        foreach (var line in plan?.Lines ?? [])
        {
            invoice.AddLine(line);
        }

        foreach (var line in lines)
        {
            invoice.AddLine(line.Line);
        }

        var prepaid = Money.Sum(lines.Select(l => l.Prepaid), currency);
        if (prepaid.IsPositive)
        {
            invoice.ApplyCredit(new InvoiceCredit(InvoiceCreditKind.Prepaid, InvoiceDocument.PrepaidReference, InvoiceDocument.PrepaidDescription, prepaid));
        }

        foreach (var credit in plan?.Credits ?? [])
        {
            invoice.ApplyCredit(credit);
        }

        return invoice;
    }

    /// <summary>Stores the draft under the next free number; false when another run stored this invoice first.</summary>
    private async Task<bool> SaveAsync(Invoice invoice, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var document = InvoiceDocument.FromDomain(invoice, await NextNumberAsync(invoice.Period, cancellationToken), time.GetUtcNow());
            db.Invoices.Add(document.Record);
            db.InvoiceLines.AddRange(document.Lines);
            db.InvoiceCredits.AddRange(document.Credits);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return true;
            }
            catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
            {
                db.ChangeTracker.Clear();
                var code = invoice.Currency.Code;
                if (await db.Invoices.AnyAsync(i => i.AccountId == invoice.AccountId && i.PeriodStart == invoice.Period.Start && i.Currency == code, cancellationToken))
                {
                    return false;
                }

                // Another run took the number; take the next one.
                if (attempt == MaxNumberAttempts)
                {
                    throw;
                }
            }
        }
    }

    /// <summary><c>MM-YYYYMM-NNNNN</c>: the period's month and a sequence within it.</summary>
    private async Task<string> NextNumberAsync(BillingPeriod period, CancellationToken cancellationToken)
    {
        var last = await db.Invoices.AsNoTracking()
            .Where(i => i.PeriodStart == period.Start)
            .OrderByDescending(i => i.Number)
            .Select(i => i.Number)
            .FirstOrDefaultAsync(cancellationToken);
        var next = last is null ? 1 : int.Parse(last[^5..], CultureInfo.InvariantCulture) + 1;
        return $"MM-{period.Start:yyyyMM}-{next:D5}";
    }
}
