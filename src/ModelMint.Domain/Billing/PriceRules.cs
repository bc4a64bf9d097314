namespace ModelMint.Domain.Billing;

/// <summary>Argument checks shared by the price models.</summary>
internal static class PriceRules
{
    public static void EnsureQuantity(decimal quantity, string paramName = "quantity")
    {
        if (quantity < 0m)
        {
            throw new ArgumentOutOfRangeException(paramName, quantity, "A usage quantity cannot be negative.");
        }
    }

    public static void EnsureNonNegativePrice(Money price, string paramName)
    {
        ArgumentNullException.ThrowIfNull(price.Currency, paramName);
        if (price.IsNegative)
        {
            throw new ArgumentOutOfRangeException(paramName, price.Amount, "A price cannot be negative.");
        }
    }

    public static void EnsurePositiveSize(decimal size, string paramName)
    {
        if (size <= 0m)
        {
            throw new ArgumentOutOfRangeException(paramName, size, "A block or package size must be positive.");
        }
    }
}
