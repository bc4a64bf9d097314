namespace ModelMint.Domain.Billing;

/// <summary>One step of a quote: a tier, a flat fee, a free allowance; amounts are unrounded.</summary>
/// <param name="Description">What was charged, e.g. <c>1,001–10,000: 9,000 × 0.008 USD</c>.</param>
/// <param name="Quantity">The units this step covers (1 for a flat fee).</param>
/// <param name="Amount">The step's amount at full precision.</param>
public sealed record PriceComponent(string Description, decimal Quantity, Money Amount);
