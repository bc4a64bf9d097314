namespace ModelMint.Domain.Billing;

/// <summary>A validated, ordered list of tiers shared by graduated and volume pricing.</summary>
internal sealed class TierTable
{
    public TierTable(IReadOnlyList<PriceTier> tiers, string paramName)
    {
        ArgumentNullException.ThrowIfNull(tiers, paramName);
        if (tiers.Count == 0)
        {
            throw new ArgumentException("A tiered price needs at least one tier.", paramName);
        }

        var lowers = new decimal[tiers.Count];
        var previous = 0m;
        for (var i = 0; i < tiers.Count; i++)
        {
            var tier = tiers[i] ?? throw new ArgumentException($"Tier {i + 1} is null.", paramName);
            var isLast = i == tiers.Count - 1;
            if (isLast != (tier.UpTo is null))
            {
                throw new ArgumentException(
                    isLast
                        ? $"The last tier (tier {i + 1}) must be unbounded (UpTo null) so every quantity has a price."
                        : $"Only the last tier may be unbounded; tier {i + 1} has no upper bound.",
                    paramName);
            }

            if (tier.UpTo is { } upTo && upTo <= previous)
            {
                throw new ArgumentException(
                    $"Tier bounds must increase: tier {i + 1} ends at {BillingFormat.Number(upTo)}, " +
                    $"not above {BillingFormat.Number(previous)}.",
                    paramName);
            }

            lowers[i] = previous;
            previous = tier.UpTo ?? previous;
        }

        Tiers = [.. tiers];
        LowerBounds = lowers;
    }

    public IReadOnlyList<PriceTier> Tiers { get; }

    /// <summary>The exclusive lower bound of each tier: 0, then the previous tier's UpTo.</summary>
    public IReadOnlyList<decimal> LowerBounds { get; }

    public string Range(int index)
    {
        var upTo = Tiers[index].UpTo;
        return upTo is null
            ? $"above {BillingFormat.Number(LowerBounds[index])}"
            : $"{BillingFormat.Number(LowerBounds[index])}–{BillingFormat.Number(upTo.Value)}";
    }

    public IReadOnlyList<UnitPricePoint> UnitPrices() =>
        [.. Tiers.Select((t, i) => new UnitPricePoint($"tier {i + 1} ({Range(i)})", t.UnitPrice))];

    public string Describe(Currency currency) =>
        string.Join("; ", Tiers.Select((t, i) =>
            $"{Range(i)}: {BillingFormat.Price(t.UnitPrice, currency)} per unit" +
            (t.FlatFee == 0m ? string.Empty : $" + {BillingFormat.Price(t.FlatFee, currency)} flat")));
}
