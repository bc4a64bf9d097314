using System.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ModelMint.Data;
using ModelMint.Server.Billing;
using ModelMint.Server.Predictions;
using ModelMint.Server.Usage;

namespace ModelMint.Server.Webhooks;

/// <summary>
/// The rules behind <c>usage.threshold</c> and <c>balance.low</c>. A wallet's <em>reference</em> is its balance right
/// after its last credit (top-up, grant, redeemed code) — or, for a wallet never credited through the ledger, its
/// opening balance; <em>used</em> is what has been debited since. <c>usage.threshold</c> fires for each of 50, 80 and
/// 100 % once used reaches that share of the reference; <c>balance.low</c> fires once the balance is below the low
/// mark. Each fires once per credit: the next credit starts a new reference and arms them again.
/// </summary>
public static class BalanceThresholds
{
    public static IReadOnlyList<int> Percents { get; } = [50, 80, 100];

    /// <summary>The percentages of <paramref name="referenceMicros"/> that <paramref name="usedMicros"/> has reached, ascending.</summary>
    public static IReadOnlyList<int> Reached(long referenceMicros, long usedMicros) =>
        referenceMicros <= 0 ? [] : Percents.Where(p => (Int128)usedMicros * 100 >= (Int128)referenceMicros * p).ToList();

    /// <summary>Below the low mark; a mark of 0 never fires (a balance is never negative).</summary>
    public static bool IsLow(long balanceMicros, long lowMicros) => balanceMicros < lowMicros;
}

/// <summary>Evaluates one wallet after paid usage and publishes the threshold events it has reached (idempotently).</summary>
public sealed class BalanceThresholdEvaluator(ModelMintDbContext db, WebhookPublisher publisher, IOptions<WebhookOptions> options)
{
    /// <summary>Returns how many deliveries were enqueued.</summary>
    public async Task<int> EvaluateAsync(Guid accountId, string currency, CancellationToken cancellationToken)
    {
        // Most wallets have no one listening: one small query and nothing else on the common path.
        var subscriptions = await db.WebhookEndpoints.AsNoTracking()
            .Where(e => e.AccountId == accountId && e.Enabled)
            .Select(e => e.EventsJson)
            .ToListAsync(cancellationToken);
        var subscribed = subscriptions.SelectMany(WebhookEndpointEvents.Read).ToHashSet(StringComparer.Ordinal);
        var wantsUsage = subscribed.Contains(WebhookEvents.UsageThreshold);
        var wantsLow = subscribed.Contains(WebhookEvents.BalanceLow);
        if (!wantsUsage && !wantsLow)
        {
            return 0;
        }

        if (await ReadUsageAsync(accountId, currency, cancellationToken) is not (var balanceMicros, var used, var creditTransactionId))
        {
            return 0;
        }

        var reference = balanceMicros + used;
        var creditKey = creditTransactionId?.ToString() ?? "opening";
        var enqueued = 0;
        if (wantsUsage)
        {
            foreach (var percent in BalanceThresholds.Reached(reference, used))
            {
                enqueued += await publisher.PublishAsync(accountId, WebhookEvents.UsageThreshold, $"{WebhookEvents.UsageThreshold}:{currency}:{creditKey}:{percent}",
                    new UsageThresholdData(accountId, currency, percent, Format(reference), Format(used), Format(balanceMicros), creditTransactionId), cancellationToken);
            }
        }

        var low = options.Value.LowBalanceMicros;
        if (wantsLow && BalanceThresholds.IsLow(balanceMicros, low))
        {
            enqueued += await publisher.PublishAsync(accountId, WebhookEvents.BalanceLow, $"{WebhookEvents.BalanceLow}:{currency}:{creditKey}",
                new BalanceLowData(accountId, currency, Format(balanceMicros), Format(low), creditTransactionId), cancellationToken);
        }

        return enqueued;
    }

    /// <summary>The balance, what was used since the last credit, and that credit, all from one snapshot.</summary>
    private async Task<(long BalanceMicros, long Used, Guid? CreditTransactionId)?> ReadUsageAsync(Guid accountId, string currency, CancellationToken cancellationToken)
    {
        // One snapshot: read apart, a debit committed between the balance and the ledger reads made the reference in the
        // event one call larger than the balance the credit left. SQLite: a deferred read transaction; PostgreSQL:
        // REPEATABLE READ, whose reads all see the snapshot taken at the first one.
        if (db.Database.IsNpgsql())
        {
            await using var repeatable = await db.Database.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
            return await ReadUsageInSnapshotAsync(accountId, currency, cancellationToken);
        }

        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            using var snapshot = ((SqliteConnection)db.Database.GetDbConnection()).BeginTransaction(deferred: true);
            await db.Database.UseTransactionAsync(snapshot, cancellationToken);
            try
            {
                return await ReadUsageInSnapshotAsync(accountId, currency, cancellationToken);
            }
            finally
            {
                await db.Database.UseTransactionAsync(null, cancellationToken);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private async Task<(long BalanceMicros, long Used, Guid? CreditTransactionId)?> ReadUsageInSnapshotAsync(Guid accountId, string currency, CancellationToken cancellationToken)
    {
        var balance = await db.Wallets.AsNoTracking()
            .Where(w => w.AccountId == accountId && w.Currency == currency)
            .Select(w => (long?)w.BalanceMicros)
            .SingleOrDefaultAsync(cancellationToken);
        if (balance is not { } balanceMicros)
        {
            return null;
        }

        var entries = db.LedgerEntries.AsNoTracking().Where(e => e.AccountId == accountId && e.Book == Books.Wallet && e.Currency == currency);
        // An outcome refund returns held money: it lowers what was used rather than starting a new reference.
        var debits = entries.Where(e => e.Side == Books.Debit || e.Reason == OutcomeService.RefundReason);
        // Version-7 ids order entries written in the same instant (ties on OccurredAt are common under a frozen test clock).
        var credit = await entries.Where(e => e.Side == Books.Credit && e.Reason != OutcomeService.RefundReason)
            .OrderByDescending(e => e.OccurredAt).ThenByDescending(e => e.Id)
            .Select(e => new { e.Id, e.TransactionId, e.OccurredAt })
            .FirstOrDefaultAsync(cancellationToken);
        long used;
        if (credit is null)
        {
            used = await debits.SumAsync(e => e.Side == Books.Debit ? e.AmountMicros : -e.AmountMicros, cancellationToken);
        }
        else
        {
            used = await debits.Where(e => e.OccurredAt > credit.OccurredAt).SumAsync(e => e.Side == Books.Debit ? e.AmountMicros : -e.AmountMicros, cancellationToken);
            var sameInstant = await debits.Where(e => e.OccurredAt == credit.OccurredAt).Select(e => new { e.Id, e.Side, e.AmountMicros }).ToListAsync(cancellationToken);
            used += sameInstant.Where(e => e.Id.CompareTo(credit.Id) > 0).Sum(e => e.Side == Books.Debit ? e.AmountMicros : -e.AmountMicros);
        }

        return (balanceMicros, used, credit?.TransactionId);
    }

    private static string Format(long micros) => StoredMoney.FormatMicros(micros);
}
