namespace ModelMint.Domain.Billing;

/// <summary>Which side of an account an entry is on.</summary>
public enum EntrySide
{
    /// <summary>Increases assets and receivables; decreases liabilities and revenue.</summary>
    Debit = 0,

    /// <summary>Increases liabilities and revenue; decreases assets and receivables.</summary>
    Credit = 1,
}

/// <summary>One side of a money movement in the <see cref="Ledger"/>.</summary>
public sealed record LedgerEntry
{
    /// <summary>An entry; <paramref name="amount"/> is positive, the side gives its direction.</summary>
    /// <exception cref="ArgumentException">The amount is not positive or a text is empty.</exception>
    public LedgerEntry(
        Guid movementId,
        LedgerAccount account,
        EntrySide side,
        Money amount,
        string reason,
        string reference,
        DateTimeOffset occurredAt)
    {
        ArgumentNullException.ThrowIfNull(account.Name, nameof(account));
        ArgumentNullException.ThrowIfNull(amount.Currency, nameof(amount));
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        ArgumentException.ThrowIfNullOrWhiteSpace(reference);
        if (!Enum.IsDefined(side))
        {
            throw new ArgumentOutOfRangeException(nameof(side), side, "Unknown entry side.");
        }

        if (!amount.IsPositive)
        {
            throw new ArgumentOutOfRangeException(
                nameof(amount), amount.Amount, "A ledger entry's amount is positive; the side gives its direction.");
        }

        MovementId = movementId;
        Account = account;
        Side = side;
        Amount = amount;
        Reason = reason;
        Reference = reference;
        OccurredAt = occurredAt.ToUniversalTime();
    }

    /// <summary>The movement both entries of a pair share.</summary>
    public Guid MovementId { get; }

    /// <summary>The account affected.</summary>
    public LedgerAccount Account { get; }

    /// <summary>Debit or credit.</summary>
    public EntrySide Side { get; }

    /// <summary>The amount, positive.</summary>
    public Money Amount { get; }

    /// <summary>Why the money moved, e.g. <c>invoice.finalized</c>, <c>wallet.topup</c>.</summary>
    public string Reason { get; }

    /// <summary>What it refers to: an invoice, a grant, a payout.</summary>
    public string Reference { get; }

    /// <summary>When the movement happened (UTC).</summary>
    public DateTimeOffset OccurredAt { get; }
}
