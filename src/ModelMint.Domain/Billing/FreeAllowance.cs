namespace ModelMint.Domain.Billing;

/// <summary>
/// The first <see cref="FreeUnits"/> units of a period are free; the rest are priced by <see cref="Inner"/> as if
/// counting started after the allowance. 1,500 units with 1,000 free and 0.01 per unit cost 500 × 0.01 = 5; tiers
/// of a graduated inner model apply to the billable units only.
/// </summary>
public sealed class FreeAllowance : IPriceModel
{
    /// <summary>Wraps <paramref name="inner"/> with <paramref name="freeUnits"/> free units per period.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="freeUnits"/> is negative.</exception>
    public FreeAllowance(decimal freeUnits, IPriceModel inner)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(freeUnits);
        ArgumentNullException.ThrowIfNull(inner);
        FreeUnits = freeUnits;
        Inner = inner;
    }

    /// <summary>Units per period that cost nothing.</summary>
    public decimal FreeUnits { get; }

    /// <summary>The model that prices usage beyond the allowance.</summary>
    public IPriceModel Inner { get; }

    /// <inheritdoc />
    public Currency Currency => Inner.Currency;

    /// <inheritdoc />
    public string Description => $"first {BillingFormat.Number(FreeUnits)} free, then {Inner.Description}";

    /// <inheritdoc />
    public IReadOnlyList<UnitPricePoint> UnitPrices => Inner.UnitPrices;

    /// <inheritdoc />
    public PriceQuote Price(decimal quantity)
    {
        PriceRules.EnsureQuantity(quantity);
        if (quantity == 0m)
        {
            return PriceQuote.Zero(quantity, Currency);
        }

        var free = Math.Min(quantity, FreeUnits);
        var billable = Inner.Price(quantity - free);
        List<PriceComponent> components =
        [
            new($"{BillingFormat.Number(free)} of {BillingFormat.Number(FreeUnits)} free units", free, Money.Zero(Currency)),
            .. billable.Components,
        ];
        return new(quantity, Currency, components);
    }
}
