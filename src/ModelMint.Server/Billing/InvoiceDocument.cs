using ModelMint.Data.Billing;
using ModelMint.Domain.Billing;

namespace ModelMint.Server.Billing;

/// <summary>
/// A stored invoice with its lines, and the bridge to the Domain <see cref="Invoice"/>: the rules (totals, credits,
/// state changes) live there; this type only loads them from rows and writes their results back.
/// </summary>
public sealed record InvoiceDocument(InvoiceRecord Record, IReadOnlyList<InvoiceLineRecord> Lines, IReadOnlyList<InvoiceCreditRecord> Credits)
{
    public const string PrepaidKind = "prepaid";
    public const string CreditNoteKind = "credit-note";

    public const string PrepaidReference = "prepaid-balance";
    public const string PrepaidDescription = "Prepaid balance used by this usage";

    public Currency Currency => StoredMoney.CurrencyOf(Record.Currency);

    public BillingPeriod Period => new(Record.PeriodStart, Record.PeriodEnd);

    public InvoiceStatus Status => ParseStatus(Record.Status);

    /// <summary>The invoice as the Domain sees it, replaying its history (lines, credit, finalize, pay or void).</summary>
    public Invoice ToDomain()
    {
        var currency = Currency;
        var invoice = Invoice.CreateDraft(new InvoiceId(Record.Id), Record.AccountId, Period, currency);
        foreach (var line in Lines.OrderBy(l => l.Position))
        {
            invoice.AddLine(new InvoiceLine(
                line.Description, line.ModelName, line.Meter, line.PriceDescription, line.Quantity, string.Empty,
                StoredMoney.FromMinor(line.AmountMinor, currency), line.ProviderAccountId));
        }

        foreach (var credit in Credits.OrderBy(c => c.Position))
        {
            invoice.ApplyCredit(new InvoiceCredit(
                credit.Kind == PrepaidKind ? InvoiceCreditKind.Prepaid : InvoiceCreditKind.CreditNote, credit.Reference, credit.Description,
                StoredMoney.FromMinor(credit.AmountMinor, currency)));
        }

        if (Record.IssuedAt is { } issuedAt)
        {
            invoice.Finalize(issuedAt);
        }

        switch (Status)
        {
            case InvoiceStatus.Paid:
                invoice.MarkPaid(Record.PaidAt ?? throw Corrupt("paid without a payment time"));
                break;
            case InvoiceStatus.Void:
                invoice.Void(Record.VoidedAt ?? throw Corrupt("void without a time"), Record.VoidReason ?? "(no reason recorded)");
                break;
        }

        if (invoice.Status != Status || invoice.Subtotal.ToMinorUnits() != Record.SubtotalMinor || invoice.Total.ToMinorUnits() != Record.TotalMinor)
        {
            throw Corrupt("its stored status or totals disagree with its lines and credits");
        }

        return invoice;
    }

    /// <summary>A new stored invoice for a Domain draft.</summary>
    public static InvoiceDocument FromDomain(Invoice invoice, string number, DateTimeOffset createdAt)
    {
        var record = new InvoiceRecord
        {
            Id = invoice.Id.Value,
            Number = number,
            AccountId = invoice.AccountId,
            PeriodStart = invoice.Period.Start,
            PeriodEnd = invoice.Period.End,
            Currency = invoice.Currency.Code,
            Status = StatusText(invoice.Status),
            CreatedAt = createdAt,
        };
        CopyState(invoice, record);
        var lines = invoice.Lines.Select((l, i) => new InvoiceLineRecord
        {
            Id = Guid.CreateVersion7(),
            InvoiceId = record.Id,
            Position = i + 1,
            Description = l.Description,
            ModelName = l.ModelName,
            ProviderAccountId = l.ProviderAccountId ?? Guid.Empty,
            Meter = l.Meter,
            Quantity = (long)l.Quantity,
            PriceDescription = l.PriceDescription,
            AmountMinor = l.Amount.ToMinorUnits(),
        }).ToList();
        var credits = invoice.Credits.Select((c, i) => new InvoiceCreditRecord
        {
            InvoiceId = record.Id,
            Position = i + 1,
            Kind = c.Credit.Kind == InvoiceCreditKind.Prepaid ? PrepaidKind : CreditNoteKind,
            Reference = c.Credit.Reference,
            Description = c.Credit.Description,
            AmountMinor = c.Credit.Amount.ToMinorUnits(),
        }).ToList();
        return new InvoiceDocument(record, lines, credits);
    }

    /// <summary>Copies the Domain invoice's totals, status and times onto <paramref name="record"/>.</summary>
    public static void CopyState(Invoice invoice, InvoiceRecord record)
    {
        record.Status = StatusText(invoice.Status);
        record.SubtotalMinor = invoice.Subtotal.ToMinorUnits();
        record.CreditsMinor = invoice.CreditsApplied.ToMinorUnits();
        record.TotalMinor = invoice.Total.ToMinorUnits();
        record.IssuedAt = invoice.IssuedAt;
        record.PaidAt = invoice.PaidAt;
        record.VoidedAt = invoice.VoidedAt;
        record.VoidReason = invoice.VoidReason;
    }

    public static string StatusText(InvoiceStatus status) => status.ToString().ToLowerInvariant();

    public static InvoiceStatus ParseStatus(string status) =>
        Enum.TryParse<InvoiceStatus>(status, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)
            ? parsed
            : throw new InvalidOperationException($"Unknown invoice status '{status}'.");

    private InvalidOperationException Corrupt(string what) => new($"Stored invoice {Record.Number} is inconsistent: {what}.");
}
