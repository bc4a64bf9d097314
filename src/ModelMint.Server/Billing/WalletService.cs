using Microsoft.EntityFrameworkCore;
using ModelMint.Data;
using ModelMint.Data.Billing;
using ModelMint.Server.Caching;

namespace ModelMint.Server.Billing;

/// <summary>
/// Admission against prepaid balances. A call is admitted when the stored balance (a snapshot, kept exact for this
/// node's own debits) minus what this node's in-flight calls have already reserved covers its price; the money itself
/// moves later, in the same transaction as the call's usage events, with a conditional debit (<c>balance &gt;= price</c>). So a crash between the two leaves
/// nothing charged, and several nodes can never overspend a balance (a call admitted on two nodes that no longer
/// fits is refused at commit).
/// </summary>
public sealed class WalletService(IServiceScopeFactory scopes, HotPathCache cache, TimeProvider time)
{
    /// <summary>The spendable balance: the stored one less credit that has expired but not been swept yet.</summary>
    public async Task<long> BalanceAsync(Guid accountId, string currency, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ModelMintDbContext>();
        var balance = await db.Wallets.AsNoTracking()
            .Where(w => w.AccountId == accountId && w.Currency == currency)
            .Select(w => (long?)w.BalanceMicros)
            .SingleOrDefaultAsync(cancellationToken) ?? 0;
        return Math.Max(0, balance - await CreditExpiry.DueMicrosAsync(db, accountId, currency, time.GetUtcNow(), cancellationToken));
    }

    /// <summary>
    /// Reserves <paramref name="amountMicros"/>; null (and nothing reserved) when the balance does not cover it. The
    /// balance comes from a snapshot at most a second old (<see cref="AdmissionCounter{TKey,TState}"/>); a refusal
    /// always from a fresh read.
    /// </summary>
    public async Task<AdmissionCounter<(Guid AccountId, string Currency), long>.Reservation?> TryReserveAsync(Guid accountId, string currency, long amountMicros, CancellationToken cancellationToken)
    {
        var (reservation, _) = await cache.Balances.TryReserveAsync((accountId, currency), amountMicros, async ct =>
        {
            var balance = await BalanceAsync(accountId, currency, ct);
            return (balance, balance);
        }, cancellationToken);
        return reservation;
    }

    /// <summary>
    /// Adds credit to a wallet (creating it on first use) inside the caller's transaction, booked twice: a debit of
    /// <paramref name="sourceBook"/> and a credit of the wallet. With <paramref name="expiresAt"/> the credit is an
    /// expiring lot (<see cref="CreditExpiry"/>).
    /// </summary>
    public static async Task CreditAsync(ModelMintDbContext db, Guid accountId, string currency, long amountMicros, string sourceBook, string reason, string reference, DateTimeOffset now, CancellationToken cancellationToken, DateTimeOffset? expiresAt = null)
    {
        if (expiresAt is { } expiry)
        {
            CreditExpiry.AddLot(db, accountId, currency, amountMicros, reason, reference, now, expiry);
        }

        var updated = await db.Wallets.Where(w => w.AccountId == accountId && w.Currency == currency)
            .ExecuteUpdateAsync(s => s.SetProperty(w => w.BalanceMicros, w => w.BalanceMicros + amountMicros).SetProperty(w => w.UpdatedAt, now), cancellationToken);
        if (updated == 0)
        {
            db.Wallets.Add(new Wallet { AccountId = accountId, Currency = currency, BalanceMicros = amountMicros, UpdatedAt = now });
        }

        Books.Transfer(db, (Books.Platform, sourceBook), (accountId, Books.Wallet), amountMicros, currency, reason, reference, now);
        await db.SaveChangesAsync(cancellationToken);
    }
}
