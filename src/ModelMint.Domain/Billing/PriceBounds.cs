namespace ModelMint.Domain.Billing;

/// <summary>
/// The operator's limits on what a provider may charge per single unit of a meter (one call, one character, one
/// token). Every unit price a model can charge (<see cref="IPriceModel.UnitPrices"/>) must lie within
/// <c>[MinPerUnit, MaxPerUnit]</c>; flat fees and free allowances are not unit prices and are not bounded.
/// </summary>
public sealed record PriceBounds
{
    /// <summary>Bounds for <paramref name="meter"/>.</summary>
    /// <exception cref="ArgumentException">The bounds are negative, inverted, or in different currencies.</exception>
    public PriceBounds(Meter meter, Money minPerUnit, Money maxPerUnit)
    {
        ArgumentNullException.ThrowIfNull(meter.Name, nameof(meter));
        CurrencyMismatchException.ThrowIfDifferent(minPerUnit.Currency, maxPerUnit.Currency);
        if (minPerUnit.IsNegative)
        {
            throw new ArgumentOutOfRangeException(nameof(minPerUnit), minPerUnit.Amount, "A minimum price cannot be negative.");
        }

        if (maxPerUnit < minPerUnit)
        {
            throw new ArgumentException(
                $"The maximum ({maxPerUnit}) is below the minimum ({minPerUnit}).", nameof(maxPerUnit));
        }

        Meter = meter;
        MinPerUnit = minPerUnit;
        MaxPerUnit = maxPerUnit;
    }

    /// <summary>The meter the bounds apply to.</summary>
    public Meter Meter { get; }

    /// <summary>The lowest price allowed for one unit.</summary>
    public Money MinPerUnit { get; }

    /// <summary>The highest price allowed for one unit.</summary>
    public Money MaxPerUnit { get; }

    /// <summary>
    /// Every way <paramref name="model"/> breaks the bounds, as messages a provider can act on; empty when it is
    /// within them.
    /// </summary>
    public IReadOnlyList<string> Check(IPriceModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var unit = Meter.Name.Length > 1 && Meter.Name.EndsWith('s') ? Meter.Name[..^1] : Meter.Name;
        if (!Equals(model.Currency, MinPerUnit.Currency))
        {
            return [$"The price is in {model.Currency.Code}, but prices for '{Meter.Name}' must be in {MinPerUnit.Currency.Code}."];
        }

        var errors = new List<string>();
        foreach (var point in model.UnitPrices)
        {
            if (point.PricePerUnit < MinPerUnit.Amount || point.PricePerUnit > MaxPerUnit.Amount)
            {
                var side = point.PricePerUnit < MinPerUnit.Amount ? "below the minimum" : "above the maximum";
                errors.Add(
                    $"The price {point.Label} is {BillingFormat.Price(point.PricePerUnit, model.Currency)} per {unit}, " +
                    $"{side}: prices for '{Meter.Name}' must be between " +
                    $"{BillingFormat.Price(MinPerUnit.Amount, MinPerUnit.Currency)} and " +
                    $"{BillingFormat.Price(MaxPerUnit.Amount, MaxPerUnit.Currency)} per {unit}.");
            }
        }

        return errors;
    }

    /// <summary>Whether <paramref name="model"/> is within the bounds.</summary>
    public bool Allows(IPriceModel model) => Check(model).Count == 0;
}
