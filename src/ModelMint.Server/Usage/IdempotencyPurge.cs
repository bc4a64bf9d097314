using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ModelMint.Data;

using ModelMint.Server.Hosting;

namespace ModelMint.Server.Usage;

/// <summary>
/// Stored idempotent responses are kept for <see cref="UsageOptions.IdempotencyRetention"/> after they were recorded,
/// then deleted in bounded batches by <see cref="IdempotencyPurgeWorker"/>; a retry with the same key once its record
/// is gone is a new request.
/// </summary>
public static class IdempotencyPurge
{
    /// <summary>Deletes at most <paramref name="limit"/> records created before <paramref name="cutoff"/>, oldest first; returns how many.</summary>
    public static Task<int> DeleteOlderThanAsync(ModelMintDbContext db, DateTimeOffset cutoff, int limit, CancellationToken cancellationToken)
    {
        var batch = db.IdempotencyRecords
            .Where(r => r.CreatedAt < cutoff)
            .OrderBy(r => r.CreatedAt)
            .Take(limit);
        return db.IdempotencyRecords
            .Where(r => batch.Any(b => b.AccountId == r.AccountId && b.Key == r.Key))
            .ExecuteDeleteAsync(cancellationToken);
    }
}

/// <summary>Section <c>Usage:IdempotencyPurge</c>: how often expired idempotency records are deleted.</summary>
public sealed class IdempotencyPurgeOptions
{
    public const string Section = $"{UsageOptions.Section}:IdempotencyPurge";

    /// <summary>Whether <see cref="IdempotencyPurgeWorker"/> runs on this node; several nodes may run it.</summary>
    public bool WorkerEnabled { get; set; } = true;

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Most records deleted per statement.</summary>
    [Range(1, 100_000)]
    public int BatchSize { get; set; } = 1000;
}

/// <summary>A thin loop: every poll interval, delete idempotency records older than the retention, a batch at a time.</summary>
internal sealed class IdempotencyPurgeWorker(
    IServiceScopeFactory scopes, TimeProvider time, IOptions<UsageOptions> usage, IOptions<IdempotencyPurgeOptions> options, ILogger<IdempotencyPurgeWorker> logger) : BatchWorker(scopes, time)
{
    protected override TimeSpan PollInterval => options.Value.PollInterval;

    protected override int BatchSize => options.Value.BatchSize;

    protected override Task<int> RunBatchAsync(ModelMintDbContext db, DateTimeOffset now, CancellationToken cancellationToken) =>
        IdempotencyPurge.DeleteOlderThanAsync(db, now - usage.Value.IdempotencyRetention, BatchSize, cancellationToken);

    protected override void LogHandled(int count) => logger.LogInformation("Deleted {Count} idempotency record(s) past their retention", count);

    protected override void LogFailed(Exception exception) => logger.LogError(exception, "Deleting expired idempotency records failed; retrying after the poll interval");
}
