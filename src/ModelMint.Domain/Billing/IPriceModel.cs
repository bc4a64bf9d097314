namespace ModelMint.Domain.Billing;

/// <summary>
/// How a quantity of one meter's unit (calls, characters, tokens) over a billing period becomes an amount. Each
/// implementation is one charge model (per call, per unit, graduated, volume, package, ...), pure and immutable.
/// Quotes are at full precision: the invoice line rounds once.
/// </summary>
public interface IPriceModel
{
    /// <summary>The currency of every amount this model produces.</summary>
    Currency Currency { get; }

    /// <summary>The price list in words, copied onto invoice lines: <c>0.002 USD per 1,000 characters</c>.</summary>
    string Description { get; }

    /// <summary>
    /// The price of each single unit this model can charge, for checking against the operator's
    /// <see cref="PriceBounds"/>. Flat fees are not unit prices and are not listed.
    /// </summary>
    IReadOnlyList<UnitPricePoint> UnitPrices { get; }

    /// <summary>
    /// The amount for <paramref name="quantity"/> units used in one billing period, with how it was reached. Zero
    /// usage costs zero under every usage model.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="quantity"/> is negative.</exception>
    PriceQuote Price(decimal quantity);
}
