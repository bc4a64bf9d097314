namespace ModelMint.Domain.Billing;

/// <summary>
/// One line of an invoice, a snapshot: the model, meter, price and quantity as they were when the invoice was
/// generated, never following later price changes. <see cref="Amount"/> is the only rounding of the line's money.
/// </summary>
public sealed record InvoiceLine
{
    /// <summary>A line with an amount already computed; <paramref name="amount"/> is rounded here, once.</summary>
    /// <exception cref="ArgumentException">A text is empty, the quantity or amount negative.</exception>
    public InvoiceLine(
        string description,
        string? modelName,
        string meter,
        string priceDescription,
        decimal quantity,
        string unitPriceText,
        Money amount,
        Guid? providerAccountId = null,
        IReadOnlyList<PriceComponent>? breakdown = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(description);
        ArgumentException.ThrowIfNullOrWhiteSpace(meter);
        ArgumentException.ThrowIfNullOrWhiteSpace(priceDescription);
        ArgumentNullException.ThrowIfNull(unitPriceText);
        ArgumentNullException.ThrowIfNull(amount.Currency, nameof(amount));
        ArgumentOutOfRangeException.ThrowIfNegative(quantity);
        if (amount.IsNegative)
        {
            throw new ArgumentOutOfRangeException(
                nameof(amount), amount.Amount, "An invoice line cannot be negative; give money back as an InvoiceCredit.");
        }

        Description = description;
        ModelName = modelName;
        Meter = meter;
        PriceDescription = priceDescription;
        Quantity = quantity;
        UnitPriceText = unitPriceText;
        UnroundedAmount = amount;
        Amount = amount.RoundToMinorUnit();
        ProviderAccountId = providerAccountId;
        Breakdown = breakdown ?? [];
    }

    /// <summary>What the line is for, e.g. <c>sentiment — characters</c> or <c>Pro plan: monthly fee</c>.</summary>
    public string Description { get; }

    /// <summary>The model used, or <see langword="null"/> for lines that are not usage (a plan fee).</summary>
    public string? ModelName { get; }

    /// <summary>The meter's name, e.g. <c>characters</c>; <c>subscription</c> for plan fees.</summary>
    public string Meter { get; }

    /// <summary>The price list at generation, e.g. <c>0.002 USD per 1,000 characters</c>.</summary>
    public string PriceDescription { get; }

    /// <summary>The quantity billed.</summary>
    public decimal Quantity { get; }

    /// <summary>How the unit price applied to this quantity, e.g. <c>1,000 × 0.01 USD; 500 × 0.008 USD</c>.</summary>
    public string UnitPriceText { get; }

    /// <summary>The line's amount, rounded once to the currency's minor unit (half away from zero).</summary>
    public Money Amount { get; }

    /// <summary>The amount before rounding, kept for audit.</summary>
    public Money UnroundedAmount { get; }

    /// <summary>The provider the line's revenue is attributed to, or <see langword="null"/> for platform revenue.</summary>
    public Guid? ProviderAccountId { get; }

    /// <summary>The quote's components, copied.</summary>
    public IReadOnlyList<PriceComponent> Breakdown { get; }

    /// <summary>
    /// A usage line: <paramref name="quantity"/> units of <paramref name="meter"/> on <paramref name="modelName"/>
    /// (all versions) priced by <paramref name="model"/>, its description and breakdown copied.
    /// </summary>
    public static InvoiceLine ForUsage(
        string modelName, Meter meter, IPriceModel model, decimal quantity, Guid? providerAccountId)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrWhiteSpace(modelName);
        var quote = model.Price(quantity);
        var unitPriceText = quote.Components.Count == 0
            ? "no charge"
            : string.Join("; ", quote.Components.Select(c => c.Description));
        return new InvoiceLine(
            $"{modelName} — {meter.Name}",
            modelName,
            meter.Name,
            model.Description,
            quantity,
            unitPriceText,
            quote.Amount,
            providerAccountId,
            quote.Components);
    }
}
