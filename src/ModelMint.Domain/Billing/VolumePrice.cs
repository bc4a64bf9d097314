namespace ModelMint.Domain.Billing;

/// <summary>
/// Volume pricing: every unit is priced at the tier the total falls in. With tiers 0–1,000 at 0.01,
/// 1,000–10,000 at 0.008 and above at 0.005, 1,000 units cost 10 but 1,500 units cost 1,500 × 0.008 = 12. The
/// tier's flat fee is added once; zero usage costs nothing.
/// </summary>
public sealed class VolumePrice : IPriceModel
{
    private readonly TierTable _table;

    /// <summary>Volume pricing over <paramref name="tiers"/> (ascending bounds, last one unbounded).</summary>
    /// <exception cref="ArgumentException">The tiers are empty, out of order, or the last is bounded.</exception>
    public VolumePrice(Currency currency, IReadOnlyList<PriceTier> tiers)
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
    public string Description => "volume: " + _table.Describe(Currency);

    /// <inheritdoc />
    public IReadOnlyList<UnitPricePoint> UnitPrices => _table.UnitPrices();

    /// <summary>The 0-based index of the tier <paramref name="quantity"/> falls in (bounds are inclusive).</summary>
    public int TierIndexFor(decimal quantity)
    {
        PriceRules.EnsureQuantity(quantity);
        for (var i = 0; i < Tiers.Count; i++)
        {
            if (Tiers[i].UpTo is not { } upTo || quantity <= upTo)
            {
                return i;
            }
        }

        return Tiers.Count - 1;
    }

    /// <inheritdoc />
    public PriceQuote Price(decimal quantity)
    {
        PriceRules.EnsureQuantity(quantity);
        if (quantity == 0m)
        {
            return PriceQuote.Zero(quantity, Currency);
        }

        var index = TierIndexFor(quantity);
        var tier = Tiers[index];
        var components = new List<PriceComponent>
        {
            new($"{BillingFormat.Number(quantity)} units in tier {_table.Range(index)} × " +
                BillingFormat.Price(tier.UnitPrice, Currency),
                quantity,
                new Money(quantity * tier.UnitPrice, Currency)),
        };
        if (tier.FlatFee != 0m)
        {
            components.Add(new($"tier {_table.Range(index)}: flat fee", 1m, new Money(tier.FlatFee, Currency)));
        }

        return new(quantity, Currency, components);
    }
}
