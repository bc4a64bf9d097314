namespace ModelMint.Domain.Billing;

/// <summary>
/// Outcome-based pricing: a prediction costs <see cref="PricePerAccepted"/> only if the customer accepts it. Feedback
/// counts when received inside the window <c>[OccurredAt, OccurredAt + FeedbackWindow)</c>; feedback at or after
/// the deadline is ignored. Once the window closes without feedback, <see cref="Unresolved"/> decides: charge or
/// free. As a price model, the quantity is the number of billable calls.
/// </summary>
public sealed class OutcomePrice : IPriceModel
{
    /// <summary>Charges <paramref name="pricePerAccepted"/> per accepted call.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The price is negative or the window not positive.</exception>
    public OutcomePrice(Money pricePerAccepted, TimeSpan feedbackWindow, UnresolvedPolicy unresolved)
    {
        PriceRules.EnsureNonNegativePrice(pricePerAccepted, nameof(pricePerAccepted));
        if (feedbackWindow <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(feedbackWindow), feedbackWindow, "The feedback window must be positive.");
        }

        if (!Enum.IsDefined(unresolved))
        {
            throw new ArgumentOutOfRangeException(nameof(unresolved), unresolved, "Unknown unresolved policy.");
        }

        PricePerAccepted = pricePerAccepted;
        FeedbackWindow = feedbackWindow;
        Unresolved = unresolved;
    }

    /// <summary>The price of one billable call.</summary>
    public Money PricePerAccepted { get; }

    /// <summary>How long after a call feedback is accepted.</summary>
    public TimeSpan FeedbackWindow { get; }

    /// <summary>What happens to calls without feedback when the window closes.</summary>
    public UnresolvedPolicy Unresolved { get; }

    /// <inheritdoc />
    public Currency Currency => PricePerAccepted.Currency;

    /// <inheritdoc />
    public string Description =>
        $"{BillingFormat.Price(PricePerAccepted.Amount, Currency)} per accepted prediction; " +
        $"feedback within {FeedbackWindow}; without feedback: {(Unresolved == UnresolvedPolicy.Charge ? "charged" : "free")}";

    /// <inheritdoc />
    public IReadOnlyList<UnitPricePoint> UnitPrices => [new("per accepted prediction", PricePerAccepted.Amount)];

    /// <summary>The first instant at which feedback for a call made at <paramref name="occurredAt"/> is too late.</summary>
    public DateTimeOffset FeedbackDeadline(DateTimeOffset occurredAt) => occurredAt + FeedbackWindow;

    /// <summary>Whether feedback received at <paramref name="feedbackAt"/> counts for a call made at <paramref name="occurredAt"/>.</summary>
    public bool AcceptsFeedback(DateTimeOffset occurredAt, DateTimeOffset feedbackAt) =>
        feedbackAt >= occurredAt && feedbackAt < FeedbackDeadline(occurredAt);

    /// <summary>
    /// The verdict on <paramref name="call"/> as of <paramref name="asOf"/>. Feedback received after
    /// <paramref name="asOf"/> is not yet known and feedback after the deadline never counts. Accepted → billable,
    /// rejected → free, immediately; no feedback → pending until the deadline, then per <see cref="Unresolved"/>.
    /// </summary>
    public OutcomeVerdict Decide(OutcomeCall call, DateTimeOffset asOf)
    {
        ArgumentNullException.ThrowIfNull(call);
        if (call.FeedbackAt is { } at && at <= asOf && AcceptsFeedback(call.OccurredAt, at))
        {
            return call.Feedback == OutcomeFeedback.Accepted ? OutcomeVerdict.Billable : OutcomeVerdict.Free;
        }

        if (asOf < FeedbackDeadline(call.OccurredAt))
        {
            return OutcomeVerdict.Pending;
        }

        return Unresolved == UnresolvedPolicy.Charge ? OutcomeVerdict.Billable : OutcomeVerdict.Free;
    }

    /// <summary>Sorts <paramref name="calls"/> by <see cref="Decide"/> and prices the billable ones.</summary>
    public OutcomeSettlement Settle(IEnumerable<OutcomeCall> calls, DateTimeOffset asOf)
    {
        ArgumentNullException.ThrowIfNull(calls);
        List<OutcomeCall> billable = [], free = [], pending = [];
        foreach (var call in calls)
        {
            (Decide(call, asOf) switch
            {
                OutcomeVerdict.Billable => billable,
                OutcomeVerdict.Free => free,
                _ => pending,
            }).Add(call);
        }

        return new OutcomeSettlement(asOf, billable, free, pending, Price(billable.Count));
    }

    /// <summary>The price of <paramref name="quantity"/> billable calls.</summary>
    /// <exception cref="ArgumentException"><paramref name="quantity"/> is not a whole number.</exception>
    public PriceQuote Price(decimal quantity)
    {
        PriceRules.EnsureQuantity(quantity);
        if (decimal.Truncate(quantity) != quantity)
        {
            throw new ArgumentException($"Calls are counted in whole numbers; got {quantity}.", nameof(quantity));
        }

        return quantity == 0m
            ? PriceQuote.Zero(quantity, Currency)
            : new(quantity, Currency,
            [
                new($"{BillingFormat.Number(quantity)} billable predictions × " +
                    BillingFormat.Price(PricePerAccepted.Amount, Currency),
                    quantity,
                    PricePerAccepted * quantity),
            ]);
    }
}
