using Microsoft.EntityFrameworkCore;
using ModelMint.Data;
using ModelMint.Data.Billing;
using ModelMint.Domain.Billing;
using ModelMint.Server.Billing;
using ModelMint.Server.Caching;

namespace ModelMint.Server.Predictions;

/// <summary>The states of an <see cref="OutcomeCharge"/>.</summary>
public static class OutcomeStates
{
    public const string Pending = "pending";
    public const string Accepted = "accepted";
    public const string Rejected = "rejected";
    public const string ExpiredCharged = "expired-charged";
    public const string ExpiredFree = "expired-free";

    /// <summary>The states that bill the charge (invoice meter <c>accepted</c>).</summary>
    public static readonly string[] Billed = [Accepted, ExpiredCharged];
}

/// <summary>Why feedback was refused.</summary>
public enum FeedbackRefusal
{
    None,
    NotFound,
    AlreadyGiven,
    WindowClosed,
}

/// <summary>
/// Resolves outcome-priced charges. Each resolution is one transaction: a conditional update of the charge from
/// <c>pending</c> (so concurrent feedback, or feedback racing settlement, resolves it once) and the ledger movement
/// out of the payer's held book — to the provider's earnings when billed, back to the wallet when free.
/// </summary>
public sealed class OutcomeService(ModelMintDbContext db, TimeProvider time, ICacheInvalidation invalidation)
{
    /// <summary>The ledger reason of held money returned to the wallet (rejected, or silent under <c>free</c>).</summary>
    public const string RefundReason = "outcome-refund";

    /// <summary>The ledger reason of held money earned by the provider (accepted, or silent under <c>charge</c>).</summary>
    public const string BilledReason = "outcome-billed";

    /// <summary>The outcome price a charge was made under (its snapshot), as the Domain decides with it.</summary>
    public static OutcomePrice PriceOf(OutcomeCharge charge) => new(
        StoredMoney.FromMicros(charge.AmountMicros, StoredMoney.CurrencyOf(charge.Currency)),
        charge.Deadline - charge.CreatedAt,
        ListingPrices.Unresolved(charge.Unresolved));

    /// <summary>Records the customer's feedback if the charge is still pending and inside its window.</summary>
    public async Task<FeedbackRefusal> GiveFeedbackAsync(OutcomeCharge charge, bool accepted, string? correctLabel, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (charge.State != OutcomeStates.Pending)
        {
            return Refusal(charge);
        }

        if (!PriceOf(charge).AcceptsFeedback(charge.CreatedAt, now))
        {
            return FeedbackRefusal.WindowClosed;
        }

        var state = accepted ? OutcomeStates.Accepted : OutcomeStates.Rejected;
        var resolved = await ResolveAsync(charge, state, now, accepted, correctLabel, cancellationToken);
        if (resolved)
        {
            return FeedbackRefusal.None;
        }

        var current = await db.OutcomeCharges.AsNoTracking().SingleAsync(c => c.PredictionId == charge.PredictionId, cancellationToken);
        return Refusal(current);
    }

    /// <summary>Settles pending charges past their deadline by their policy snapshot; returns how many were settled.</summary>
    public async Task<int> SettleDueAsync(int batchSize, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var due = await db.OutcomeCharges.AsNoTracking()
            .Where(c => c.State == OutcomeStates.Pending && c.Deadline <= now)
            .OrderBy(c => c.Deadline)
            .Take(batchSize)
            .ToListAsync(cancellationToken);
        var settled = 0;
        foreach (var charge in due)
        {
            var verdict = PriceOf(charge).Decide(new OutcomeCall(charge.PredictionId, charge.CreatedAt), now);
            var state = verdict switch
            {
                OutcomeVerdict.Billable => OutcomeStates.ExpiredCharged,
                OutcomeVerdict.Free => OutcomeStates.ExpiredFree,
                _ => null,
            };
            if (state is not null && await ResolveAsync(charge, state, now, null, null, cancellationToken))
            {
                settled++;
            }
        }

        return settled;
    }

    private static FeedbackRefusal Refusal(OutcomeCharge charge) =>
        charge.FeedbackAt is not null ? FeedbackRefusal.AlreadyGiven : FeedbackRefusal.WindowClosed;

    private async Task<bool> ResolveAsync(OutcomeCharge charge, string state, DateTimeOffset now, bool? accepted, string? correctLabel, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var feedbackAt = accepted is null ? (DateTimeOffset?)null : now;
        var updated = await db.OutcomeCharges
            .Where(c => c.PredictionId == charge.PredictionId && c.State == OutcomeStates.Pending)
            .ExecuteUpdateAsync(s => s
                .SetProperty(c => c.State, state)
                .SetProperty(c => c.Accepted, accepted)
                .SetProperty(c => c.CorrectLabel, correctLabel)
                .SetProperty(c => c.FeedbackAt, feedbackAt)
                .SetProperty(c => c.ResolvedAt, now), cancellationToken);
        if (updated == 0)
        {
            return false;
        }

        var billed = OutcomeStates.Billed.Contains(state);
        if (!billed)
        {
            await db.Wallets
                .Where(w => w.AccountId == charge.PayerAccountId && w.Currency == charge.Currency)
                .ExecuteUpdateAsync(s => s.SetProperty(w => w.BalanceMicros, w => w.BalanceMicros + charge.AmountMicros).SetProperty(w => w.UpdatedAt, now), cancellationToken);
            // A refund gives its budget back to the spend cap of the month the call was made in.
            await SpendCapService.UncountAsync(db, charge.PayerAccountId, charge.Currency, charge.AmountMicros, charge.CreatedAt, cancellationToken);
        }

        Books.Transfer(db,
            (charge.PayerAccountId, Books.Held),
            billed ? (charge.ProviderAccountId, Books.ProviderEarnings) : (charge.PayerAccountId, Books.Wallet),
            charge.AmountMicros, charge.Currency, billed ? BilledReason : RefundReason, charge.PredictionId.ToString("D"), now);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        if (!billed)
        {
            invalidation.BalanceChanged(charge.PayerAccountId);
            invalidation.SpendCapChanged(charge.PayerAccountId);
        }

        return true;
    }
}
