namespace ModelMint.Domain.Billing;

/// <summary>Splits an amount into parts that add up exactly, in whole minor units.</summary>
public static class RevenueSplit
{
    /// <summary>
    /// Splits <paramref name="total"/>, rounded once to the minor unit, in proportion to <paramref name="weights"/>
    /// by the largest-remainder method: each part gets the whole minor units of its exact share, then the units
    /// left over go one each to the parts with the largest fractional remainders (ties: the earlier part). The
    /// parts always sum to the rounded total: 100.00 in three equal parts is 33.34 + 33.33 + 33.33. A part with
    /// weight 0 gets 0. Negative totals (refunds) split like their absolute value, negated.
    /// </summary>
    /// <exception cref="ArgumentException">There are no weights, a weight is negative, or all are zero.</exception>
    public static IReadOnlyList<Money> LargestRemainder(Money total, IReadOnlyList<decimal> weights)
    {
        ArgumentNullException.ThrowIfNull(total.Currency, nameof(total));
        ArgumentNullException.ThrowIfNull(weights);
        if (weights.Count == 0)
        {
            throw new ArgumentException("A split needs at least one weight.", nameof(weights));
        }

        if (weights.Any(w => w < 0m))
        {
            throw new ArgumentException("Split weights cannot be negative.", nameof(weights));
        }

        var weightSum = weights.Sum();
        if (weightSum == 0m)
        {
            throw new ArgumentException("At least one split weight must be positive.", nameof(weights));
        }

        var currency = total.Currency;
        var rounded = total.RoundToMinorUnit().Amount;
        var sign = rounded < 0m ? -1m : 1m;
        var units = Math.Abs(rounded) / currency.MinorUnit;

        var parts = new decimal[weights.Count];
        var remainders = new decimal[weights.Count];
        var assigned = 0m;
        for (var i = 0; i < weights.Count; i++)
        {
            // Multiply before dividing so a share that is a whole number of units stays exact.
            var exact = units * weights[i] / weightSum;
            parts[i] = decimal.Floor(exact);
            remainders[i] = exact - parts[i];
            assigned += parts[i];
        }

        var leftover = (int)(units - assigned);
        var order = Enumerable.Range(0, weights.Count)
            .Where(i => weights[i] > 0m)
            .OrderByDescending(i => remainders[i])
            .ThenBy(i => i)
            .ToList();
        for (var k = 0; k < leftover; k++)
        {
            parts[order[k % order.Count]] += 1m;
        }

        return [.. parts.Select(p => new Money(sign * p * currency.MinorUnit, currency))];
    }
}
