using System.ComponentModel.DataAnnotations;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
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
/// </summary>
public sealed record UsageRecord(IReadOnlyList<UsageEvent> Events, IdempotencyRecord? Idempotency, UsageCharge? Charge = null, IReadOnlyList<OutcomeCharge>? OutcomeCharges = null);

public enum RecordOutcome
{
    Recorded,
    /// <summary>Another request with the same idempotency key was recorded first; this one is not billed.</summary>
    Duplicate,
    /// <summary>The wallet no longer covered the charge at commit (spent through another node); nothing was recorded.</summary>
    InsufficientBalance,
    /// <summary>The month's spend cap no longer covered the charge at commit (spent through another node); nothing was recorded.</summary>
    SpendCapReached,
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
            var refused = await WriteBatchAsync(batch);
            batch.ForEach(p => p.Completion.TrySetResult(refused.GetValueOrDefault(p, RecordOutcome.Recorded)));
            if (observers.Length > 0)
            {
                Notify(batch.Where(p => !refused.ContainsKey(p)).Select(p => p.Record).ToList());
            }

            return;
        }
        catch (DbUpdateException) when (batch.Count > 1)
        {
            // One request's key clashed with an earlier one (a retry racing its original): isolate it.
        }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
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
        var charged = await ChargeGroupsAsync(db, batch, now);
        foreach (var pending in batch)
        {
            if (pending.Record.Charge is { } charge && !charged.Contains(pending))
            {
                // The charge counts against the month of the call (its events' time), as invoices rate it.
                var chargedAt = pending.Record.Events[0].OccurredAt;
                if (!await SpendCapService.TryCountAsync(db, charge.PayerAccountId, charge.Currency, charge.AmountMicros, chargedAt))
                {
                    refused.Add(pending, RecordOutcome.SpendCapReached);
                    continue;
                }

                if (!await TryDebitAsync(db, charge.PayerAccountId, charge.Currency, charge.AmountMicros, now))
                {
                    // Undo the count inside this transaction: the call is refused and spends nothing.
                    await SpendCapService.UncountAsync(db, charge.PayerAccountId, charge.Currency, charge.AmountMicros, chargedAt, CancellationToken.None);
                    refused.Add(pending, RecordOutcome.InsufficientBalance);
                    continue;
                }

                Book(db, pending.Record, now);
            }

            db.UsageEvents.AddRange(pending.Record.Events);
            db.OutcomeCharges.AddRange(pending.Record.OutcomeCharges ?? []);
            if (pending.Record.Idempotency is { } idempotency)
            {
                db.IdempotencyRecords.Add(idempotency);
            }
        }

        await db.SaveChangesAsync();
        await AddToRollupsAsync(db, batch.Where(p => !refused.ContainsKey(p)).SelectMany(p => p.Record.Events));
        await transaction.CommitAsync();
        return refused;
    }

    /// <summary>
    /// Charges, per payer, currency and month, every call of the batch at once when the wallet and the spend cap cover
    /// their sum: one conditional counter update and one conditional debit instead of one each per call. Returns the
    /// calls charged this way; a group that does not fit as a whole is left to the per-call path, which charges what fits
    /// and refuses the rest, so the outcome is the same as charging one by one.
    /// </summary>
    private static async Task<HashSet<Pending>> ChargeGroupsAsync(ModelMintDbContext db, List<Pending> batch, DateTimeOffset now)
    {
        var charged = new HashSet<Pending>();
        var groups = batch
            .Where(p => p.Record.Charge is not null)
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
                Book(db, pending.Record, now);
                charged.Add(pending);
            }
        }

        return charged;
    }

    /// <summary>Takes <paramref name="amountMicros"/> from the payer's wallet only if it still covers it.</summary>
    private static async Task<bool> TryDebitAsync(ModelMintDbContext db, Guid payer, string currency, long amountMicros, DateTimeOffset now) =>
        await db.Wallets
            .Where(w => w.AccountId == payer && w.Currency == currency && w.BalanceMicros >= amountMicros)
            .ExecuteUpdateAsync(s => s.SetProperty(w => w.BalanceMicros, w => w.BalanceMicros - amountMicros).SetProperty(w => w.UpdatedAt, now)) > 0;

    /// <summary>
    /// Books a debited call's movement twice: a debit of the payer's wallet and a credit of the provider's earnings —
    /// or, for an outcome-priced call, of the payer's held book, from which feedback or settlement later moves it on.
    /// </summary>
    private static void Book(ModelMintDbContext db, UsageRecord record, DateTimeOffset now)
    {
        var charge = record.Charge!;
        var held = record.OutcomeCharges is not null;
        Books.Transfer(db, (charge.PayerAccountId, Books.Wallet), held ? (charge.PayerAccountId, Books.Held) : (charge.ProviderAccountId, Books.ProviderEarnings),
            charge.AmountMicros, charge.Currency, "usage", record.Events[0].IdempotencyKey, now);
    }

    /// <summary>
    /// Adds the events to their hourly rollups with one upsert per rollup row (SQLite and PostgreSQL both have
    /// <c>ON CONFLICT … DO UPDATE</c>): no read of the row first, which in a profile of the group commit cost a fifth of
    /// the writer's time as EF <c>FindAsync</c> calls.
    /// </summary>
    private static async Task AddToRollupsAsync(ModelMintDbContext db, IEnumerable<UsageEvent> events)
    {
        var sums = events
            .GroupBy(e => (e.AccountId, BucketHour: e.OccurredAt.ToUnixTimeSeconds() / 3600, e.ModelName, e.KeyId, e.Meter))
            .Select(g => (g.Key, Quantity: g.Sum(e => e.Quantity), Events: g.LongCount()))
            .ToList();
        foreach (var (key, quantity, count) in sums)
        {
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO "usage_rollups" ("AccountId", "BucketHour", "ModelName", "KeyId", "Meter", "Quantity", "Events")
                VALUES ({key.AccountId}, {key.BucketHour}, {key.ModelName}, {key.KeyId}, {key.Meter}, {quantity}, {count})
                ON CONFLICT ("AccountId", "BucketHour", "ModelName", "KeyId", "Meter")
                DO UPDATE SET "Quantity" = "usage_rollups"."Quantity" + excluded."Quantity", "Events" = "usage_rollups"."Events" + excluded."Events"
                """);
        }
    }

    private sealed class Pending(UsageRecord record)
    {
        public UsageRecord Record { get; } = record;

        public TaskCompletionSource<RecordOutcome> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
