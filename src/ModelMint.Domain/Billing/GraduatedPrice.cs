namespace ModelMint.Domain.Billing;

/// <summary>
/// Graduated (tiered) pricing: each unit is priced by the tier it falls in, like income tax brackets. With tiers
/// 0–1,000 at 0.01, 1,000–10,000 at 0.008 and above at 0.005, 1,500 units cost 1,000 × 0.01 + 500 × 0.008 = 14.
/// A tier's flat fee is charged once when any usage falls in that tier; zero usage costs nothing.
/// </summary>
public sealed class GraduatedPrice : IPriceModel
{
    private readonly TierTable _table;

    /// <summary>Graduated pricing over <paramref name="tiers"/> (ascending bounds, last one unbounded).</summary>
    /// <exception cref="ArgumentException">The tiers are empty, out of order, or the last is bounded.</exception>
    public GraduatedPrice(Currency currency, IReadOnlyList<PriceTier> tiers)
    {
        ArgumentNullException.ThrowIfNull(currency);
        _table = new TierTable(tiers, nameof(tiers));
        Currency = currency;
    }

    /// <summary>The tiers, lowest first.</summary>
    public IReadOnlyList<PriceTier> Tiers => _table.Tiers;

    /// <inheritdoc />
    public Currency Currency { get; }

    /// <inheritdoc />
    public string Description => "graduated: " + _table.Describe(Currency);

    /// <inheritdoc />
    public IReadOnlyList<UnitPricePoint> UnitPrices => _table.UnitPrices();

    /// <inheritdoc />
    public PriceQuote Price(decimal quantity)
    {
        PriceRules.EnsureQuantity(quantity);
        var components = new List<PriceComponent>();
        for (var i = 0; i < Tiers.Count; i++)
        {
            var lower = _table.LowerBounds[i];
            if (quantity <= lower)
            {
                break;
            }

            var tier = Tiers[i];
            var units = (tier.UpTo is { } upTo ? Math.Min(quantity, upTo) : quantity) - lower;
            components.Add(new(
                $"{_table.Range(i)}: {BillingFormat.Number(units)} × {BillingFormat.Price(tier.UnitPrice, Currency)}",
                units,
                new Money(units * tier.UnitPrice, Currency)));
            if (tier.FlatFee != 0m)
            {
                components.Add(new($"{_table.Range(i)}: flat fee", 1m, new Money(tier.FlatFee, Currency)));
            }
        }

        return new(quantity, Currency, components);
    }
}
