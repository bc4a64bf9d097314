using System.Text.Json.Serialization;

namespace ModelMint.Client;

/// <summary>Units of one meter a plan includes per month, and the price per <see cref="UnitSize"/> units beyond them.</summary>
/// <param name="Meter"><c>calls</c> or <c>characters</c>.</param>
/// <param name="Included">Units included in the monthly fee.</param>
/// <param name="OveragePrice">The price of <see cref="UnitSize"/> units over the allowance.</param>
/// <param name="UnitSize">How many units <see cref="OveragePrice"/> buys.</param>
public sealed record PlanAllowance(
    string Meter,
    long Included,
    [property: JsonConverter(typeof(DecimalStringJsonConverter))] decimal OveragePrice,
    long UnitSize);

/// <summary>A subscription plan the operator offers. Plans never change; a new price is a new plan.</summary>
/// <param name="Id">The plan's id, to subscribe with.</param>
/// <param name="Name">The plan's name.</param>
/// <param name="Currency">The currency of its fee and overage.</param>
/// <param name="MonthlyFee">The fee for a whole UTC month (prorated when a plan changes mid-month).</param>
/// <param name="Allowances">Included units and overage per meter.</param>
/// <param name="RequestsPerMinute">Requests per minute across all the organisation's keys; null for no plan limit.</param>
/// <param name="UnitsPerMinute">Characters per minute across all the organisation's keys; null for no plan limit.</param>
/// <param name="MaxCallsPerMonth">Hard monthly quota of calls; null for none.</param>
/// <param name="MaxUnitsPerMonth">Hard monthly quota of characters; null for none.</param>
/// <param name="CreatedAt">When the operator created it (UTC).</param>
/// <param name="ArchivedAt">When it stopped taking new subscribers, if it has.</param>
public sealed record Plan(
    Guid Id,
    string Name,
    string Currency,
    [property: JsonConverter(typeof(DecimalStringJsonConverter))] decimal MonthlyFee,
    IReadOnlyList<PlanAllowance> Allowances,
    int? RequestsPerMinute,
    long? UnitsPerMinute,
    long? MaxCallsPerMonth,
    long? MaxUnitsPerMonth,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ArchivedAt);

/// <summary>The fee adjustment of a mid-month plan change, as the next invoice will show it.</summary>
/// <param name="FromPlan">The plan given up.</param>
/// <param name="ToPlan">The plan taken.</param>
/// <param name="ChangedAt">When the change took effect (UTC).</param>
/// <param name="FractionRemaining">The share of the month left, 0 to 1.</param>
/// <param name="CreditForUnused">The old fee for the rest of the month, credited.</param>
/// <param name="ChargeForRemainder">The new fee for the rest of the month, charged.</param>
/// <param name="Net">Charge minus credit (negative for a downgrade).</param>
public sealed record PlanChange(
    string FromPlan,
    string ToPlan,
    DateTimeOffset ChangedAt,
    [property: JsonConverter(typeof(DecimalStringJsonConverter))] decimal FractionRemaining,
    [property: JsonConverter(typeof(DecimalStringJsonConverter))] decimal CreditForUnused,
    [property: JsonConverter(typeof(DecimalStringJsonConverter))] decimal ChargeForRemainder,
    [property: JsonConverter(typeof(DecimalStringJsonConverter))] decimal Net);

/// <summary>The organisation's current plan and its use of the plan's quotas this UTC month.</summary>
/// <param name="Plan">The plan.</param>
/// <param name="StartedAt">When this subscription started (UTC).</param>
/// <param name="Period">The current month, <c>yyyy-MM</c>.</param>
/// <param name="ResetsAt">When the monthly quotas reset (UTC).</param>
/// <param name="CallsThisMonth">Calls counted against the quota this month.</param>
/// <param name="UnitsThisMonth">Characters counted against the quota this month.</param>
/// <param name="Change">Set by a change of plan: its proration.</param>
public sealed record PlanSubscription(
    Plan Plan,
    DateTimeOffset StartedAt,
    string Period,
    DateTimeOffset ResetsAt,
    long CallsThisMonth,
    long UnitsThisMonth,
    PlanChange? Change = null);
