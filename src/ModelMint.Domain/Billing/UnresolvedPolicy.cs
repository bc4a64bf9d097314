namespace ModelMint.Domain.Billing;

/// <summary>What happens to an outcome-priced call whose feedback window closed without feedback.</summary>
public enum UnresolvedPolicy
{
    /// <summary>Silence counts as acceptance: the call is billed.</summary>
    Charge = 0,

    /// <summary>Silence counts as rejection: the call is free.</summary>
    Free = 1,
}
