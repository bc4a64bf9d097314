using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ModelMint.Data;
using ModelMint.Data.Billing;

using ModelMint.Server.Hosting;

namespace ModelMint.Server.Billing;

/// <summary>
/// Expiring prepaid credit (<see cref="CreditLot"/>). The wallet's balance stays the one number admission and the
/// conditional debit use; lots say which part of it expires when. Rules: calls spend expiring credit first, the lot
/// that expires first (then the oldest), before credit that never expires; a lot's remaining part leaves the balance
/// at its expiry, booked <c>wallet</c> → platform <c>expired-credit</c> at the expiry instant. Expiry is applied
/// exactly where the balance is used — at admission (due lots do not count), at commit (due lots of the payer expire
/// in the same transaction, before the debit) — and for everyone else by <see cref="CreditExpiryWorker"/>.
/// </summary>
public static class CreditExpiry
{
    public const string ExpiredBook = "expired-credit";

    /// <summary>Adds an expiring lot for credit just added to the wallet (inside the caller's transaction).</summary>
    public static void AddLot(ModelMintDbContext db, Guid accountId, string currency, long amountMicros, string kind, string reference, DateTimeOffset grantedAt, DateTimeOffset expiresAt) =>
        db.CreditLots.Add(new CreditLot
        {
            Id = Guid.CreateVersion7(),
            AccountId = accountId,
            Currency = currency,
            Kind = kind,
            Reference = reference.Length <= 200 ? reference : reference[..200],
            AmountMicros = amountMicros,
            RemainingMicros = amountMicros,
            GrantedAt = grantedAt,
            ExpiresAt = expiresAt,
        });

    /// <summary>What of the balance has expired but not been swept yet: not spendable.</summary>
    public static async Task<long> DueMicrosAsync(ModelMintDbContext db, Guid accountId, string currency, DateTimeOffset now, CancellationToken cancellationToken) =>
        (await db.CreditLots.AsNoTracking()
            .Where(l => l.AccountId == accountId && l.Currency == currency && l.RemainingMicros > 0 && l.ExpiresAt <= now)
            .Select(l => l.RemainingMicros)
            .ToListAsync(cancellationToken)).Sum();

    /// <summary>The lots that still hold credit, in spending order.</summary>
    public static async Task<List<CreditLot>> LiveLotsAsync(ModelMintDbContext db, Guid accountId, string currency, CancellationToken cancellationToken)
    {
        var lots = new List<CreditLot>();
        await foreach (var lot in LiveLots(db, accountId, currency).WithCancellation(cancellationToken))
        {
            lots.Add(lot);
        }

        return lots.OrderBy(l => l.ExpiresAt).ThenBy(l => l.GrantedAt).ThenBy(l => l.Id).ToList();
    }

    // Compiled once: the group commit asks for every payer of every batch, and translating the LINQ each time cost
    // more than running the query.
    private static readonly Func<ModelMintDbContext, Guid, string, IAsyncEnumerable<CreditLot>> LiveLots = EF.CompileAsyncQuery(
        (ModelMintDbContext db, Guid accountId, string currency) =>
            db.CreditLots.AsNoTracking().Where(l => l.AccountId == accountId && l.Currency == currency && l.RemainingMicros > 0));

    /// <summary>
    /// Inside the caller's transaction: takes <paramref name="amountMicros"/> just debited from the wallet out of its
    /// live <paramref name="lots"/> (from <see cref="LiveLotsAsync"/>) in spending order, skipping those due at
    /// <paramref name="now"/>; what the lots do not cover came from credit that never expires.
    /// </summary>
    public static async Task ConsumeAsync(ModelMintDbContext db, IReadOnlyList<CreditLot> lots, long amountMicros, DateTimeOffset now)
    {
        var left = amountMicros;
        foreach (var lot in lots.Where(l => l.ExpiresAt > now))
        {
            if (left == 0)
            {
                break;
            }

            var take = Math.Min(left, lot.RemainingMicros);
            await db.CreditLots.Where(l => l.Id == lot.Id && l.RemainingMicros >= take)
                .ExecuteUpdateAsync(s => s.SetProperty(l => l.RemainingMicros, l => l.RemainingMicros - take));
            left -= take;
        }
    }

    /// <summary>
    /// Inside the caller's transaction: the remaining part of every due lot of one wallet (or, with
    /// <paramref name="accountId"/> null, of all wallets, at most <paramref name="limit"/> lots) leaves the balance.
    /// Each lot expires once: a conditional update on its remaining part. Returns the number of lots expired.
    /// </summary>
    public static async Task<int> ExpireDueAsync(ModelMintDbContext db, Guid? accountId, string? currency, DateTimeOffset now, int limit = int.MaxValue)
    {
        var due = await db.CreditLots.AsNoTracking()
            .Where(l => l.RemainingMicros > 0 && l.ExpiresAt <= now && (accountId == null || (l.AccountId == accountId && l.Currency == currency)))
            .OrderBy(l => l.ExpiresAt)
            .Take(limit)
            .ToListAsync();
        var expired = 0;
        foreach (var lot in due)
        {
            var claimed = await db.CreditLots.Where(l => l.Id == lot.Id && l.RemainingMicros == lot.RemainingMicros)
                .ExecuteUpdateAsync(s => s.SetProperty(l => l.RemainingMicros, 0L).SetProperty(l => l.ExpiredMicros, lot.RemainingMicros));
            if (claimed == 0)
            {
                continue;
            }

            // The lot's remaining part is in the balance (calls take lots first), so this never goes below zero.
            await db.Wallets.Where(w => w.AccountId == lot.AccountId && w.Currency == lot.Currency)
                .ExecuteUpdateAsync(s => s.SetProperty(w => w.BalanceMicros, w => w.BalanceMicros >= lot.RemainingMicros ? w.BalanceMicros - lot.RemainingMicros : 0).SetProperty(w => w.UpdatedAt, now));
            Books.Transfer(db, (lot.AccountId, Books.Wallet), (Books.Platform, ExpiredBook), lot.RemainingMicros, lot.Currency, "credit.expired", $"credit-lot:{lot.Id}", lot.ExpiresAt);
            expired++;
        }

        await db.SaveChangesAsync();
        return expired;
    }
}

/// <summary>Section <c>Billing</c>: how often credit expiry is swept for wallets nobody is using.</summary>
public sealed class CreditExpiryOptions
{
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMinutes(1);

    [Range(1, 100_000)]
    public int BatchSize { get; set; } = 500;
}

/// <summary>A thin loop: every poll interval, expire the due credit lots of every wallet.</summary>
internal sealed class CreditExpiryWorker(IServiceScopeFactory scopes, TimeProvider time, IOptions<CreditExpiryOptions> options, ILogger<CreditExpiryWorker> logger) : BatchWorker(scopes, time)
{
    protected override TimeSpan PollInterval => options.Value.PollInterval;

    protected override int BatchSize => options.Value.BatchSize;

    protected override async Task<int> RunBatchAsync(ModelMintDbContext db, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var expired = await CreditExpiry.ExpireDueAsync(db, null, null, now, BatchSize);
        await transaction.CommitAsync(cancellationToken);
        return expired;
    }

    /// <summary>Go again until a batch expires nothing, so every lot that fell due is expired before the next wait.</summary>
    protected override bool RunAgainAt(int count) => count > 0;

    protected override void LogHandled(int count) => logger.LogInformation("Expired {Count} prepaid credit lot(s)", count);

    protected override void LogFailed(Exception exception) => logger.LogError(exception, "Expiring prepaid credit failed; retrying after the poll interval");
}
