namespace ModelMint.Domain.Billing;

/// <summary>
/// What a quantity costs under a price model: the unrounded <see cref="Amount"/>, always the exact sum of its
/// <see cref="Components"/>. An invoice line rounds it once (<see cref="Money.RoundToMinorUnit"/>).
/// </summary>
public sealed record PriceQuote
{
    /// <summary>A quote for <paramref name="quantity"/> whose amount is the sum of <paramref name="components"/>.</summary>
    /// <exception cref="CurrencyMismatchException">A component is in another currency.</exception>
    public PriceQuote(decimal quantity, Currency currency, IReadOnlyList<PriceComponent> components)
    {
        ArgumentNullException.ThrowIfNull(components);
        Quantity = quantity;
        Components = components;
        Amount = Money.Sum(components.Select(c => c.Amount), currency);
    }

    /// <summary>The quantity priced.</summary>
    public decimal Quantity { get; }

    /// <summary>The total at full precision.</summary>
    public Money Amount { get; }

    /// <summary>How the total was reached, in order; empty for zero usage.</summary>
    public IReadOnlyList<PriceComponent> Components { get; }

    /// <summary>Zero for <paramref name="quantity"/> units.</summary>
    public static PriceQuote Zero(decimal quantity, Currency currency) => new(quantity, currency, []);
}
