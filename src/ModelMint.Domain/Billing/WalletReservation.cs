namespace ModelMint.Domain.Billing;

/// <summary>Credit held for one in-flight request, taken from specific grants (oldest-expiring first).</summary>
/// <param name="Id">The reservation's identifier.</param>
/// <param name="Amount">The total held: the sum of <paramref name="Allocations"/>.</param>
/// <param name="Allocations">How much each grant holds for it, in consumption order.</param>
/// <param name="ReservedAt">When it was taken.</param>
public sealed record WalletReservation(
    ReservationId Id,
    Money Amount,
    IReadOnlyList<ReservationAllocation> Allocations,
    DateTimeOffset ReservedAt);

/// <summary>The part of a reservation held by one grant.</summary>
/// <param name="GrantId">The grant.</param>
/// <param name="Amount">The amount it holds, in the wallet's currency.</param>
public sealed record ReservationAllocation(CreditGrantId GrantId, decimal Amount);
