namespace ModelMint.Domain.Billing;

/// <summary>Identifies a credit grant (a top-up, a promotional grant, a redeemed code) in a wallet.</summary>
/// <param name="Value">The identifier.</param>
public readonly record struct CreditGrantId(Guid Value)
{
    /// <summary>A new time-ordered identifier.</summary>
    public static CreditGrantId New() => new(Guid.CreateVersion7());
}

/// <summary>Identifies a reservation of wallet credit held for one in-flight request.</summary>
/// <param name="Value">The identifier.</param>
public readonly record struct ReservationId(Guid Value)
{
    /// <summary>A new time-ordered identifier.</summary>
    public static ReservationId New() => new(Guid.CreateVersion7());
}
