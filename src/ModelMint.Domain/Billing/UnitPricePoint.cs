namespace ModelMint.Domain.Billing;

/// <summary>One price of a single unit in a price model, e.g. tier 2's price, with a label for error messages.</summary>
/// <param name="Label">Where the price comes from: <c>tier 2 (1,000–10,000)</c>, <c>per call</c>.</param>
/// <param name="PricePerUnit">The price of one unit of the meter, in the model's currency, at full precision.</param>
public sealed record UnitPricePoint(string Label, decimal PricePerUnit);
