using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using ModelMint.Data;
using ModelMint.Data.Billing;

namespace ModelMint.Server.Billing;

/// <summary>
/// Admission against prepaid balances. A call is admitted when the stored balance minus what this node's in-flight
/// calls have already reserved covers its price; the money itself moves later, in the same transaction as the
/// call's usage events, with a conditional debit (<c>balance &gt;= price</c>). So a crash between the two leaves
/// nothing charged, and several nodes can never overspend a balance (a call admitted on two nodes that no longer
/// fits is refused at commit).
/// </summary>
public sealed class WalletService(IServiceScopeFactory scopes, TimeProvider time)
{
    private readonly ConcurrentDictionary<(Guid, string), long> reserved = new();

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

    /// <summary>Reserves <paramref name="amountMicros"/>; null (and nothing reserved) when the balance does not cover it.</summary>
    public async Task<Reservation?> TryReserveAsync(Guid accountId, string currency, long amountMicros, CancellationToken cancellationToken)
    {
        var balance = await BalanceAsync(accountId, currency, cancellationToken);
        var key = (accountId, currency);
        while (true)
        {
            var current = reserved.GetOrAdd(key, 0);
            if (balance - current < amountMicros)
            {
                return null;
            }

            if (reserved.TryUpdate(key, current + amountMicros, current))
            {
                return new Reservation(this, key, amountMicros, balance - current - amountMicros);
            }
        }
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

    private void Release((Guid, string) key, long amountMicros) => reserved.AddOrUpdate(key, 0, (_, v) => v - amountMicros);

    /// <summary>An in-memory hold on part of a balance, released when the call has been recorded or refused.</summary>
    public sealed class Reservation(WalletService owner, (Guid, string) key, long amountMicros, long remainingMicros) : IDisposable
    {
        private int released;

        public long AmountMicros => amountMicros;

        /// <summary>What is left of the balance after this and the other calls in flight on this node.</summary>
        public long RemainingMicros => remainingMicros;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref released, 1) == 0)
            {
                owner.Release(key, amountMicros);
            }
        }
    }
}
