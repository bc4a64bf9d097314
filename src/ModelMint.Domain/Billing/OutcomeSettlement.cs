namespace ModelMint.Domain.Billing;

/// <summary>Outcome-priced calls sorted by verdict as of <see cref="AsOf"/>, and what the billable ones cost.</summary>
/// <param name="AsOf">The instant the verdicts hold for.</param>
/// <param name="Billable">Calls to bill.</param>
/// <param name="Free">Calls never to bill.</param>
/// <param name="Pending">Calls still inside their window without feedback; decided by a later settlement.</param>
/// <param name="Quote">The price of the billable calls, unrounded.</param>
public sealed record OutcomeSettlement(
    DateTimeOffset AsOf,
    IReadOnlyList<OutcomeCall> Billable,
    IReadOnlyList<OutcomeCall> Free,
    IReadOnlyList<OutcomeCall> Pending,
    PriceQuote Quote);
