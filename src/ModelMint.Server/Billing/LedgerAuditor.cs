using Microsoft.EntityFrameworkCore;
using ModelMint.Data;
using ModelMint.Domain.Billing;
using DomainLedgerEntry = ModelMint.Domain.Billing.LedgerEntry;

namespace ModelMint.Server.Billing;

/// <summary>
/// The result of auditing one period. Ledger sums are exact minor units (the ledger holds micro-units, so they may
/// have a fraction: 2.6 cents); invoice and rated sums are whole minor units.
/// </summary>
public sealed record LedgerCheckResponse(
    string Period, string Currency, bool Balanced, decimal DebitsMinor, decimal CreditsMinor, long InvoiceLinesMinor, long RatedUsageMinor, IReadOnlyList<string> Problems);

/// <summary>
/// Reconciles a period: the ledger entries that occurred in it balance (Domain <see cref="Ledger.Verify(IEnumerable{DomainLedgerEntry})"/>:
/// debits equal credits per currency, every movement one debit and one credit of the same amount), and per
/// organisation and currency the period's invoice lines (before prepaid credits, any status: voiding cancels a
/// claim, not the usage) add up to its usage rated afresh from the usage events. A model whose listing changed
/// after its invoice was generated is rated at the price the invoice line recorded (the snapshot), checking its
/// quantity. Plan fees, prorations and overage are rated afresh by <see cref="PlanBilling"/> (plans are immutable).
/// </summary>
public sealed class LedgerAuditor(ModelMintDbContext db, UsageRating rating, PlanBilling plans, InvoiceService invoices)
{
    public async Task<LedgerCheckResponse> CheckAsync(BillingPeriod period, Currency currency, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        var (debits, credits) = await CheckLedgerAsync(period, currency, problems, cancellationToken);
        var (lines, rated) = await CheckInvoicesAsync(period, currency, problems, cancellationToken);
        return new LedgerCheckResponse(BillingMonth.Format(period), currency.Code, problems.Count == 0, debits, credits, lines, rated, problems);
    }

    private async Task<(decimal Debits, decimal Credits)> CheckLedgerAsync(BillingPeriod period, Currency currency, List<string> problems, CancellationToken cancellationToken)
    {
        var rows = await db.LedgerEntries.AsNoTracking()
            .Where(e => e.OccurredAt >= period.Start && e.OccurredAt < period.End)
            .ToListAsync(cancellationToken);
        var entries = new List<DomainLedgerEntry>(rows.Count);
        foreach (var row in rows)
        {
            if (row.Side is not (Books.Debit or Books.Credit))
            {
                problems.Add($"Ledger entry {row.Id} has side '{row.Side}'; it must be '{Books.Debit}' or '{Books.Credit}'.");
                continue;
            }

            try
            {
                entries.Add(new DomainLedgerEntry(
                    row.TransactionId,
                    LedgerAccount.Named($"{row.Book}:{row.AccountId:D}"),
                    row.Side == Books.Debit ? EntrySide.Debit : EntrySide.Credit,
                    StoredMoney.FromMicros(row.AmountMicros, StoredMoney.CurrencyOf(row.Currency)),
                    row.Reason,
                    row.Reference,
                    row.OccurredAt));
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException)
            {
                problems.Add($"Ledger entry {row.Id} cannot be read: {e.Message}");
            }
        }

        var verification = Ledger.Verify(entries);
        problems.AddRange(verification.Problems);
        var totals = verification.Totals.SingleOrDefault(t => t.Currency == currency);
        return totals is null ? (0m, 0m) : (totals.Debits.Amount / currency.MinorUnit, totals.Credits.Amount / currency.MinorUnit);
    }

    private async Task<(long Lines, long Rated)> CheckInvoicesAsync(BillingPeriod period, Currency currency, List<string> problems, CancellationToken cancellationToken)
    {
        var documents = (await invoices.ForPeriodAsync(period, cancellationToken)).ToDictionary(d => (d.Record.AccountId, d.Record.Currency));
        var groups = await rating.GroupsAsync(period, cancellationToken);
        var listings = await rating.ListingsAsync(groups, cancellationToken);
        var byInvoice = groups.ToLookup(g => (g.AccountId, g.Currency));
        var planCharges = (await plans.RateAsync(period, cancellationToken)).ToDictionary(c => (c.AccountId, c.Currency));
        long linesInCurrency = 0, ratedInCurrency = 0;
        foreach (var key in documents.Keys.Union(byInvoice.Select(g => g.Key)).Union(planCharges.Keys).OrderBy(k => k.AccountId).ThenBy(k => k.Currency, StringComparer.Ordinal))
        {
            var document = documents.GetValueOrDefault(key);
            var lines = document?.Lines ?? [];
            long rated = planCharges.GetValueOrDefault(key)?.Lines.Sum(l => l.Amount.ToMinorUnits()) ?? 0;
            foreach (var usage in byInvoice[key])
            {
                var listing = listings.GetValueOrDefault(usage.ModelId);
                var snapshot = lines.FirstOrDefault(l => l.ModelName == usage.ModelName && l.Meter == usage.Meter && l.ProviderAccountId == usage.ProviderAccountId);
                if (document is not null && snapshot is not null && listing is not null && listing.UpdatedAt > document.Record.CreatedAt)
                {
                    if (snapshot.Quantity != usage.Quantity)
                    {
                        problems.Add($"Invoice {document.Record.Number} bills {snapshot.Quantity} {usage.Meter} of '{usage.ModelName}', but {usage.Quantity} were used.");
                    }

                    rated += snapshot.AmountMinor;
                    continue;
                }

                if (UsageRating.Rate(usage, listing) is { } line)
                {
                    rated += line.Line.Amount.ToMinorUnits();
                }
            }

            var invoiced = lines.Sum(l => l.AmountMinor);
            if (invoiced != rated)
            {
                var invoiceCurrency = StoredMoney.CurrencyOf(key.Currency);
                problems.Add(document is null
                    ? $"Organisation {key.AccountId} used {StoredMoney.Format(rated, invoiceCurrency)} {key.Currency} in {BillingMonth.Format(period)} and has no invoice for it."
                    : $"Invoice {document.Record.Number} has lines of {StoredMoney.Format(invoiced, invoiceCurrency)} {key.Currency}, but the usage rates at {StoredMoney.Format(rated, invoiceCurrency)}.");
            }

            if (key.Currency == currency.Code)
            {
                linesInCurrency += invoiced;
                ratedInCurrency += rated;
            }
        }

        return (linesInCurrency, ratedInCurrency);
    }
}
