namespace ModelMint.Domain.Billing;

/// <summary>The outcome of <see cref="PrepaidWallet.Reserve"/>.</summary>
/// <param name="Wallet">The wallet afterwards (expiry applied even when the reservation failed).</param>
/// <param name="Reservation">The reservation, or <see langword="null"/> when credit was insufficient.</param>
/// <param name="Shortfall">How much was missing (zero on success).</param>
/// <param name="Expired">Credit that expired before the reservation was considered.</param>
public sealed record WalletReserveResult(
    PrepaidWallet Wallet, WalletReservation? Reservation, Money Shortfall, Money Expired)
{
    /// <summary>Whether the credit was reserved.</summary>
    public bool Succeeded => Reservation is not null;
}

/// <summary>The outcome of <see cref="PrepaidWallet.Settle"/>.</summary>
/// <param name="Wallet">The wallet afterwards.</param>
/// <param name="Charged">Credit consumed: the actual cost, less <paramref name="Uncovered"/>.</param>
/// <param name="Uncovered">The part of the actual cost the wallet could not pay; to be invoiced.</param>
/// <param name="Released">Reserved credit returned to the available balance.</param>
/// <param name="Expired">Credit lost to expiry, including reserved credit of expired grants that was not used.</param>
public sealed record WalletSettleResult(PrepaidWallet Wallet, Money Charged, Money Uncovered, Money Released, Money Expired);

/// <summary>The outcome of <see cref="PrepaidWallet.Release"/> or <see cref="PrepaidWallet.Expire"/>.</summary>
/// <param name="Wallet">The wallet afterwards.</param>
/// <param name="Released">Credit returned to the available balance.</param>
/// <param name="Expired">Credit lost to expiry.</param>
public sealed record WalletChangeResult(PrepaidWallet Wallet, Money Released, Money Expired);
