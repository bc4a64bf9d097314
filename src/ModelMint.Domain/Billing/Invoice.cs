namespace ModelMint.Domain.Billing;

/// <summary>
/// One account's invoice for one period and currency. Lines and credits change only while
/// <see cref="InvoiceStatus.Draft"/>; state changes are methods that refuse invalid transitions with an
/// <see cref="InvalidOperationException"/> naming the current state. Totals are derived, never stored:
/// <see cref="Subtotal"/> is the sum of the (individually rounded) lines, credits are applied in the order added up
/// to the subtotal, <see cref="Total"/> = subtotal − applied credits ≥ 0, and any excess is
/// <see cref="UnappliedCredit"/>.
/// </summary>
public sealed class Invoice
{
    private readonly List<InvoiceLine> _lines = [];
    private readonly List<InvoiceCredit> _credits = [];

    private Invoice(InvoiceId id, Guid accountId, BillingPeriod period, Currency currency)
    {
        Id = id;
        AccountId = accountId;
        Period = period;
        Currency = currency;
    }

    /// <summary>The invoice's identifier.</summary>
    public InvoiceId Id { get; }

    /// <summary>The account billed.</summary>
    public Guid AccountId { get; }

    /// <summary>The period billed.</summary>
    public BillingPeriod Period { get; }

    /// <summary>The currency of every amount.</summary>
    public Currency Currency { get; }

    /// <summary>Where the invoice is in its life.</summary>
    public InvoiceStatus Status { get; private set; }

    /// <summary>When it was finalized (issued), or <see langword="null"/>.</summary>
    public DateTimeOffset? IssuedAt { get; private set; }

    /// <summary>When it was paid, or <see langword="null"/>.</summary>
    public DateTimeOffset? PaidAt { get; private set; }

    /// <summary>When it was voided, or <see langword="null"/>.</summary>
    public DateTimeOffset? VoidedAt { get; private set; }

    /// <summary>Why it was voided, or <see langword="null"/>.</summary>
    public string? VoidReason { get; private set; }

    /// <summary>The lines, in the order added.</summary>
    public IReadOnlyList<InvoiceLine> Lines => _lines;

    /// <summary>The credits, in the order added, with how much of each applied.</summary>
    public IReadOnlyList<AppliedCredit> Credits
    {
        get
        {
            var left = Subtotal;
            var applied = new List<AppliedCredit>(_credits.Count);
            foreach (var credit in _credits)
            {
                var take = Money.Min(credit.Amount, left);
                applied.Add(new AppliedCredit(credit, take));
                left -= take;
            }

            return applied;
        }
    }

    /// <summary>The sum of the line amounts.</summary>
    public Money Subtotal => Money.Sum(_lines.Select(l => l.Amount), Currency);

    /// <summary>The sum of all credits, applied or not.</summary>
    public Money CreditsTotal => Money.Sum(_credits.Select(c => c.Amount), Currency);

    /// <summary>The credits taken off: the smaller of <see cref="CreditsTotal"/> and <see cref="Subtotal"/>.</summary>
    public Money CreditsApplied => Money.Min(CreditsTotal, Subtotal);

    /// <summary>Credit beyond the subtotal, carried to a later invoice or back to the wallet.</summary>
    public Money UnappliedCredit => CreditsTotal - CreditsApplied;

    /// <summary>What the account owes: <see cref="Subtotal"/> − <see cref="CreditsApplied"/>, never negative.</summary>
    public Money Total => Subtotal - CreditsApplied;

    /// <summary>A new, empty draft.</summary>
    public static Invoice CreateDraft(InvoiceId id, Guid accountId, BillingPeriod period, Currency currency)
    {
        ArgumentNullException.ThrowIfNull(currency);
        return new Invoice(id, accountId, period, currency);
    }

    /// <summary>Adds a line to the draft.</summary>
    /// <exception cref="InvalidOperationException">The invoice is not a draft.</exception>
    /// <exception cref="CurrencyMismatchException">The line is in another currency.</exception>
    public void AddLine(InvoiceLine line)
    {
        ArgumentNullException.ThrowIfNull(line);
        EnsureDraft("add a line");
        CurrencyMismatchException.ThrowIfDifferent(Currency, line.Amount.Currency);
        _lines.Add(line);
    }

    /// <summary>Removes the line at <paramref name="index"/> (0-based) from the draft.</summary>
    /// <exception cref="InvalidOperationException">The invoice is not a draft.</exception>
    public void RemoveLineAt(int index)
    {
        EnsureDraft("remove a line");
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, _lines.Count);
        _lines.RemoveAt(index);
    }

    /// <summary>Adds a credit to the draft; it applies after those already added.</summary>
    /// <exception cref="InvalidOperationException">The invoice is not a draft.</exception>
    /// <exception cref="CurrencyMismatchException">The credit is in another currency.</exception>
    public void ApplyCredit(InvoiceCredit credit)
    {
        ArgumentNullException.ThrowIfNull(credit);
        EnsureDraft("apply a credit");
        CurrencyMismatchException.ThrowIfDifferent(Currency, credit.Amount.Currency);
        _credits.Add(credit);
    }

    /// <summary>Issues the invoice: from here on it never changes. Draft → Finalized.</summary>
    /// <exception cref="InvalidOperationException">The invoice is not a draft.</exception>
    public void Finalize(DateTimeOffset issuedAt)
    {
        EnsureTransition(InvoiceStatus.Finalized, "finalize");
        Status = InvoiceStatus.Finalized;
        IssuedAt = issuedAt.ToUniversalTime();
    }

    /// <summary>Records payment. Finalized → Paid.</summary>
    /// <exception cref="InvalidOperationException">The invoice is not finalized.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="paidAt"/> is before <see cref="IssuedAt"/>.</exception>
    public void MarkPaid(DateTimeOffset paidAt)
    {
        EnsureTransition(InvoiceStatus.Paid, "mark as paid");
        EnsureNotBeforeIssue(paidAt, nameof(paidAt));
        Status = InvoiceStatus.Paid;
        PaidAt = paidAt.ToUniversalTime();
    }

    /// <summary>Cancels an issued invoice. Finalized → Void.</summary>
    /// <exception cref="InvalidOperationException">The invoice is not finalized.</exception>
    /// <exception cref="ArgumentException">The reason is empty, or <paramref name="voidedAt"/> is before issue.</exception>
    public void Void(DateTimeOffset voidedAt, string reason)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        EnsureTransition(InvoiceStatus.Void, "void");
        EnsureNotBeforeIssue(voidedAt, nameof(voidedAt));
        Status = InvoiceStatus.Void;
        VoidedAt = voidedAt.ToUniversalTime();
        VoidReason = reason;
    }

    /// <summary>Whether an invoice may move from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public static bool CanTransition(InvoiceStatus from, InvoiceStatus to) => (from, to) switch
    {
        (InvoiceStatus.Draft, InvoiceStatus.Finalized) => true,
        (InvoiceStatus.Finalized, InvoiceStatus.Paid) => true,
        (InvoiceStatus.Finalized, InvoiceStatus.Void) => true,
        _ => false,
    };

    private void EnsureTransition(InvoiceStatus to, string action)
    {
        if (!CanTransition(Status, to))
        {
            var allowed = Status switch
            {
                InvoiceStatus.Draft => "a draft can only be finalized",
                InvoiceStatus.Finalized => "a finalized invoice can only be paid or voided",
                _ => $"{Status.ToString().ToLowerInvariant()} is final",
            };
            throw new InvalidOperationException(
                $"Cannot {action} invoice {Id.Value}: it is {Status.ToString().ToLowerInvariant()} and {allowed}.");
        }
    }

    private void EnsureDraft(string action)
    {
        if (Status != InvoiceStatus.Draft)
        {
            throw new InvalidOperationException(
                $"Cannot {action} on invoice {Id.Value}: it is {Status.ToString().ToLowerInvariant()}, " +
                "and only a draft can change.");
        }
    }

    private void EnsureNotBeforeIssue(DateTimeOffset at, string paramName)
    {
        if (at < IssuedAt)
        {
            throw new ArgumentOutOfRangeException(paramName, at, $"The instant is before the invoice was issued ({IssuedAt:O}).");
        }
    }
}
