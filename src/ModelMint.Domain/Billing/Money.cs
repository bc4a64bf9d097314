namespace ModelMint.Domain.Billing;

/// <summary>
/// An exact amount in one currency. Arithmetic keeps full <see cref="decimal"/> precision and refuses to mix
/// currencies (<see cref="CurrencyMismatchException"/>); <see cref="RoundToMinorUnit"/> is applied once, on an
/// invoice line. <c>default(Money)</c> has no currency and is not a valid amount.
/// </summary>
public readonly record struct Money : IComparable<Money>
{
    /// <summary>An amount of <paramref name="amount"/> in <paramref name="currency"/>, at full precision.</summary>
    public Money(decimal amount, Currency currency)
    {
        ArgumentNullException.ThrowIfNull(currency);
        Amount = amount;
        Currency = currency;
    }

    /// <summary>The amount, possibly finer than the currency's minor unit until rounded.</summary>
    public decimal Amount { get; }

    /// <summary>The currency of <see cref="Amount"/>.</summary>
    public Currency Currency { get; }

    /// <summary>Whether the amount is exactly zero.</summary>
    public bool IsZero => Amount == 0m;

    /// <summary>Whether the amount is below zero.</summary>
    public bool IsNegative => Amount < 0m;

    /// <summary>Whether the amount is above zero.</summary>
    public bool IsPositive => Amount > 0m;

    /// <summary>Whether the amount has no digits beyond the currency's minor unit.</summary>
    public bool IsRoundedToMinorUnit => CurrencyOrThrow.IsWholeMinorUnits(Amount);

    private Currency CurrencyOrThrow =>
        Currency ?? throw new InvalidOperationException("default(Money) has no currency and is not a valid amount.");

    /// <summary>Zero in <paramref name="currency"/>.</summary>
    public static Money Zero(Currency currency) => new(0m, currency);

    /// <summary>An amount given in whole minor units: 1234 USD-cents is 12.34 USD.</summary>
    public static Money FromMinorUnits(long minorUnits, Currency currency)
    {
        ArgumentNullException.ThrowIfNull(currency);
        return new(minorUnits * currency.MinorUnit, currency);
    }

    /// <summary>The sum of <paramref name="amounts"/>, all of which must be in <paramref name="currency"/>.</summary>
    /// <exception cref="CurrencyMismatchException">An amount is in another currency.</exception>
    public static Money Sum(IEnumerable<Money> amounts, Currency currency)
    {
        ArgumentNullException.ThrowIfNull(amounts);
        var total = Zero(currency);
        foreach (var amount in amounts)
        {
            total += amount;
        }

        return total;
    }

    /// <summary>The smaller of two amounts in the same currency.</summary>
    public static Money Min(Money left, Money right) => left.CompareTo(right) <= 0 ? left : right;

    /// <summary>The larger of two amounts in the same currency.</summary>
    public static Money Max(Money left, Money right) => left.CompareTo(right) >= 0 ? left : right;

    /// <summary>
    /// The amount rounded to the currency's minor unit with <see cref="MidpointRounding.AwayFromZero"/>: 0.005 USD
    /// becomes 0.01 USD, 2.5 JPY becomes 3 JPY.
    /// </summary>
    public Money RoundToMinorUnit() => new(CurrencyOrThrow.Round(Amount), Currency);

    /// <summary>The amount in whole minor units (cents for USD).</summary>
    /// <exception cref="InvalidOperationException">The amount is finer than the minor unit; round it first.</exception>
    public long ToMinorUnits()
    {
        if (!IsRoundedToMinorUnit)
        {
            throw new InvalidOperationException(
                $"{this} has digits beyond the {Currency.Code} minor unit; round it with RoundToMinorUnit() first.");
        }

        return (long)(Amount / Currency.MinorUnit);
    }

    /// <summary>The sum of this amount and <paramref name="other"/>.</summary>
    /// <exception cref="CurrencyMismatchException">The currencies differ.</exception>
    public Money Add(Money other)
    {
        EnsureSameCurrency(other);
        return new(Amount + other.Amount, Currency);
    }

    /// <summary>This amount minus <paramref name="other"/>.</summary>
    /// <exception cref="CurrencyMismatchException">The currencies differ.</exception>
    public Money Subtract(Money other)
    {
        EnsureSameCurrency(other);
        return new(Amount - other.Amount, Currency);
    }

    /// <summary>This amount times <paramref name="factor"/>, at full precision.</summary>
    public Money Multiply(decimal factor) => new(Amount * factor, CurrencyOrThrow);

    /// <summary>The amount with the opposite sign.</summary>
    public Money Negate() => new(-Amount, CurrencyOrThrow);

    /// <summary>Compares two amounts in the same currency.</summary>
    /// <exception cref="CurrencyMismatchException">The currencies differ.</exception>
    public int CompareTo(Money other)
    {
        EnsureSameCurrency(other);
        return Amount.CompareTo(other.Amount);
    }

    /// <summary>The amount and currency, e.g. <c>12.30 USD</c> or <c>0.003 USD</c> (unrounded).</summary>
    public override string ToString() =>
        Currency is null ? "(no currency)" : BillingFormat.Amount(Amount, Currency);

    /// <summary>Adds two amounts in the same currency.</summary>
    public static Money operator +(Money left, Money right) => left.Add(right);

    /// <summary>Subtracts two amounts in the same currency.</summary>
    public static Money operator -(Money left, Money right) => left.Subtract(right);

    /// <summary>Negates an amount.</summary>
    public static Money operator -(Money value) => value.Negate();

    /// <summary>Scales an amount.</summary>
    public static Money operator *(Money left, decimal right) => left.Multiply(right);

    /// <summary>Scales an amount.</summary>
    public static Money operator *(decimal left, Money right) => right.Multiply(left);

    /// <summary>Compares two amounts in the same currency.</summary>
    public static bool operator <(Money left, Money right) => left.CompareTo(right) < 0;

    /// <summary>Compares two amounts in the same currency.</summary>
    public static bool operator >(Money left, Money right) => left.CompareTo(right) > 0;

    /// <summary>Compares two amounts in the same currency.</summary>
    public static bool operator <=(Money left, Money right) => left.CompareTo(right) <= 0;

    /// <summary>Compares two amounts in the same currency.</summary>
    public static bool operator >=(Money left, Money right) => left.CompareTo(right) >= 0;

    private void EnsureSameCurrency(Money other) =>
        CurrencyMismatchException.ThrowIfDifferent(CurrencyOrThrow, other.CurrencyOrThrow);
}
