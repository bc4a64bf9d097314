namespace ModelMint.Domain.Billing;

/// <summary>
/// A price per block of units, prorated linearly (no rounding up to whole blocks): at 0.002 USD per 1,000
/// characters, 1,500 characters cost 0.003 USD. Use <see cref="PackagePrice"/> to charge per started block.
/// </summary>
public sealed class PerUnitPrice : IPriceModel
{
    /// <summary>Charges <paramref name="pricePerBlock"/> for every <paramref name="blockSize"/> units.</summary>
    /// <param name="pricePerBlock">The price of <paramref name="blockSize"/> units.</param>
    /// <param name="blockSize">How many units the price is for (1, 1,000, 1,000,000).</param>
    /// <param name="unitName">The plural noun of the unit, for descriptions: <c>characters</c>, <c>tokens</c>.</param>
    /// <exception cref="ArgumentOutOfRangeException">The price is negative or the block size not positive.</exception>
    public PerUnitPrice(Money pricePerBlock, decimal blockSize = 1m, string unitName = "units")
    {
        PriceRules.EnsureNonNegativePrice(pricePerBlock, nameof(pricePerBlock));
        PriceRules.EnsurePositiveSize(blockSize, nameof(blockSize));
        ArgumentException.ThrowIfNullOrWhiteSpace(unitName);
        PricePerBlock = pricePerBlock;
        BlockSize = blockSize;
        UnitName = unitName;
    }

    /// <summary>The price of <see cref="BlockSize"/> units.</summary>
    public Money PricePerBlock { get; }

    /// <summary>How many units <see cref="PricePerBlock"/> buys.</summary>
    public decimal BlockSize { get; }

    /// <summary>The plural noun of the unit.</summary>
    public string UnitName { get; }

    /// <inheritdoc />
    public Currency Currency => PricePerBlock.Currency;

    /// <inheritdoc />
    public string Description => BlockSize == 1m
        ? $"{BillingFormat.Price(PricePerBlock.Amount, Currency)} per {Singular(UnitName)}"
        : $"{BillingFormat.Price(PricePerBlock.Amount, Currency)} per {BillingFormat.Number(BlockSize)} {UnitName}";

    /// <inheritdoc />
    public IReadOnlyList<UnitPricePoint> UnitPrices => [new("per unit", PricePerBlock.Amount / BlockSize)];

    /// <inheritdoc />
    public PriceQuote Price(decimal quantity)
    {
        PriceRules.EnsureQuantity(quantity);
        if (quantity == 0m)
        {
            return PriceQuote.Zero(quantity, Currency);
        }

        // Multiply before dividing: quantity × price is exact, so a whole number of blocks stays exact.
        var amount = new Money(quantity * PricePerBlock.Amount / BlockSize, Currency);
        return new(quantity, Currency, [new($"{BillingFormat.Number(quantity)} {UnitName} at {Description}", quantity, amount)]);
    }

    private static string Singular(string plural) =>
        plural.Length > 1 && plural.EndsWith('s') ? plural[..^1] : plural;
}
