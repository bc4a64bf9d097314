namespace ModelMint.Domain.Billing;

/// <summary>A fixed price for every call: 1,000 calls at 0.002 USD cost 2 USD.</summary>
public sealed class PerCallPrice : IPriceModel
{
    /// <summary>Charges <paramref name="pricePerCall"/> for each call.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The price is negative.</exception>
    public PerCallPrice(Money pricePerCall)
    {
        PriceRules.EnsureNonNegativePrice(pricePerCall, nameof(pricePerCall));
        PricePerCall = pricePerCall;
    }

    /// <summary>The price of one call, at full precision.</summary>
    public Money PricePerCall { get; }

    /// <inheritdoc />
    public Currency Currency => PricePerCall.Currency;

    /// <inheritdoc />
    public string Description => $"{BillingFormat.Price(PricePerCall.Amount, Currency)} per call";

    /// <inheritdoc />
    public IReadOnlyList<UnitPricePoint> UnitPrices => [new("per call", PricePerCall.Amount)];

    /// <inheritdoc />
    /// <exception cref="ArgumentException"><paramref name="quantity"/> is not a whole number of calls.</exception>
    public PriceQuote Price(decimal quantity)
    {
        PriceRules.EnsureQuantity(quantity);
        if (decimal.Truncate(quantity) != quantity)
        {
            throw new ArgumentException($"Calls are counted in whole numbers; got {quantity}.", nameof(quantity));
        }

        return quantity == 0m
            ? PriceQuote.Zero(quantity, Currency)
            : new(quantity, Currency,
            [
                new($"{BillingFormat.Number(quantity)} calls × {BillingFormat.Price(PricePerCall.Amount, Currency)}",
                    quantity, PricePerCall * quantity),
            ]);
    }
}
