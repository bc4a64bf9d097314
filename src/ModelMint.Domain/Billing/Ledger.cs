namespace ModelMint.Domain.Billing;

/// <summary>
/// An append-only, double-entry record of money movements. Every movement is a pair of entries of the same amount,
/// one debit and one credit, so debits equal credits in every currency by construction; <see cref="Verify(IEnumerable{LedgerEntry})"/> checks
/// that for any set of entries (e.g. one period read back from storage). Entries are never changed or removed: a
/// correction is a new movement.
/// </summary>
public sealed class Ledger
{
    private readonly List<LedgerEntry> _entries = [];
    private readonly HashSet<Guid> _movements = [];

    /// <summary>All entries, in the order recorded.</summary>
    public IReadOnlyList<LedgerEntry> Entries => _entries;

    /// <summary>
    /// Records <paramref name="amount"/> moving from <paramref name="creditAccount"/> to
    /// <paramref name="debitAccount"/>, as a debit entry and a credit entry sharing <paramref name="movementId"/>.
    /// </summary>
    /// <returns>The two entries: the debit, then the credit.</returns>
    /// <exception cref="ArgumentException">The amount is not positive, the accounts are equal, or a text is empty.</exception>
    /// <exception cref="InvalidOperationException"><paramref name="movementId"/> was already recorded.</exception>
    public IReadOnlyList<LedgerEntry> Transfer(
        Guid movementId,
        LedgerAccount debitAccount,
        LedgerAccount creditAccount,
        Money amount,
        string reason,
        string reference,
        DateTimeOffset occurredAt)
    {
        if (debitAccount == creditAccount)
        {
            throw new ArgumentException("A movement needs two different accounts.", nameof(creditAccount));
        }

        if (_movements.Contains(movementId))
        {
            throw new InvalidOperationException($"Movement {movementId} is already in the ledger; it is recorded once.");
        }

        LedgerEntry[] pair =
        [
            new(movementId, debitAccount, EntrySide.Debit, amount, reason, reference, occurredAt),
            new(movementId, creditAccount, EntrySide.Credit, amount, reason, reference, occurredAt),
        ];
        _movements.Add(movementId);
        _entries.AddRange(pair);
        return pair;
    }

    /// <summary>
    /// The balance of <paramref name="account"/> in <paramref name="currency"/>: debits − credits (positive for what
    /// an asset account holds or a receivable is owed; negative for liabilities and revenue).
    /// </summary>
    public Money Balance(LedgerAccount account, Currency currency) => Balance(_entries, account, currency);

    /// <summary>Debits − credits of <paramref name="account"/> in <paramref name="currency"/> over <paramref name="entries"/>.</summary>
    public static Money Balance(IEnumerable<LedgerEntry> entries, LedgerAccount account, Currency currency)
    {
        ArgumentNullException.ThrowIfNull(entries);
        return Money.Sum(
            entries
                .Where(e => e.Account == account && Equals(e.Amount.Currency, currency))
                .Select(e => e.Side == EntrySide.Debit ? e.Amount : -e.Amount),
            currency);
    }

    /// <summary>Checks the entries recorded here; see <see cref="Verify(IEnumerable{LedgerEntry})"/>.</summary>
    public LedgerVerification Verify() => Verify(_entries);

    /// <summary>
    /// Checks double entry over <paramref name="entries"/>: per currency, debits equal credits; and every movement
    /// balances on its own (one debit and one credit of the same amount and currency).
    /// </summary>
    public static LedgerVerification Verify(IEnumerable<LedgerEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var list = entries.ToList();
        var totals = list
            .GroupBy(e => e.Amount.Currency)
            .OrderBy(g => g.Key.Code, StringComparer.Ordinal)
            .Select(g => new LedgerCurrencyTotals(
                g.Key,
                Money.Sum(g.Where(e => e.Side == EntrySide.Debit).Select(e => e.Amount), g.Key),
                Money.Sum(g.Where(e => e.Side == EntrySide.Credit).Select(e => e.Amount), g.Key)))
            .ToList();

        var problems = totals
            .Where(t => !t.IsBalanced)
            .Select(t => $"{t.Currency.Code}: debits {t.Debits} ≠ credits {t.Credits}.")
            .ToList();
        foreach (var movement in list.GroupBy(e => e.MovementId))
        {
            var debits = movement.Where(e => e.Side == EntrySide.Debit).ToList();
            var credits = movement.Where(e => e.Side == EntrySide.Credit).ToList();
            if (debits.Count != 1 || credits.Count != 1 || debits[0].Amount != credits[0].Amount)
            {
                problems.Add(
                    $"Movement {movement.Key} is not one debit and one credit of the same amount " +
                    $"({debits.Count} debits, {credits.Count} credits).");
            }
        }

        return new LedgerVerification(totals, problems);
    }
}
