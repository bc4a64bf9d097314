namespace ModelMint.Domain.Billing;

/// <summary>Debits and credits of one currency over a set of ledger entries.</summary>
/// <param name="Currency">The currency.</param>
/// <param name="Debits">The sum of debit entries.</param>
/// <param name="Credits">The sum of credit entries.</param>
public sealed record LedgerCurrencyTotals(Currency Currency, Money Debits, Money Credits)
{
    /// <summary>Whether debits equal credits.</summary>
    public bool IsBalanced => Debits == Credits;
}

/// <summary>The result of <see cref="Ledger.Verify()"/>.</summary>
/// <param name="Totals">Debits and credits per currency, by currency code.</param>
/// <param name="Problems">What is unbalanced, in words; empty when balanced.</param>
public sealed record LedgerVerification(IReadOnlyList<LedgerCurrencyTotals> Totals, IReadOnlyList<string> Problems)
{
    /// <summary>Whether every currency and every movement balances.</summary>
    public bool IsBalanced => Problems.Count == 0;
}
