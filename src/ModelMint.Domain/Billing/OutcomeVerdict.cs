namespace ModelMint.Domain.Billing;

/// <summary>Whether an outcome-priced call is billed, as of a given instant.</summary>
public enum OutcomeVerdict
{
    /// <summary>Not decided: no feedback and the window is still open.</summary>
    Pending = 0,

    /// <summary>Billed: accepted, or unresolved under <see cref="UnresolvedPolicy.Charge"/>.</summary>
    Billable = 1,

    /// <summary>Not billed: rejected, or unresolved under <see cref="UnresolvedPolicy.Free"/>.</summary>
    Free = 2,
}
