namespace ModelMint.Domain.Billing;

/// <summary>
/// Package pricing: a price per started block of units. With packages of 1,000 at 1 USD, 1,000 units cost 1 USD and
/// 1,001 units cost 2 USD. Zero usage buys no package.
/// </summary>
public sealed class PackagePrice : IPriceModel
{
    /// <summary>Charges <paramref name="pricePerPackage"/> for each started <paramref name="packageSize"/> units.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The price is negative or the size not positive.</exception>
    public PackagePrice(Money pricePerPackage, decimal packageSize, string unitName = "units")
    {
        PriceRules.EnsureNonNegativePrice(pricePerPackage, nameof(pricePerPackage));
        PriceRules.EnsurePositiveSize(packageSize, nameof(packageSize));
        ArgumentException.ThrowIfNullOrWhiteSpace(unitName);
        PricePerPackage = pricePerPackage;
        PackageSize = packageSize;
        UnitName = unitName;
    }

    /// <summary>The price of one package.</summary>
    public Money PricePerPackage { get; }

    /// <summary>How many units one package holds.</summary>
    public decimal PackageSize { get; }

    /// <summary>The plural noun of the unit.</summary>
    public string UnitName { get; }

    /// <inheritdoc />
    public Currency Currency => PricePerPackage.Currency;

    /// <inheritdoc />
    public string Description =>
        $"{BillingFormat.Price(PricePerPackage.Amount, Currency)} per started package of " +
        $"{BillingFormat.Number(PackageSize)} {UnitName}";

    /// <inheritdoc />
    public IReadOnlyList<UnitPricePoint> UnitPrices =>
        [new("per unit of a full package", PricePerPackage.Amount / PackageSize)];

    /// <summary>How many packages <paramref name="quantity"/> starts: ⌈quantity / size⌉.</summary>
    public decimal PackagesFor(decimal quantity)
    {
        PriceRules.EnsureQuantity(quantity);

        // decimal % is exact, so a quantity just above a boundary is never lost to division rounding.
        var remainder = quantity % PackageSize;
        var whole = (quantity - remainder) / PackageSize;
        return remainder == 0m ? whole : whole + 1m;
    }

    /// <inheritdoc />
    public PriceQuote Price(decimal quantity)
    {
        var packages = PackagesFor(quantity);
        return packages == 0m
            ? PriceQuote.Zero(quantity, Currency)
            : new(quantity, Currency,
            [
                new($"{BillingFormat.Number(quantity)} {UnitName} = {BillingFormat.Number(packages)} packages × " +
                    BillingFormat.Price(PricePerPackage.Amount, Currency),
                    packages,
                    PricePerPackage * packages),
            ]);
    }
}
