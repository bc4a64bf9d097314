namespace ModelMint.Domain.Billing;

/// <summary>
/// Prepaid credit of one account in one currency, as an immutable state machine: every operation returns a new
/// wallet. Requests reserve credit before they run (<see cref="Reserve"/>), then settle the actual cost
/// (<see cref="Settle"/>) or release it (<see cref="Release"/>), so concurrent requests can never spend the same
/// credit twice. Credit is taken from the grant that expires first (then the oldest granted); grants without an
/// expiry go last.
/// </summary>
/// <remarks>
/// Invariants, checked on every state: each grant has 0 ≤ reserved ≤ remaining; <see cref="Reserved"/> equals the sum
/// of the reservations and of the grants' reserved parts; <see cref="Available"/> = <see cref="Balance"/> −
/// <see cref="Reserved"/> ≥ 0. Amounts keep full precision (a call may cost 0.0003 USD); invoices round.
/// Expiry sweeps only unreserved credit: a request that reserved before a grant expired still settles against it,
/// and whatever it does not use is then lost to expiry instead of returning to the balance.
/// </remarks>
public sealed class PrepaidWallet
{
    private PrepaidWallet(Currency currency, IReadOnlyList<CreditGrant> grants, IReadOnlyList<WalletReservation> reservations)
    {
        Currency = currency;
        Grants = [.. grants.OrderBy(g => g.ExpiresAt ?? DateTimeOffset.MaxValue).ThenBy(g => g.GrantedAt).ThenBy(g => g.Id.Value)];
        Reservations = reservations;
        Balance = Money.Sum(Grants.Select(g => g.Remaining), currency);
        Reserved = Money.Sum(reservations.Select(r => r.Amount), currency);
        Available = Money.Sum(Grants.Select(g => g.Available), currency);
        CheckInvariants();
    }

    /// <summary>The wallet's currency.</summary>
    public Currency Currency { get; }

    /// <summary>The grants, in the order credit is taken from them.</summary>
    public IReadOnlyList<CreditGrant> Grants { get; }

    /// <summary>Reservations not yet settled or released.</summary>
    public IReadOnlyList<WalletReservation> Reservations { get; }

    /// <summary>All credit held, reserved or not. Never negative.</summary>
    public Money Balance { get; }

    /// <summary>Credit held for in-flight requests.</summary>
    public Money Reserved { get; }

    /// <summary>Credit new reservations can take: <see cref="Balance"/> − <see cref="Reserved"/>.</summary>
    public Money Available { get; }

    /// <summary>A wallet with no credit.</summary>
    public static PrepaidWallet Empty(Currency currency)
    {
        ArgumentNullException.ThrowIfNull(currency);
        return new(currency, [], []);
    }

    /// <summary>Rebuilds a wallet from stored grants and reservations, checking every invariant.</summary>
    /// <exception cref="InvalidOperationException">The state breaks an invariant.</exception>
    public static PrepaidWallet Restore(
        Currency currency, IEnumerable<CreditGrant> grants, IEnumerable<WalletReservation> reservations)
    {
        ArgumentNullException.ThrowIfNull(currency);
        ArgumentNullException.ThrowIfNull(grants);
        ArgumentNullException.ThrowIfNull(reservations);
        return new(currency, [.. grants], [.. reservations]);
    }

    /// <summary>Adds credit: a top-up, a grant or a redeemed code, usable in <c>[grantedAt, expiresAt)</c>.</summary>
    /// <exception cref="ArgumentException">The amount is not positive or the expiry not after the grant.</exception>
    /// <exception cref="InvalidOperationException">A grant with <paramref name="id"/> exists.</exception>
    public PrepaidWallet AddGrant(
        CreditGrantId id, CreditGrantKind kind, Money amount, DateTimeOffset grantedAt, DateTimeOffset? expiresAt = null)
    {
        CurrencyMismatchException.ThrowIfDifferent(Currency, amount.Currency);
        if (Grants.Any(g => g.Id == id))
        {
            throw new InvalidOperationException($"The wallet already has a grant {id.Value}.");
        }

        var zero = Money.Zero(Currency);
        return new(Currency, [.. Grants, new CreditGrant(id, kind, amount, amount, zero, grantedAt, expiresAt)], Reservations);
    }

    /// <summary>
    /// Sweeps the unreserved credit of grants whose expiry is at or before <paramref name="at"/>. The other
    /// operations do this first themselves; call it directly to record expiries on schedule.
    /// </summary>
    public WalletChangeResult Expire(DateTimeOffset at)
    {
        var expired = Money.Zero(Currency);
        var changed = false;
        var grants = new List<CreditGrant>(Grants.Count);
        foreach (var grant in Grants)
        {
            if (!grant.IsExpired && grant.ExpiresAt <= at)
            {
                // Mark even a fully reserved grant: what its reservations leave unused must not come back.
                changed = true;
                expired += grant.Remaining - grant.Reserved;
                grants.Add(grant.With(grant.Reserved, grant.Reserved, isExpired: true));
            }
            else
            {
                grants.Add(grant);
            }
        }

        var wallet = changed ? new PrepaidWallet(Currency, grants, Reservations) : this;
        return new(wallet, Money.Zero(Currency), expired);
    }

    /// <summary>
    /// Holds <paramref name="amount"/> for a request at <paramref name="at"/> (after sweeping expired credit). Fails,
    /// without changing anything else, when less is available; the request should then be refused (402).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="amount"/> is negative.</exception>
    /// <exception cref="InvalidOperationException">A reservation with <paramref name="id"/> is open.</exception>
    public WalletReserveResult Reserve(ReservationId id, Money amount, DateTimeOffset at)
    {
        CurrencyMismatchException.ThrowIfDifferent(Currency, amount.Currency);
        if (amount.IsNegative)
        {
            throw new ArgumentOutOfRangeException(nameof(amount), amount.Amount, "A reservation cannot be negative.");
        }

        if (FindReservation(id) is not null)
        {
            throw new InvalidOperationException($"Reservation {id.Value} is already open.");
        }

        var (wallet, _, expired) = Expire(at);
        if (amount > wallet.Available)
        {
            return new(wallet, null, amount - wallet.Available, expired);
        }

        var grants = wallet.Grants.ToList();
        var allocations = new List<ReservationAllocation>();
        var need = amount.Amount;
        for (var i = 0; i < grants.Count && need > 0m; i++)
        {
            var take = Math.Min(grants[i].Available.Amount, need);
            if (take > 0m)
            {
                grants[i] = grants[i].With(grants[i].Remaining, grants[i].Reserved + new Money(take, Currency), grants[i].IsExpired);
                allocations.Add(new(grants[i].Id, take));
                need -= take;
            }
        }

        var reservation = new WalletReservation(id, amount, allocations, at);
        return new(new PrepaidWallet(Currency, grants, [.. wallet.Reservations, reservation]), reservation, Money.Zero(Currency), expired);
    }

    /// <summary>
    /// Charges the actual cost of a reserved request. Up to the reservation, credit comes from the reserved grants;
    /// the unused rest is released. A cost above the reservation takes more available credit, and whatever the
    /// wallet cannot cover is reported as <see cref="WalletSettleResult.Uncovered"/> (the balance never goes
    /// negative).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="actual"/> is negative.</exception>
    /// <exception cref="InvalidOperationException">No open reservation has <paramref name="id"/>.</exception>
    public WalletSettleResult Settle(ReservationId id, Money actual, DateTimeOffset at)
    {
        CurrencyMismatchException.ThrowIfDifferent(Currency, actual.Currency);
        if (actual.IsNegative)
        {
            throw new ArgumentOutOfRangeException(nameof(actual), actual.Amount, "A settled cost cannot be negative.");
        }

        var reservation = RequireReservation(id);
        var (swept, _, expired) = Expire(at);
        var grants = swept.Grants.ToList();
        var due = actual.Amount;
        var released = 0m;
        var forfeited = 0m;
        foreach (var allocation in reservation.Allocations)
        {
            var i = grants.FindIndex(g => g.Id == allocation.GrantId);
            var grant = grants[i];
            var used = Math.Min(allocation.Amount, due);
            due -= used;
            var unused = allocation.Amount - used;
            var lost = grant.IsExpired ? unused : 0m;
            released += unused - lost;
            forfeited += lost;
            grants[i] = grant.With(
                grant.Remaining - new Money(used + lost, Currency),
                grant.Reserved - new Money(allocation.Amount, Currency),
                grant.IsExpired);
        }

        for (var i = 0; i < grants.Count && due > 0m; i++)
        {
            var take = Math.Min(grants[i].Available.Amount, due);
            if (take > 0m)
            {
                grants[i] = grants[i].With(grants[i].Remaining - new Money(take, Currency), grants[i].Reserved, grants[i].IsExpired);
                due -= take;
            }
        }

        var wallet = new PrepaidWallet(Currency, grants, [.. swept.Reservations.Where(r => r.Id != id)]);
        var uncovered = new Money(due, Currency);
        return new(wallet, actual - uncovered, uncovered, new Money(released, Currency), expired + new Money(forfeited, Currency));
    }

    /// <summary>
    /// Cancels a reservation: its credit becomes available again, except the part held by grants that expired
    /// meanwhile, which is lost.
    /// </summary>
    /// <exception cref="InvalidOperationException">No open reservation has <paramref name="id"/>.</exception>
    public WalletChangeResult Release(ReservationId id)
    {
        var reservation = RequireReservation(id);
        var grants = Grants.ToList();
        var released = 0m;
        var forfeited = 0m;
        foreach (var allocation in reservation.Allocations)
        {
            var i = grants.FindIndex(g => g.Id == allocation.GrantId);
            var grant = grants[i];
            var held = new Money(allocation.Amount, Currency);
            if (grant.IsExpired)
            {
                forfeited += allocation.Amount;
                grants[i] = grant.With(grant.Remaining - held, grant.Reserved - held, isExpired: true);
            }
            else
            {
                released += allocation.Amount;
                grants[i] = grant.With(grant.Remaining, grant.Reserved - held, isExpired: false);
            }
        }

        var wallet = new PrepaidWallet(Currency, grants, [.. Reservations.Where(r => r.Id != id)]);
        return new(wallet, new Money(released, Currency), new Money(forfeited, Currency));
    }

    /// <summary>The open reservation with <paramref name="id"/>, or <see langword="null"/>.</summary>
    public WalletReservation? FindReservation(ReservationId id) => Reservations.FirstOrDefault(r => r.Id == id);

    private WalletReservation RequireReservation(ReservationId id) =>
        FindReservation(id)
        ?? throw new InvalidOperationException(
            $"No open reservation {id.Value}: it was never made, or is already settled or released.");

    private void CheckInvariants()
    {
        var ids = new HashSet<CreditGrantId>();
        foreach (var grant in Grants)
        {
            CurrencyMismatchException.ThrowIfDifferent(Currency, grant.Granted.Currency);
            if (!ids.Add(grant.Id))
            {
                throw new InvalidOperationException($"Grant {grant.Id.Value} appears twice in the wallet.");
            }
        }

        var heldByGrant = new Dictionary<CreditGrantId, decimal>();
        var reservationIds = new HashSet<ReservationId>();
        foreach (var reservation in Reservations)
        {
            CurrencyMismatchException.ThrowIfDifferent(Currency, reservation.Amount.Currency);
            if (!reservationIds.Add(reservation.Id))
            {
                throw new InvalidOperationException($"Reservation {reservation.Id.Value} appears twice in the wallet.");
            }

            if (reservation.Allocations.Sum(a => a.Amount) != reservation.Amount.Amount)
            {
                throw new InvalidOperationException($"Reservation {reservation.Id.Value} does not equal the sum of its allocations.");
            }

            foreach (var allocation in reservation.Allocations)
            {
                if (!ids.Contains(allocation.GrantId) || allocation.Amount <= 0m)
                {
                    throw new InvalidOperationException(
                        $"Reservation {reservation.Id.Value} holds credit of an unknown grant or a non-positive amount.");
                }

                heldByGrant[allocation.GrantId] = heldByGrant.GetValueOrDefault(allocation.GrantId) + allocation.Amount;
            }
        }

        foreach (var grant in Grants)
        {
            if (heldByGrant.GetValueOrDefault(grant.Id) != grant.Reserved.Amount)
            {
                throw new InvalidOperationException(
                    $"Grant {grant.Id.Value} reserves {grant.Reserved} but its reservations hold a different amount.");
            }
        }

        if (Balance.IsNegative || Available.IsNegative || Reserved + Available != Balance)
        {
            throw new InvalidOperationException(
                $"Wallet invariant broken: balance {Balance}, reserved {Reserved}, available {Available}.");
        }
    }
}
