using Microsoft.EntityFrameworkCore;
using ModelMint.Data;
using ModelMint.Domain.Billing;

using ModelMint.Server.Webhooks;

namespace ModelMint.Server.Billing;

/// <summary>The result of a requested state change: the invoice after it, or the Domain's refusal.</summary>
public sealed record InvoiceTransition(InvoiceDocument Document, string? Refusal)
{
    public bool Refused => Refusal is not null;
}

/// <summary>
/// Loads stored invoices and changes their state through the Domain <see cref="Invoice"/>, which decides what is
/// allowed. A change is written with a conditional update on the state it started from, so two concurrent requests
/// cannot both move one invoice; the loser is decided again on the new state. Money owed beyond the prepaid balance
/// is booked when an invoice is finalized, paid or voided.
/// </summary>
public sealed class InvoiceService(ModelMintDbContext db, TimeProvider time, WebhookPublisher webhooks)
{
    private const int MaxAttempts = 3;

    public async Task<InvoiceDocument?> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        var record = await db.Invoices.AsNoTracking().SingleOrDefaultAsync(i => i.Id == id, cancellationToken);
        return record is null ? null : new InvoiceDocument(record, await LinesAsync([id], cancellationToken), await CreditsAsync([id], cancellationToken));
    }

    public async Task<IReadOnlyList<InvoiceDocument>> ForPeriodAsync(BillingPeriod period, CancellationToken cancellationToken)
    {
        var records = await db.Invoices.AsNoTracking().Where(i => i.PeriodStart == period.Start).ToListAsync(cancellationToken);
        var lines = await LinesAsync(records.Select(r => r.Id).ToList(), cancellationToken);
        var byInvoice = lines.ToLookup(l => l.InvoiceId);
        var credits = (await CreditsAsync(records.Select(r => r.Id).ToList(), cancellationToken)).ToLookup(c => c.InvoiceId);
        return records.OrderBy(r => r.Number, StringComparer.Ordinal).Select(r => new InvoiceDocument(r, [.. byInvoice[r.Id]], [.. credits[r.Id]])).ToList();
    }

    public Task<InvoiceTransition> FinalizeAsync(Guid id, CancellationToken cancellationToken) =>
        TransitionAsync(id, (invoice, now) => invoice.Finalize(now), cancellationToken);

    public Task<InvoiceTransition> PayAsync(Guid id, CancellationToken cancellationToken) =>
        TransitionAsync(id, (invoice, now) => invoice.MarkPaid(now), cancellationToken);

    /// <exception cref="ArgumentException">The reason is blank.</exception>
    public Task<InvoiceTransition> VoidAsync(Guid id, string reason, CancellationToken cancellationToken) =>
        TransitionAsync(id, (invoice, now) => invoice.Void(now, reason), cancellationToken);

    /// <summary>Finalizes every draft of <paramref name="period"/>; returns how many this call finalized.</summary>
    public async Task<int> FinalizeDraftsAsync(BillingPeriod period, CancellationToken cancellationToken)
    {
        var draft = InvoiceDocument.StatusText(InvoiceStatus.Draft);
        var ids = await db.Invoices.AsNoTracking().Where(i => i.PeriodStart == period.Start && i.Status == draft).Select(i => i.Id).ToListAsync(cancellationToken);
        var finalized = 0;
        foreach (var id in ids)
        {
            if (!(await FinalizeAsync(id, cancellationToken)).Refused)
            {
                finalized++;
            }
        }

        return finalized;
    }

    private async Task<InvoiceTransition> TransitionAsync(Guid id, Action<Invoice, DateTimeOffset> change, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var document = await FindAsync(id, cancellationToken) ?? throw new InvalidOperationException($"Invoice {id} does not exist.");
            var invoice = document.ToDomain();
            var before = invoice.Status;
            try
            {
                change(invoice, time.GetUtcNow());
            }
            catch (InvalidOperationException refused)
            {
                return new InvoiceTransition(document, refused.Message);
            }

            var record = document.Record;
            var fromStatus = record.Status;
            InvoiceDocument.CopyState(invoice, record);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var updated = await db.Invoices
                .Where(i => i.Id == id && i.Status == fromStatus)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(i => i.Status, record.Status)
                    .SetProperty(i => i.IssuedAt, record.IssuedAt)
                    .SetProperty(i => i.PaidAt, record.PaidAt)
                    .SetProperty(i => i.VoidedAt, record.VoidedAt)
                    .SetProperty(i => i.VoidReason, record.VoidReason), cancellationToken);
            if (updated == 0)
            {
                // Another request changed the invoice first: decide again on its new state.
                await transaction.RollbackAsync(cancellationToken);
                if (attempt == MaxAttempts)
                {
                    throw new DbUpdateConcurrencyException($"Invoice {id} kept changing while being updated.");
                }

                continue;
            }

            Book(invoice, before, document.Record.Number);
            if (invoice.Status == InvoiceStatus.Finalized && before == InvoiceStatus.Draft)
            {
                // In the same transaction: the event exists exactly when the invoice is finalized.
                await webhooks.PublishAsync(record.AccountId, WebhookEvents.InvoiceFinalized, $"{WebhookEvents.InvoiceFinalized}:{record.Id}", InvoiceResponse.From(document), cancellationToken);
            }

            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return new InvoiceTransition(document, null);
        }
    }

    /// <summary>
    /// Books what the invoice total (the part not paid from the prepaid balance) does to the ledger. Finalizing
    /// makes it owed (receivable) and earned by the providers of its lines, split by largest remainder in proportion
    /// to their line amounts so the parts add up to the total; paying settles the receivable; voiding a finalized
    /// invoice reverses the finalize movement. A fully prepaid invoice (total 0) moves nothing: its money moved
    /// when each call was made.
    /// </summary>
    private void Book(Invoice invoice, InvoiceStatus before, string number)
    {
        if (!invoice.Total.IsPositive)
        {
            return;
        }

        var currency = invoice.Currency;
        var perMinor = StoredMoney.MicrosPerMinorUnit(currency);
        var customer = (invoice.AccountId, Books.Receivable);
        var reference = $"invoice:{number}";
        var now = (invoice.PaidAt ?? invoice.VoidedAt ?? invoice.IssuedAt)!.Value;
        switch (invoice.Status)
        {
            case InvoiceStatus.Finalized when before == InvoiceStatus.Draft:
                foreach (var (provider, part) in ProviderShares(invoice))
                {
                    Books.Transfer(db, customer, EarningsBook(provider), part.ToMinorUnits() * perMinor, currency.Code, "invoice.finalized", reference, now);
                }

                break;
            case InvoiceStatus.Paid:
                Books.Transfer(db, (invoice.AccountId, Books.Payments), customer, invoice.Total.ToMinorUnits() * perMinor, currency.Code, "invoice.paid", reference, now);
                break;
            case InvoiceStatus.Void when before == InvoiceStatus.Finalized:
                foreach (var (provider, part) in ProviderShares(invoice))
                {
                    Books.Transfer(db, EarningsBook(provider), customer, part.ToMinorUnits() * perMinor, currency.Code, "invoice.voided", reference, now);
                }

                break;
        }
    }

    /// <summary>Plan fees and overage are the platform's own revenue; a provider's share is its earnings.</summary>
    private static (Guid, string) EarningsBook(Guid provider) =>
        provider == Books.Platform ? (Books.Platform, Books.Subscriptions) : (provider, Books.ProviderEarnings);

    /// <summary>
    /// Who earns the invoice total. The platform's lines (plan fees and overage) less the credit notes (prorations)
    /// come first, since prepaid credit only ever paid for usage; the rest is split between the providers by largest
    /// remainder in proportion to their line amounts, so the parts add up to the total.
    /// </summary>
    private static IEnumerable<(Guid Provider, Money Part)> ProviderShares(Invoice invoice)
    {
        var currency = invoice.Currency;
        var platformLines = Money.Sum(invoice.Lines.Where(l => (l.ProviderAccountId ?? Books.Platform) == Books.Platform).Select(l => l.Amount), currency);
        var creditNotes = Money.Sum(invoice.Credits.Where(c => c.Credit.Kind == InvoiceCreditKind.CreditNote).Select(c => c.Applied), currency);
        var providers = invoice.Lines
            .Where(l => (l.ProviderAccountId ?? Books.Platform) != Books.Platform)
            .GroupBy(l => l.ProviderAccountId!.Value)
            .Select(g => (Provider: g.Key, Amount: Money.Sum(g.Select(l => l.Amount), currency)))
            .Where(p => p.Amount.IsPositive)
            .OrderBy(p => p.Provider)
            .ToList();
        var platform = providers.Count == 0 ? invoice.Total : Money.Min(invoice.Total, Money.Max(platformLines - creditNotes, Money.Zero(currency)));
        var rest = invoice.Total - platform;
        var parts = providers.Count == 0 ? [] : RevenueSplit.LargestRemainder(rest, [.. providers.Select(p => p.Amount.Amount)]);
        return providers.Zip(parts, (p, part) => (p.Provider, part)).Prepend((Books.Platform, platform)).Where(p => p.Item2.IsPositive);
    }

    private async Task<List<Data.Billing.InvoiceCreditRecord>> CreditsAsync(IReadOnlyList<Guid> invoiceIds, CancellationToken cancellationToken) =>
        await db.InvoiceCredits.AsNoTracking().Where(c => invoiceIds.Contains(c.InvoiceId)).OrderBy(c => c.InvoiceId).ThenBy(c => c.Position).ToListAsync(cancellationToken);

    private async Task<List<Data.Billing.InvoiceLineRecord>> LinesAsync(IReadOnlyList<Guid> invoiceIds, CancellationToken cancellationToken) =>
        await db.InvoiceLines.AsNoTracking().Where(l => invoiceIds.Contains(l.InvoiceId)).OrderBy(l => l.InvoiceId).ThenBy(l => l.Position).ToListAsync(cancellationToken);
}
