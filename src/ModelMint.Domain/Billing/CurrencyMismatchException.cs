namespace ModelMint.Domain.Billing;

/// <summary>
/// Thrown when two amounts in different currencies are combined. Billing never converts currencies implicitly: an
/// account, a price and an invoice each have exactly one currency.
/// </summary>
public sealed class CurrencyMismatchException : InvalidOperationException
{
    /// <summary>Creates the exception with a generic message.</summary>
    public CurrencyMismatchException()
        : base("Amounts in different currencies cannot be combined.")
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    public CurrencyMismatchException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/> and its cause.</summary>
    public CurrencyMismatchException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception naming both currencies.</summary>
    public CurrencyMismatchException(Currency expected, Currency actual)
        : base($"Cannot combine {actual.Code} with {expected.Code}: amounts in different currencies are never mixed.")
    {
    }

    /// <summary>Throws unless <paramref name="actual"/> equals <paramref name="expected"/>.</summary>
    /// <exception cref="CurrencyMismatchException">The currencies differ.</exception>
    public static void ThrowIfDifferent(Currency expected, Currency actual)
    {
        if (!Equals(expected, actual))
        {
            throw new CurrencyMismatchException(expected, actual);
        }
    }
}
