namespace ModelMint.Domain.Billing;

/// <summary>
/// One tier of a <see cref="GraduatedPrice"/> or <see cref="VolumePrice"/>. A tier covers the quantities above the
/// previous tier's <see cref="UpTo"/> (or 0) up to and including its own; the last tier has no upper bound. With
/// tiers up to 1,000 / up to 10,000 / unbounded, quantity 1,000 is in tier 1 and 1,000.5 in tier 2.
/// </summary>
public sealed record PriceTier
{
    /// <summary>A tier ending at <paramref name="upTo"/> (inclusive; <see langword="null"/> for the last tier).</summary>
    /// <param name="upTo">The tier's inclusive upper bound, or <see langword="null"/> for no bound.</param>
    /// <param name="unitPrice">The price of one unit in this tier, in the model's currency.</param>
    /// <param name="flatFee">A fee charged once when usage reaches the tier, in the model's currency.</param>
    /// <exception cref="ArgumentOutOfRangeException">A price is negative or the bound not positive.</exception>
    public PriceTier(decimal? upTo, decimal unitPrice, decimal flatFee = 0m)
    {
        if (upTo is <= 0m)
        {
            throw new ArgumentOutOfRangeException(nameof(upTo), upTo, "A tier's upper bound must be positive.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(unitPrice);
        ArgumentOutOfRangeException.ThrowIfNegative(flatFee);
        UpTo = upTo;
        UnitPrice = unitPrice;
        FlatFee = flatFee;
    }

    /// <summary>The inclusive upper bound, or <see langword="null"/> for the unbounded last tier.</summary>
    public decimal? UpTo { get; }

    /// <summary>The price of one unit in this tier.</summary>
    public decimal UnitPrice { get; }

    /// <summary>A fee charged once when usage reaches this tier (0 for none).</summary>
    public decimal FlatFee { get; }
}
