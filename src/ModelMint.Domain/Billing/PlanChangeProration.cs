namespace ModelMint.Domain.Billing;

/// <summary>
/// The fee adjustment of a mid-period plan change (see <see cref="SubscriptionPlan.Prorate"/>). Amounts are
/// unrounded and positive; the invoice states <see cref="CreditForUnused"/> as a credit and
/// <see cref="ChargeForRemainder"/> as a line.
/// </summary>
/// <param name="FromPlan">The plan given up.</param>
/// <param name="ToPlan">The plan taken.</param>
/// <param name="ChangedAt">When the change took effect (UTC).</param>
/// <param name="FractionRemaining">The share of the period left at the change, 0 to 1.</param>
/// <param name="CreditForUnused">The old plan's fee for the rest of the period, given back.</param>
/// <param name="ChargeForRemainder">The new plan's fee for the rest of the period.</param>
public sealed record PlanChangeProration(
    string FromPlan,
    string ToPlan,
    DateTimeOffset ChangedAt,
    decimal FractionRemaining,
    Money CreditForUnused,
    Money ChargeForRemainder)
{
    /// <summary>What the change costs (negative for a downgrade): charge minus credit, unrounded.</summary>
    public Money Net => ChargeForRemainder - CreditForUnused;
}
