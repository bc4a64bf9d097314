using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ModelMint.Data;
using ModelMint.Data.Training;

namespace ModelMint.Server.Training;

/// <summary>
/// The database as a job queue. Every state change is a conditional update on the row's current state, so two
/// workers (threads or nodes) can never both claim a job, and a worker that lost its claim cannot overwrite it.
/// </summary>
public sealed class TrainingQueue(ModelMintDbContext db, TimeProvider time, IOptions<TrainingOptions> options)
{
    /// <summary>Claims the oldest queued job for <paramref name="workerId"/>; null when there is none.</summary>
    public async Task<TrainingJob?> ClaimNextAsync(string workerId, CancellationToken cancellationToken)
    {
        while (true)
        {
            var candidate = await db.TrainingJobs.AsNoTracking()
                .Where(j => j.Status == TrainingJobStatus.Queued)
                .OrderBy(j => j.CreatedAt).ThenBy(j => j.Id)
                .Select(j => (Guid?)j.Id)
                .FirstOrDefaultAsync(cancellationToken);
            if (candidate is null)
            {
                return null;
            }

            var now = time.GetUtcNow();
            var claimed = await db.TrainingJobs
                .Where(j => j.Id == candidate && j.Status == TrainingJobStatus.Queued)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(j => j.Status, TrainingJobStatus.Running)
                    .SetProperty(j => j.ClaimedBy, workerId)
                    .SetProperty(j => j.StartedAt, now)
                    .SetProperty(j => j.HeartbeatAt, now)
                    .SetProperty(j => j.Progress, 0)
                    .SetProperty(j => j.Attempts, j => j.Attempts + 1), cancellationToken);
            if (claimed == 1)
            {
                return await db.TrainingJobs.AsNoTracking().SingleAsync(j => j.Id == candidate, cancellationToken);
            }
        }
    }

    /// <summary>Records progress; returns false when the claim is lost or a cancel was requested, so the worker stops.</summary>
    public async Task<bool> HeartbeatAsync(Guid jobId, string workerId, double progress, CancellationToken cancellationToken, string? curveJson = null)
    {
        var now = time.GetUtcNow();
        var updated = await db.TrainingJobs
            .Where(j => j.Id == jobId && j.ClaimedBy == workerId && j.Status == TrainingJobStatus.Running && !j.CancelRequested)
            .ExecuteUpdateAsync(s => s
                .SetProperty(j => j.HeartbeatAt, now)
                .SetProperty(j => j.Progress, progress)
                .SetProperty(j => j.CurveJson, j => curveJson ?? j.CurveJson), cancellationToken);
        return updated == 1;
    }

    /// <summary>Moves a job this worker holds to a terminal state. False when the claim was lost meanwhile.</summary>
    public async Task<bool> FinishAsync(Guid jobId, string workerId, string status, string? error, string? metricsJson, int? modelVersion, CancellationToken cancellationToken, string? curveJson = null)
    {
        var now = time.GetUtcNow();
        var updated = await db.TrainingJobs
            .Where(j => j.Id == jobId && j.ClaimedBy == workerId && j.Status == TrainingJobStatus.Running)
            .ExecuteUpdateAsync(s => s
                .SetProperty(j => j.Status, status)
                .SetProperty(j => j.FinishedAt, now)
                .SetProperty(j => j.HeartbeatAt, now)
                .SetProperty(j => j.Progress, status == TrainingJobStatus.Succeeded ? 1 : 0)
                .SetProperty(j => j.Error, error)
                .SetProperty(j => j.MetricsJson, metricsJson)
                .SetProperty(j => j.ModelVersion, modelVersion)
                .SetProperty(j => j.CurveJson, j => curveJson ?? j.CurveJson), cancellationToken);
        return updated == 1;
    }

    /// <summary>
    /// Jobs whose worker stopped heart-beating (a crash, a kill, a restart) are queued again while attempts remain,
    /// and failed otherwise, so no job stays running forever. Returns how many were recovered.
    /// </summary>
    public async Task<int> RecoverOrphansAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = time.GetUtcNow();
        var staleBefore = now - settings.StaleAfter;
        var cancelled = await db.TrainingJobs
            .Where(j => j.Status == TrainingJobStatus.Running && j.HeartbeatAt < staleBefore && j.CancelRequested)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.Status, TrainingJobStatus.Cancelled).SetProperty(j => j.FinishedAt, now), cancellationToken);
        var requeued = await db.TrainingJobs
            .Where(j => j.Status == TrainingJobStatus.Running && j.HeartbeatAt < staleBefore && j.Attempts < settings.MaxAttempts)
            .ExecuteUpdateAsync(s => s
                .SetProperty(j => j.Status, TrainingJobStatus.Queued)
                .SetProperty(j => j.ClaimedBy, (string?)null)
                .SetProperty(j => j.Progress, 0), cancellationToken);
        var failed = await db.TrainingJobs
            .Where(j => j.Status == TrainingJobStatus.Running && j.HeartbeatAt < staleBefore)
            .ExecuteUpdateAsync(s => s
                .SetProperty(j => j.Status, TrainingJobStatus.Failed)
                .SetProperty(j => j.FinishedAt, now)
                .SetProperty(j => j.Error, $"The worker running this job stopped responding {settings.MaxAttempts} times (the server was restarted or killed). Submit the job again."), cancellationToken);
        return cancelled + requeued + failed;
    }

    /// <summary>Cancels a queued job at once, or asks the worker of a running job to stop. Null when the job is already finished.</summary>
    public async Task<bool> RequestCancelAsync(Guid accountId, Guid jobId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var cancelledQueued = await db.TrainingJobs
            .Where(j => j.Id == jobId && j.AccountId == accountId && j.Status == TrainingJobStatus.Queued)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.Status, TrainingJobStatus.Cancelled).SetProperty(j => j.FinishedAt, now).SetProperty(j => j.CancelRequested, true), cancellationToken);
        if (cancelledQueued == 1)
        {
            return true;
        }

        var flagged = await db.TrainingJobs
            .Where(j => j.Id == jobId && j.AccountId == accountId && j.Status == TrainingJobStatus.Running)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.CancelRequested, true), cancellationToken);
        return flagged == 1;
    }
}
