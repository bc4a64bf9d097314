namespace ModelMint.Domain.Billing;

/// <summary>
/// One lot of credit in a <see cref="PrepaidWallet"/>. Usable in <c>[GrantedAt, ExpiresAt)</c>; once swept by
/// expiry, only its reserved part remains (in-flight requests reserved before expiry still settle against it).
/// </summary>
public sealed record CreditGrant
{
    /// <summary>A grant in a given state, e.g. when a wallet is restored from storage.</summary>
    /// <exception cref="ArgumentException">The amounts are inconsistent, in mixed currencies, or the expiry is not after the grant.</exception>
    public CreditGrant(
        CreditGrantId id,
        CreditGrantKind kind,
        Money granted,
        Money remaining,
        Money reserved,
        DateTimeOffset grantedAt,
        DateTimeOffset? expiresAt,
        bool isExpired = false)
    {
        ArgumentNullException.ThrowIfNull(granted.Currency, nameof(granted));
        CurrencyMismatchException.ThrowIfDifferent(granted.Currency, remaining.Currency);
        CurrencyMismatchException.ThrowIfDifferent(granted.Currency, reserved.Currency);
        if (!granted.IsPositive)
        {
            throw new ArgumentOutOfRangeException(nameof(granted), granted.Amount, "A credit grant must be positive.");
        }

        if (reserved.IsNegative || reserved > remaining || remaining > granted)
        {
            throw new ArgumentException(
                $"A grant needs 0 ≤ reserved ≤ remaining ≤ granted; got reserved {reserved}, remaining {remaining}, " +
                $"granted {granted}.",
                nameof(remaining));
        }

        if (expiresAt <= grantedAt)
        {
            throw new ArgumentException("A grant must expire after it is granted.", nameof(expiresAt));
        }

        if (isExpired && expiresAt is null)
        {
            throw new ArgumentException("A grant without an expiry cannot be expired.", nameof(isExpired));
        }

        if (isExpired && remaining != reserved)
        {
            throw new ArgumentException("An expired grant keeps only its reserved credit.", nameof(remaining));
        }

        Id = id;
        Kind = kind;
        Granted = granted;
        Remaining = remaining;
        Reserved = reserved;
        GrantedAt = grantedAt;
        ExpiresAt = expiresAt;
        IsExpired = isExpired;
    }

    /// <summary>The grant's identifier.</summary>
    public CreditGrantId Id { get; }

    /// <summary>Where the credit came from.</summary>
    public CreditGrantKind Kind { get; }

    /// <summary>The amount originally granted.</summary>
    public Money Granted { get; }

    /// <summary>What is left of it, reserved or not.</summary>
    public Money Remaining { get; }

    /// <summary>The part of <see cref="Remaining"/> held by reservations.</summary>
    public Money Reserved { get; }

    /// <summary>When the credit was granted.</summary>
    public DateTimeOffset GrantedAt { get; }

    /// <summary>The first instant the credit can no longer be used; <see langword="null"/> if it never expires.</summary>
    public DateTimeOffset? ExpiresAt { get; }

    /// <summary>Whether expiry has swept the unreserved credit.</summary>
    public bool IsExpired { get; }

    /// <summary>What new reservations can take: <see cref="Remaining"/> − <see cref="Reserved"/>; 0 once expired.</summary>
    public Money Available => IsExpired ? Money.Zero(Granted.Currency) : Remaining - Reserved;

    internal CreditGrant With(Money remaining, Money reserved, bool isExpired) =>
        new(Id, Kind, Granted, remaining, reserved, GrantedAt, ExpiresAt, isExpired);
}
