using System.Globalization;
using Microsoft.EntityFrameworkCore;
using ModelMint.Data;
using ModelMint.Data.Billing;
using ModelMint.Domain.Billing;
using ModelMint.Server.Caching;
using ModelMint.Server.Usage;

namespace ModelMint.Server.Billing;

/// <summary>Where an organisation stands against its monthly spend cap in one currency.</summary>
public sealed record SpendCapState(string Currency, long CapMicros, long SpentMicros, BillingPeriod Period);

/// <summary>
/// Admission against monthly spend caps, like <see cref="WalletService"/> for balances: a call is admitted when the
/// cap minus the month's stored spend minus what this node's in-flight calls have reserved covers its price. The
/// spend itself is counted at commit, in the group-commit transaction, with a conditional update
/// (<see cref="TryCountAsync"/>), so several nodes can never spend past a cap.
/// </summary>
public sealed class SpendCapService(IServiceScopeFactory scopes, HotPathCache cache)
{

    /// <summary>The counter key of the UTC calendar month containing <paramref name="at"/>.</summary>
    public static string MonthOf(DateTimeOffset at) => BillingMonth.Format(BillingPeriod.MonthContaining(at));

    /// <summary>The organisation's cap in <paramref name="currency"/> and this month's spend; null when no cap applies.</summary>
    public async Task<SpendCapState?> StateAsync(Guid accountId, string currency, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ModelMintDbContext>();
        var cap = await db.SpendCaps.AsNoTracking().SingleOrDefaultAsync(c => c.AccountId == accountId, cancellationToken);
        if (cap is null || cap.Currency != currency)
        {
            return null;
        }

        return new SpendCapState(currency, cap.AmountMicros, await SpentAsync(db, accountId, currency, now, cancellationToken), BillingPeriod.MonthContaining(now));
    }

    public static async Task<long> SpentAsync(ModelMintDbContext db, Guid accountId, string currency, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var month = MonthOf(now);
        return await db.SpendCounters.AsNoTracking()
            .Where(c => c.AccountId == accountId && c.Currency == currency && c.Month == month)
            .Select(c => (long?)c.SpentMicros)
            .SingleOrDefaultAsync(cancellationToken) ?? 0;
    }

    /// <summary>
    /// Reserves <paramref name="amountMicros"/> against the cap. <c>Allowed</c> is false (and nothing reserved) when
    /// the cap no longer covers it; the reservation is null when no cap applies.
    /// </summary>
    public async Task<(bool Allowed, AdmissionCounter<(Guid AccountId, string Currency, string Month), SpendCapState?>.Reservation? Reservation, SpendCapState? State)> TryReserveAsync(
        Guid accountId, string currency, long amountMicros, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // No cap is unlimited room; a snapshot at most a second old stands in for the stored cap and spend, and a
        // refusal always comes from a fresh read (AdmissionCounter).
        var (reservation, state) = await cache.SpendCaps.TryReserveAsync((accountId, currency, MonthOf(now)), amountMicros, async ct =>
        {
            var read = await StateAsync(accountId, currency, now, ct);
            return (read is null ? long.MaxValue : read.CapMicros - read.SpentMicros, read);
        }, cancellationToken);
        return (reservation is not null, reservation, state);
    }

    /// <summary>
    /// Inside the caller's transaction, adds a charge to the month's counter (creating it on first use): only while
    /// it fits under the organisation's cap in that currency, or unconditionally when no cap applies. False, and
    /// nothing counted, when the charge no longer fits.
    /// </summary>
    public static async Task<bool> TryCountAsync(ModelMintDbContext db, Guid accountId, string currency, long amountMicros, DateTimeOffset at)
    {
        var month = MonthOf(at);
        if (await CountIfFitsAsync(db, accountId, currency, month, amountMicros) > 0)
        {
            return true;
        }

        // First charge of the month: create the counter at zero — ON CONFLICT DO NOTHING (SQLite and PostgreSQL), since
        // another node may create it at the same moment — then count as usual.
        await db.Database.ExecuteSqlAsync(
            $"INSERT INTO spend_counters (\"AccountId\", \"Currency\", \"Month\", \"SpentMicros\") VALUES ({accountId}, {currency}, {month}, {0L}) ON CONFLICT DO NOTHING");
        return await CountIfFitsAsync(db, accountId, currency, month, amountMicros) > 0;
    }

    /// <summary>
    /// Adds to the month's counter if the cap in that currency (none: no limit) still covers it. One SQL statement, the
    /// cap read inside it, because the group commit runs it for every payer of every batch.
    /// </summary>
    private static Task<int> CountIfFitsAsync(ModelMintDbContext db, Guid accountId, string currency, string month, long amountMicros) =>
        db.Database.ExecuteSqlAsync($"""
            UPDATE spend_counters SET "SpentMicros" = "SpentMicros" + {amountMicros}
            WHERE "AccountId" = {accountId} AND "Currency" = {currency} AND "Month" = {month}
              AND "SpentMicros" <= COALESCE((SELECT "AmountMicros" FROM spend_caps WHERE "AccountId" = {accountId} AND "Currency" = {currency}), {long.MaxValue}) - {amountMicros}
            """);

    /// <summary>Inside the caller's transaction, gives a refunded charge's budget back to the month it was counted in.</summary>
    public static Task UncountAsync(ModelMintDbContext db, Guid accountId, string currency, long amountMicros, DateTimeOffset chargedAt, CancellationToken cancellationToken)
    {
        var month = MonthOf(chargedAt);
        return db.SpendCounters
            .Where(c => c.AccountId == accountId && c.Currency == currency && c.Month == month)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.SpentMicros, c => c.SpentMicros >= amountMicros ? c.SpentMicros - amountMicros : 0), cancellationToken);
    }

    /// <summary>The problem a call gets when it would spend past the cap.</summary>
    public static string Describe(SpendCapState state, long priceMicros) =>
        $"This call costs {StoredMoney.FormatMicros(priceMicros)} {state.Currency}, but {Standing(state)}";

    /// <summary>
    /// The problem a call of an invoice-rated listing gets when what it adds to the month's invoice
    /// (<see cref="MonthlyRatedSpend"/>) would go past the cap.
    /// </summary>
    public static string DescribeMonthlyRated(SpendCapState state, string model) =>
        $"This call of '{model}' would add to this month's invoice (its price depends on the month's quantity: see the model's tiers in GET /v1/catalog), but {Standing(state)}";

    private static string Standing(SpendCapState state)
    {
        var resets = state.Period.End.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        return $"this organisation's monthly spend cap is {StoredMoney.FormatMicros(state.CapMicros)} {state.Currency} " +
            $"and {StoredMoney.FormatMicros(state.SpentMicros)} {state.Currency} has been spent in {BillingMonth.Format(state.Period)} (plus calls in progress). " +
            $"The cap resets at {resets}. Raise or remove it with PUT /v1/billing/spend-cap.";
    }

}
