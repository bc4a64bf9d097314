using System.ComponentModel.DataAnnotations;
using System.Data.Common;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.Options;
using ModelMint.Data;
using ModelMint.Data.Billing;
using ModelMint.Data.Usage;
using ModelMint.Server.Billing;
using ModelMint.Server.Hosting;

namespace ModelMint.Server.Usage;

/// <summary>Section <c>Usage</c>.</summary>
public sealed class UsageOptions
{
    public const string Section = "Usage";

    /// <summary>Most requests written in one transaction by the group commit.</summary>
    [Range(1, 100_000)]
    public int MaxBatch { get; set; } = 1024;

    /// <summary>How long a stored idempotent response can be replayed.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan IdempotencyRetention { get; set; } = TimeSpan.FromHours(24);
}

/// <summary>Money a call moves from the caller's prepaid wallet to its provider's earnings.</summary>
public sealed record UsageCharge(Guid PayerAccountId, Guid ProviderAccountId, string Currency, long AmountMicros);

/// <summary>
/// The usage of one request, its charge if any, and its idempotent response when the client sent a key. With
/// <see cref="OutcomeCharges"/> (an outcome-priced call) the charge is not earned yet: it moves from the wallet into
/// the payer's <c>held</c> book, one row per prediction, until feedback or settlement resolves each.
/// <see cref="Rows"/> are other entities a feature commits with the usage, or not at all (the gateway's per-call
/// record). With <see cref="Quota"/> (the organisation has a plan) the call also counts against the plan's monthly
/// quotas. With <see cref="MonthlyRated"/> (a call of an invoice-rated listing, which has no <see cref="Charge"/>) what
/// the call adds to the month's invoice counts against the spend cap (<see cref="MonthlyRatedSpend"/>). With
/// <see cref="IfRefused"/> (an answer already delivered: a gateway call) a charge or quota refused at commit does not
/// drop the call: that record, without the charge, is written instead, and the outcome still says why it went unpaid.
/// </summary>
public sealed record UsageRecord(
    IReadOnlyList<UsageEvent> Events, IdempotencyRecord? Idempotency, UsageCharge? Charge = null, IReadOnlyList<OutcomeCharge>? OutcomeCharges = null, QuotaUse? Quota = null,
    IReadOnlyList<object>? Rows = null, MonthlyRatedUse? MonthlyRated = null, UsageRecord? IfRefused = null);

public enum RecordOutcome
{
    Recorded,
    /// <summary>Another request with the same idempotency key was recorded first; this one is not billed.</summary>
    Duplicate,
    /// <summary>
    /// The wallet no longer covered the charge at commit (spent through another node); nothing was recorded, or, for a
    /// record with <see cref="UsageRecord.IfRefused"/>, that record was, unpaid.
    /// </summary>
    InsufficientBalance,
    /// <summary>The month's spend cap no longer covered the charge at commit (spent through another node); as above.</summary>
    SpendCapReached,
    /// <summary>The plan's monthly quota no longer covered the call at commit (used through another node); as above.</summary>
    QuotaExceeded,
}

public static class RecordOutcomes
{
    /// <summary>
    /// Tells the admission snapshots (<see cref="Caching.AdmissionCounter{TKey,TState}"/>) what the commit did with a
    /// call's charge: taken from both the wallet and the spend cap, or refused by one of them.
    /// </summary>
    public static void ReportTo(this RecordOutcome outcome, Caching.IAdmissionReservation? wallet, Caching.IAdmissionReservation? cap)
    {
        switch (outcome)
        {
            case RecordOutcome.Recorded:
                wallet?.Committed();
                cap?.Committed();
                break;
            case RecordOutcome.InsufficientBalance:
                wallet?.Refused();
                break;
            case RecordOutcome.SpendCapReached:
                cap?.Refused();
                break;
        }
    }
}

/// <summary>
/// Group commit: requests hand their usage to one writer, which stores everything that is waiting in a single
/// transaction (wallet debits, ledger entries, events, idempotency records, hourly rollups) and only then completes
/// each request's task. A caller
/// that awaits <see cref="RecordAsync"/> therefore answers only after its usage is durable, while the database
/// sees one commit per batch instead of one per request.
/// </summary>
public sealed class UsageRecorder(
    IServiceScopeFactory scopes, TimeProvider time, IOptions<UsageOptions> options, IEnumerable<IUsageObserver> observers, ILogger<UsageRecorder> logger) : BackgroundService
{
    private readonly IUsageObserver[] observers = [.. observers];

    private readonly Channel<Pending> queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });

    public Task<RecordOutcome> RecordAsync(UsageRecord record, CancellationToken cancellationToken)
    {
        var pending = new Pending(record);
        if (!queue.Writer.TryWrite(pending))
        {
            throw new InvalidOperationException("The usage recorder has stopped; the server is shutting down.");
        }

        // The write itself is not cancelled with the request: once queued, it is recorded or it fails.
        return pending.Completion.Task.WaitAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<Pending>();
        // Drain what is queued even while stopping, so no accepted request loses its usage.
        while (await queue.Reader.WaitToReadAsync(CancellationToken.None))
        {
            batch.Clear();
            while (batch.Count < options.Value.MaxBatch && queue.Reader.TryRead(out var pending))
            {
                batch.Add(pending);
            }

            await WriteAsync(batch);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        queue.Writer.TryComplete();
        await base.StopAsync(cancellationToken);
    }

    private async Task WriteAsync(List<Pending> batch)
    {
        try
        {
            var refused = await WriteBatchRetryingAsync(batch);
            batch.ForEach(p => p.Completion.TrySetResult(refused.GetValueOrDefault(p, RecordOutcome.Recorded)));
            if (observers.Length > 0)
            {
                Notify(batch.Where(p => p.Written is not null).Select(p => p.Written!).ToList());
            }

            return;
        }
        catch (Exception e) when (batch.Count > 1 && e is DbUpdateException or DbException)
        {
            // One request's key clashed with an earlier one (a retry racing its original): isolate it.
        }
        catch (Exception e) when (DbErrors.IsUniqueViolation(e) && batch[0].Record.Idempotency is not null)
        {
            // Only a request with a client idempotency key can be a duplicate; any other clash is a failure below, so
            // a call is never answered as recorded when nothing was.
            batch[0].Completion.TrySetResult(RecordOutcome.Duplicate);
            return;
        }
        catch (Exception e)
        {
            logger.LogError(e, "Recording usage failed for {Count} request(s)", batch.Count);
            batch.ForEach(p => p.Completion.TrySetException(e));
            return;
        }

        foreach (var pending in batch)
        {
            await WriteAsync([pending]);
        }
    }

    private void Notify(List<UsageRecord> committed)
    {
        foreach (var observer in observers)
        {
            try
            {
                observer.OnCommitted(committed);
            }
            catch (Exception e)
            {
                // The usage is durable and answered; an observer's failure must not turn that into an error.
                logger.LogError(e, "Usage observer {Observer} failed", observer.GetType().Name);
            }
        }
    }

    /// <summary>
    /// PostgreSQL may abort one of two nodes' batches that lock the same wallets or counters in opposite orders
    /// (a deadlock); nothing of it was committed, so it is written again as a whole.
    /// </summary>
    private async Task<Dictionary<Pending, RecordOutcome>> WriteBatchRetryingAsync(List<Pending> batch)
    {
        const int attempts = 5;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await WriteBatchAsync(batch);
            }
            catch (Exception e) when (attempt < attempts && DbErrors.IsTransient(e))
            {
                logger.LogInformation("Usage batch of {Count} request(s) lost a deadlock, writing it again (attempt {Attempt})", batch.Count, attempt + 1);
            }
        }
    }

    /// <summary>
    /// Writes the batch in one transaction; returns the requests refused because the month's spend cap or their
    /// wallet no longer covered them.
    /// </summary>
    private async Task<Dictionary<Pending, RecordOutcome>> WriteBatchAsync(List<Pending> batch)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ModelMintDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync();
        var refused = new Dictionary<Pending, RecordOutcome>();
        var now = time.GetUtcNow();
        var rows = new Rows();
        var monthly = new MonthlyRatedSpend();
        var charged = await ChargeGroupsAsync(db, batch, rows.Ledger, now);
        foreach (var pending in batch)
        {
            // Quotas and caps count against the month of the call (its events' time), as invoices rate it.
            var calledAt = pending.Record.Events[0].OccurredAt;
            var record = pending.Record;
            pending.Written = null;
            if (!charged.Contains(pending))
            {
                var outcome = await CountAndChargeAsync(db, record, calledAt, now, monthly, rows.Ledger);
                if (outcome != RecordOutcome.Recorded)
                {
                    refused.Add(pending, outcome);
                    if (record.IfRefused is not { } unpaid)
                    {
                        continue;
                    }

                    // An answer already delivered is recorded without its charge rather than lost; its quota count (a
                    // delivered call's is unconditional) is taken again, since the refusal took it back.
                    if (unpaid.Quota is { } quota)
                    {
                        await PlanQuotas.TryCountAsync(db, quota, calledAt);
                    }

                    record = unpaid;
                }
            }

            pending.Written = record;
            rows.Events.AddRange(record.Events);
            db.OutcomeCharges.AddRange(record.OutcomeCharges ?? []);
            db.AddRange(record.Rows ?? []);
            if (record.Idempotency is { } idempotency)
            {
                rows.Idempotency.Add(idempotency);
            }
        }

        // The rows every call writes go in through RowInserts, without the change tracker; it is left with the
        // occasional ones (outcome charges, a feature's own rows, credit lots consumed).
        await db.InsertRowsAsync(rows.Idempotency);
        await db.InsertRowsAsync(rows.Events);
        await db.InsertRowsAsync(rows.Ledger);
        if (db.ChangeTracker.HasChanges())
        {
            await db.SaveChangesAsync();
        }

        await AddToRollupsAsync(db, batch.Where(p => p.Written is not null).SelectMany(p => p.Written!.Events));
        await transaction.CommitAsync();
        return refused;
    }

    /// <summary>
    /// The per-call checks at commit, in order: the plan quota's count, the spend cap's count and the wallet debit (with
    /// the call's ledger rows), and an invoice-rated call's addition to the month's spend. Returns the first refusal,
    /// with whatever this call had counted before it taken back, or <see cref="RecordOutcome.Recorded"/>.
    /// </summary>
    private static async Task<RecordOutcome> CountAndChargeAsync(
        ModelMintDbContext db, UsageRecord record, DateTimeOffset calledAt, DateTimeOffset now, MonthlyRatedSpend monthly, List<LedgerEntry> ledger)
    {
        if (record.Quota is { } quota && !await PlanQuotas.TryCountAsync(db, quota, calledAt))
        {
            return RecordOutcome.QuotaExceeded;
        }

        var outcome = RecordOutcome.Recorded;
        if (record.Charge is { } charge)
        {
            if (!await SpendCapService.TryCountAsync(db, charge.PayerAccountId, charge.Currency, charge.AmountMicros, calledAt))
            {
                outcome = RecordOutcome.SpendCapReached;
            }
            else if (!await TryDebitAsync(db, charge.PayerAccountId, charge.Currency, charge.AmountMicros, now))
            {
                // Undo the count inside this transaction: the call is refused and spends nothing.
                await SpendCapService.UncountAsync(db, charge.PayerAccountId, charge.Currency, charge.AmountMicros, calledAt, CancellationToken.None);
                outcome = RecordOutcome.InsufficientBalance;
            }
            else
            {
                ledger.AddRange(Book(record, now));
            }
        }

        if (outcome == RecordOutcome.Recorded && record.MonthlyRated is { } rated && !await TryCountMonthlyRatedAsync(db, monthly, rated, calledAt))
        {
            outcome = RecordOutcome.SpendCapReached;
        }

        if (outcome != RecordOutcome.Recorded && record.Quota is { } counted)
        {
            await PlanQuotas.UncountAsync(db, counted, calledAt);
        }

        return outcome;
    }

    /// <summary>
    /// Counts what an invoice-rated call adds to its month's invoice on the spend counter, only while the cap still
    /// covers it; an addition of zero (a free allowance, a started package) always fits, and a negative one is given back.
    /// </summary>
    private static async Task<bool> TryCountMonthlyRatedAsync(ModelMintDbContext db, MonthlyRatedSpend monthly, MonthlyRatedUse rated, DateTimeOffset calledAt)
    {
        var added = await monthly.AddedMicrosAsync(db, rated, calledAt);
        if (added > 0 && !await SpendCapService.TryCountAsync(db, rated.PayerAccountId, rated.Currency, added, calledAt))
        {
            return false;
        }

        if (added < 0)
        {
            await SpendCapService.UncountAsync(db, rated.PayerAccountId, rated.Currency, -added, calledAt, CancellationToken.None);
        }

        monthly.Counted(rated, calledAt);
        return true;
    }

    /// <summary>
    /// Charges, per payer, currency and month, every call of the batch at once when the wallet and the spend cap cover
    /// their sum: one conditional counter update and one conditional debit instead of one each per call. Returns the
    /// calls charged this way; a group that does not fit as a whole is left to the per-call path, which charges what fits
    /// and refuses the rest, so the outcome is the same as charging one by one. Calls that also count against a plan
    /// quota always take the per-call path (the quota decides before the money).
    /// </summary>
    private static async Task<HashSet<Pending>> ChargeGroupsAsync(ModelMintDbContext db, List<Pending> batch, List<LedgerEntry> ledger, DateTimeOffset now)
    {
        var charged = new HashSet<Pending>();
        var groups = batch
            .Where(p => p.Record.Charge is not null && p.Record.Quota is null)
            .GroupBy(p => (p.Record.Charge!.PayerAccountId, p.Record.Charge.Currency, Month: SpendCapService.MonthOf(p.Record.Events[0].OccurredAt)))
            .Where(g => g.Skip(1).Any());
        foreach (var group in groups)
        {
            var (payer, currency, _) = group.Key;
            var total = group.Sum(p => p.Record.Charge!.AmountMicros);
            var chargedAt = group.First().Record.Events[0].OccurredAt;
            if (!await SpendCapService.TryCountAsync(db, payer, currency, total, chargedAt))
            {
                continue;
            }

            if (!await TryDebitAsync(db, payer, currency, total, now))
            {
                await SpendCapService.UncountAsync(db, payer, currency, total, chargedAt, CancellationToken.None);
                continue;
            }

            foreach (var pending in group)
            {
                ledger.AddRange(Book(pending.Record, now));
                charged.Add(pending);
            }
        }

        return charged;
    }

    /// <summary>
    /// Takes <paramref name="amountMicros"/> from the payer's wallet only if it still covers it. Expired credit leaves the
    /// balance first; what is taken is spent from the soonest-expiring credit lots.
    /// </summary>
    private static async Task<bool> TryDebitAsync(ModelMintDbContext db, Guid payer, string currency, long amountMicros, DateTimeOffset now)
    {
        var lots = await CreditExpiry.LiveLotsAsync(db, payer, currency, CancellationToken.None);
        if (lots.Any(l => l.ExpiresAt <= now))
        {
            await CreditExpiry.ExpireDueAsync(db, payer, currency, now);
        }

        // Raw SQL rather than LINQ ExecuteUpdate: the group commit debits every payer of every batch, and translating
        // the expression each time cost more than the statement.
        var debited = await db.Database.ExecuteSqlAsync($"""
            UPDATE wallets SET "BalanceMicros" = "BalanceMicros" - {amountMicros}, "UpdatedAt" = {db.StoreValue<Wallet>(nameof(Wallet.UpdatedAt), now)}
            WHERE "AccountId" = {payer} AND "Currency" = {currency} AND "BalanceMicros" >= {amountMicros}
            """);
        if (debited == 0)
        {
            return false;
        }

        if (lots.Count > 0)
        {
            await CreditExpiry.ConsumeAsync(db, lots, amountMicros, now);
        }

        return true;
    }

    /// <summary>
    /// The two ledger entries of a debited call: a debit of the payer's wallet and a credit of the provider's earnings —
    /// or, for an outcome-priced call, of the payer's held book, from which feedback or settlement later moves it on.
    /// </summary>
    private static LedgerEntry[] Book(UsageRecord record, DateTimeOffset now)
    {
        var charge = record.Charge!;
        var held = record.OutcomeCharges is not null;
        return Books.Movement((charge.PayerAccountId, Books.Wallet), held ? (charge.PayerAccountId, Books.Held) : (charge.ProviderAccountId, Books.ProviderEarnings),
            charge.AmountMicros, charge.Currency, "usage", record.Events[0].IdempotencyKey, now);
    }

    /// <summary>
    /// Adds the batch's events to their hourly rollups with one upsert per rollup row (<c>INSERT ... ON CONFLICT DO
    /// UPDATE</c>, the same SQL on SQLite and PostgreSQL): the increment happens inside the database, so two nodes
    /// adding to the same hour never lose each other's counts, and a first row inserted by both at once does not fail.
    /// Rows go in key order so concurrent batches lock them in the same order.
    /// </summary>
    private static async Task AddToRollupsAsync(ModelMintDbContext db, IEnumerable<UsageEvent> events)
    {
        var sums = events
            .GroupBy(e => (e.AccountId, BucketHour: e.OccurredAt.ToUnixTimeSeconds() / 3600, e.ModelName, e.KeyId, e.Meter))
            .Select(g => (g.Key, Quantity: g.Sum(e => e.Quantity), Events: g.LongCount()))
            .OrderBy(s => s.Key.AccountId).ThenBy(s => s.Key.BucketHour).ThenBy(s => s.Key.ModelName, StringComparer.Ordinal)
            .ThenBy(s => s.Key.KeyId).ThenBy(s => s.Key.Meter, StringComparer.Ordinal)
            .ToList();
        if (sums.Count == 0)
        {
            return;
        }

        var upsert = RollupUpsertSql(db);
        foreach (var (key, quantity, count) in sums)
        {
            await db.Database.ExecuteSqlRawAsync(upsert, key.AccountId, key.BucketHour, key.ModelName, key.KeyId, key.Meter, quantity, count);
        }
    }

    private static string RollupUpsertSql(ModelMintDbContext db)
    {
        var entity = db.Model.FindEntityType(typeof(UsageRollup))!;
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        string Column(string property) => "\"" + entity.FindProperty(property)!.GetColumnName(table) + "\"";
        var name = "\"" + table.Name + "\"";
        string[] keys = [Column(nameof(UsageRollup.AccountId)), Column(nameof(UsageRollup.BucketHour)), Column(nameof(UsageRollup.ModelName)), Column(nameof(UsageRollup.KeyId)), Column(nameof(UsageRollup.Meter))];
        var quantity = Column(nameof(UsageRollup.Quantity));
        var eventCount = Column(nameof(UsageRollup.Events));
        return $"INSERT INTO {name} ({string.Join(", ", keys)}, {quantity}, {eventCount}) VALUES ({{0}}, {{1}}, {{2}}, {{3}}, {{4}}, {{5}}, {{6}}) " +
            $"ON CONFLICT ({string.Join(", ", keys)}) DO UPDATE SET {quantity} = {name}.{quantity} + excluded.{quantity}, {eventCount} = {name}.{eventCount} + excluded.{eventCount}";
    }

    /// <summary>A batch's append-only rows, inserted without the change tracker.</summary>
    private sealed class Rows
    {
        public List<UsageEvent> Events { get; } = [];

        public List<LedgerEntry> Ledger { get; } = [];

        public List<IdempotencyRecord> Idempotency { get; } = [];
    }

    private sealed class Pending(UsageRecord record)
    {
        public UsageRecord Record { get; } = record;

        public TaskCompletionSource<RecordOutcome> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>What the current attempt wrote for this request: its record, its <see cref="UsageRecord.IfRefused"/>, or nothing.</summary>
        public UsageRecord? Written { get; set; }
    }
}
