namespace ModelMint.Domain.Billing;

/// <summary>
/// A subscription: a monthly fee that includes <see cref="IncludedUnits"/>, with usage beyond them priced by
/// <see cref="Overage"/>. A full period with 120,000 units on a 49 USD plan including 100,000 and 0.001 USD per unit
/// over costs 49 + 20,000 × 0.001 = 69 USD. Mid-period changes are prorated by <see cref="Prorate"/>.
/// </summary>
public sealed class SubscriptionPlan : IPriceModel
{
    /// <summary>A plan named <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The fee or included units are negative.</exception>
    /// <exception cref="CurrencyMismatchException">The overage model is in another currency than the fee.</exception>
    public SubscriptionPlan(string name, Money monthlyFee, decimal includedUnits, IPriceModel overage)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        PriceRules.EnsureNonNegativePrice(monthlyFee, nameof(monthlyFee));
        ArgumentOutOfRangeException.ThrowIfNegative(includedUnits);
        ArgumentNullException.ThrowIfNull(overage);
        CurrencyMismatchException.ThrowIfDifferent(monthlyFee.Currency, overage.Currency);
        Name = name;
        MonthlyFee = monthlyFee;
        IncludedUnits = includedUnits;
        Overage = overage;
    }

    /// <summary>The plan's name, copied onto invoice lines.</summary>
    public string Name { get; }

    /// <summary>The fee for one full billing period.</summary>
    public Money MonthlyFee { get; }

    /// <summary>Units per period covered by the fee.</summary>
    public decimal IncludedUnits { get; }

    /// <summary>How units beyond <see cref="IncludedUnits"/> are priced (counting from the first unit over).</summary>
    public IPriceModel Overage { get; }

    /// <inheritdoc />
    public Currency Currency => MonthlyFee.Currency;

    /// <inheritdoc />
    public string Description =>
        $"{Name}: {MonthlyFee} per month including {BillingFormat.Number(IncludedUnits)} units, " +
        $"then {Overage.Description}";

    /// <inheritdoc />
    public IReadOnlyList<UnitPricePoint> UnitPrices => Overage.UnitPrices;

    /// <summary>
    /// The fee for a whole period plus overage on <paramref name="quantity"/>. Zero usage still costs the fee.
    /// </summary>
    public PriceQuote Price(decimal quantity)
    {
        PriceRules.EnsureQuantity(quantity);
        var included = Math.Min(quantity, IncludedUnits);
        var overage = Overage.Price(quantity - included);
        List<PriceComponent> components =
        [
            new($"{Name}: monthly fee", 1m, MonthlyFee),
            new($"{Name}: {BillingFormat.Number(included)} of {BillingFormat.Number(IncludedUnits)} included units",
                included, Money.Zero(Currency)),
            .. overage.Components.Select(c => c with { Description = "overage " + c.Description }),
        ];
        return new(quantity, Currency, components);
    }

    /// <summary>
    /// The fee for the part of <paramref name="period"/> from <paramref name="startAt"/> on, for a subscription that
    /// starts mid-period: <c>MonthlyFee × period.FractionRemaining(startAt)</c>, unrounded.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="startAt"/> is outside the period.</exception>
    public Money FeeFrom(BillingPeriod period, DateTimeOffset startAt)
    {
        EnsureInside(period, startAt, nameof(startAt));
        return MonthlyFee * period.FractionRemaining(startAt);
    }

    /// <summary>
    /// The fee adjustment when an account moves from <paramref name="from"/> to <paramref name="to"/> at
    /// <paramref name="changeAt"/>: a credit for the unused share of the old fee and a charge for the same share of
    /// the new one, both <c>fee × period.FractionRemaining(changeAt)</c> (by elapsed time, see
    /// <see cref="BillingPeriod.FractionRemaining"/>). Only fees are prorated; usage is rated by the plan in force
    /// when it occurred. Amounts are unrounded; each becomes its own rounded invoice line or credit.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="changeAt"/> is outside <c>[Start, End)</c>.</exception>
    /// <exception cref="CurrencyMismatchException">The plans are in different currencies.</exception>
    public static PlanChangeProration Prorate(
        SubscriptionPlan from, SubscriptionPlan to, BillingPeriod period, DateTimeOffset changeAt)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        CurrencyMismatchException.ThrowIfDifferent(from.Currency, to.Currency);
        EnsureInside(period, changeAt, nameof(changeAt));
        var fraction = period.FractionRemaining(changeAt);
        return new PlanChangeProration(
            from.Name, to.Name, changeAt.ToUniversalTime(), fraction, from.MonthlyFee * fraction, to.MonthlyFee * fraction);
    }

    private static void EnsureInside(BillingPeriod period, DateTimeOffset at, string paramName)
    {
        if (!period.Contains(at))
        {
            throw new ArgumentOutOfRangeException(paramName, at, $"The instant is outside the billing period {period}.");
        }
    }
}
