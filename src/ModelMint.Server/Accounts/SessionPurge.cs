using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ModelMint.Data;

using ModelMint.Server.Hosting;

namespace ModelMint.Server.Accounts;

/// <summary>
/// Sign-in sessions (API keys with a <c>UserId</c>) that expired or were revoked more than
/// <see cref="SessionPurgeOptions.Retention"/> ago are deleted in bounded batches by <see cref="SessionPurgeWorker"/>.
/// Program keys (no user) are never deleted: revoked or expired, they stay for audit.
/// </summary>
public static class SessionPurge
{
    /// <summary>Deletes at most <paramref name="limit"/> sessions that ended before <paramref name="cutoff"/>; returns how many.</summary>
    public static Task<int> DeleteEndedBeforeAsync(ModelMintDbContext db, DateTimeOffset cutoff, int limit, CancellationToken cancellationToken)
    {
        var batch = db.ApiKeys
            .Where(k => k.UserId != null && ((k.RevokedAt != null && k.RevokedAt < cutoff) || (k.ExpiresAt != null && k.ExpiresAt < cutoff)))
            .OrderBy(k => k.Id)
            .Select(k => k.Id)
            .Take(limit);
        // The user condition is repeated on the delete itself: whatever the subquery returns, a program key never goes.
        return db.ApiKeys
            .Where(k => k.UserId != null && batch.Contains(k.Id))
            .ExecuteDeleteAsync(cancellationToken);
    }
}

/// <summary>Section <c>Accounts:SessionPurge</c>: how long ended sign-in sessions are kept, and how often they are deleted.</summary>
public sealed class SessionPurgeOptions
{
    public const string Section = $"{AccountOptions.Section}:SessionPurge";

    /// <summary>Whether <see cref="SessionPurgeWorker"/> runs on this node; several nodes may run it.</summary>
    public bool WorkerEnabled { get; set; } = true;

    /// <summary>How long a session is kept after it expired or was revoked.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "3650.00:00:00")]
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Most sessions deleted per statement.</summary>
    [Range(1, 100_000)]
    public int BatchSize { get; set; } = 1000;
}

/// <summary>A thin loop: every poll interval, delete sign-in sessions that ended more than the retention ago, a batch at a time.</summary>
internal sealed class SessionPurgeWorker(
    IServiceScopeFactory scopes, TimeProvider time, IOptions<SessionPurgeOptions> options, ILogger<SessionPurgeWorker> logger) : BatchWorker(scopes, time)
{
    protected override TimeSpan PollInterval => options.Value.PollInterval;

    protected override int BatchSize => options.Value.BatchSize;

    protected override Task<int> RunBatchAsync(ModelMintDbContext db, DateTimeOffset now, CancellationToken cancellationToken) =>
        SessionPurge.DeleteEndedBeforeAsync(db, now - options.Value.Retention, BatchSize, cancellationToken);

    protected override void LogHandled(int count) => logger.LogInformation("Deleted {Count} ended sign-in session(s) past their retention", count);

    protected override void LogFailed(Exception exception) => logger.LogError(exception, "Deleting ended sign-in sessions failed; retrying after the poll interval");
}
