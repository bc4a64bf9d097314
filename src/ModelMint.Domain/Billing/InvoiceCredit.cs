namespace ModelMint.Domain.Billing;

/// <summary>Where an invoice credit comes from.</summary>
public enum InvoiceCreditKind
{
    /// <summary>Prepaid wallet credit consumed by the invoiced usage.</summary>
    Prepaid = 0,

    /// <summary>A credit note: a refund, a goodwill credit, or the unused part of a plan after a change.</summary>
    CreditNote = 1,
}

/// <summary>Money taken off an invoice's subtotal. Rounded once to the minor unit when created.</summary>
public sealed record InvoiceCredit
{
    /// <summary>A credit of <paramref name="amount"/>, rounded to the minor unit.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The rounded amount is not positive.</exception>
    public InvoiceCredit(InvoiceCreditKind kind, string reference, string description, Money amount)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reference);
        ArgumentException.ThrowIfNullOrWhiteSpace(description);
        ArgumentNullException.ThrowIfNull(amount.Currency, nameof(amount));
        var rounded = amount.RoundToMinorUnit();
        if (!rounded.IsPositive)
        {
            throw new ArgumentOutOfRangeException(nameof(amount), amount.Amount, "A credit must be positive.");
        }

        Kind = kind;
        Reference = reference;
        Description = description;
        Amount = rounded;
    }

    /// <summary>Where the credit comes from.</summary>
    public InvoiceCreditKind Kind { get; }

    /// <summary>The wallet, credit note or proration it refers to.</summary>
    public string Reference { get; }

    /// <summary>The credit in words, for the invoice.</summary>
    public string Description { get; }

    /// <summary>The credit's full amount; less may be applied if the subtotal is smaller.</summary>
    public Money Amount { get; }
}

/// <summary>A credit and how much of it an invoice used.</summary>
/// <param name="Credit">The credit.</param>
/// <param name="Applied">The part taken off the invoice (credits apply in the order they were added).</param>
public sealed record AppliedCredit(InvoiceCredit Credit, Money Applied)
{
    /// <summary>The part not used by this invoice, left for a later one.</summary>
    public Money Unapplied => Credit.Amount - Applied;
}
