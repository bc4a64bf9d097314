namespace ModelMint.Domain.Billing;

/// <summary>
/// What a provider earned in a period: <see cref="Gross"/> revenue of its models, the platform's
/// <see cref="PlatformFee"/> (the operator's percentage, rounded once) and the <see cref="Payout"/>, derived as
/// gross − fee so the three always add up.
/// </summary>
public sealed record ProviderStatement
{
    private ProviderStatement(Guid providerAccountId, BillingPeriod period, decimal platformFeePercent, Money gross, Money fee)
    {
        ProviderAccountId = providerAccountId;
        Period = period;
        PlatformFeePercent = platformFeePercent;
        Gross = gross;
        PlatformFee = fee;
        Payout = gross - fee;
    }

    /// <summary>The provider's account.</summary>
    public Guid ProviderAccountId { get; }

    /// <summary>The period the statement covers.</summary>
    public BillingPeriod Period { get; }

    /// <summary>The platform's share in percent (20 means 20 %).</summary>
    public decimal PlatformFeePercent { get; }

    /// <summary>Revenue attributed to the provider, rounded to the minor unit.</summary>
    public Money Gross { get; }

    /// <summary><c>round(Gross × PlatformFeePercent / 100)</c>, half away from zero.</summary>
    public Money PlatformFee { get; }

    /// <summary><see cref="Gross"/> − <see cref="PlatformFee"/>.</summary>
    public Money Payout { get; }

    /// <summary>A statement for <paramref name="gross"/> revenue (rounded once here if it is not yet).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The percentage is outside 0 to 100.</exception>
    public static ProviderStatement Compute(
        Guid providerAccountId, BillingPeriod period, Money gross, decimal platformFeePercent)
    {
        ArgumentNullException.ThrowIfNull(gross.Currency, nameof(gross));
        ArgumentOutOfRangeException.ThrowIfNegative(platformFeePercent);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(platformFeePercent, 100m);
        var roundedGross = gross.RoundToMinorUnit();
        var fee = (roundedGross * (platformFeePercent / 100m)).RoundToMinorUnit();
        return new(providerAccountId, period, platformFeePercent, roundedGross, fee);
    }

    /// <summary>
    /// A statement over the lines of <paramref name="invoices"/> attributed to <paramref name="providerAccountId"/>
    /// whose invoices are finalized or paid (drafts and void invoices earn nothing).
    /// </summary>
    /// <exception cref="CurrencyMismatchException">The lines are in another currency than <paramref name="currency"/>.</exception>
    public static ProviderStatement FromInvoices(
        Guid providerAccountId, BillingPeriod period, Currency currency, IEnumerable<Invoice> invoices, decimal platformFeePercent)
    {
        ArgumentNullException.ThrowIfNull(invoices);
        var gross = Money.Sum(
            invoices
                .Where(i => i.Status is InvoiceStatus.Finalized or InvoiceStatus.Paid && i.Period == period)
                .SelectMany(i => i.Lines)
                .Where(l => l.ProviderAccountId == providerAccountId)
                .Select(l => l.Amount),
            currency);
        return Compute(providerAccountId, period, gross, platformFeePercent);
    }
}
