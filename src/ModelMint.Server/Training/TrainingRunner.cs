using System.Diagnostics;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ModelMint.Data;
using ModelMint.Data.Training;
using ModelMint.ML.Evaluation;
using ModelMint.ML.Training;
using ModelMint.Server.Caching;
using ModelMint.Server.Datasets;
using ModelMint.Server.Hosting;
using ModelMint.Server.Models;

namespace ModelMint.Server.Training;

/// <summary>
/// Runs one claimed job end to end: read the data, split, train (with heartbeats carrying progress), evaluate on the
/// held-out split, write the model file, then publish the version and finish the job in one transaction.
/// </summary>
public sealed class TrainingRunner(
    ModelMintDbContext db,
    DatasetService datasets,
    TrainingQueue queue,
    ModelRegistry registry,
    ICacheInvalidation invalidation,
    TrainerCatalog trainers,
    DataFolder folder,
    TimeProvider time,
    IServiceScopeFactory scopes,
    IOptions<TrainingOptions> options,
    ILogger<TrainingRunner> logger)
{
    public async Task RunAsync(TrainingJob job, string workerId, CancellationToken stoppingToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var observer = new JobObserver();
        var heartbeat = HeartbeatLoopAsync(job.Id, workerId, observer, stop, stoppingToken);
        try
        {
            var outcome = await TrainAsync(job, observer, stop.Token);
            await stop.CancelAsync();
            await heartbeat;
            await PublishAsync(job, workerId, outcome, observer, stoppingToken);
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            // Cancelled by the user (or the claim was lost); the conditional update decides which.
            await stop.CancelAsync();
            await heartbeat;
            await queue.FinishAsync(job.Id, workerId, TrainingJobStatus.Cancelled, "Cancelled on request.", null, null, CancellationToken.None);
        }
        catch (OperationCanceledException)
        {
            // The node is shutting down: leave the job running; its stale heartbeat lets a worker pick it up again.
            await stop.CancelAsync();
            await heartbeat;
            throw;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or IOException or JsonException)
        {
            await stop.CancelAsync();
            await heartbeat;
            logger.LogWarning(e, "Training job {JobId} failed", job.Id);
            await queue.FinishAsync(job.Id, workerId, TrainingJobStatus.Failed, e.Message, null, null, CancellationToken.None);
        }
    }

    private sealed record Outcome(TrainingResult Result, ClassificationMetrics Metrics, Lineage Lineage);

    private async Task<Outcome> TrainAsync(TrainingJob job, JobObserver observer, CancellationToken cancellationToken)
    {
        if (!trainers.TryGet(job.Trainer, out var trainer))
        {
            throw new ArgumentException($"Unknown trainer '{job.Trainer}'. Known trainers: {string.Join(", ", trainers.Names)}.");
        }

        var dataset = await db.Datasets.AsNoTracking().SingleOrDefaultAsync(d => d.Id == job.DatasetId, cancellationToken)
            ?? throw new InvalidOperationException($"Dataset {job.DatasetId} no longer exists.");
        var rows = (await datasets.ReadRowsAsync(dataset, cancellationToken)).Select(r => new LabeledText(r.Text, r.Label)).ToList();
        IReadOnlyList<LabeledText> train, test;
        string? testDigest = null;
        double? testFraction = null;
        if (job.TestDatasetId is { } testId)
        {
            var testDataset = await db.Datasets.AsNoTracking().SingleOrDefaultAsync(d => d.Id == testId, cancellationToken)
                ?? throw new InvalidOperationException($"Test dataset {testId} no longer exists.");
            train = rows;
            test = (await datasets.ReadRowsAsync(testDataset, cancellationToken)).Select(r => new LabeledText(r.Text, r.Label)).ToList();
            testDigest = testDataset.Digest;
        }
        else
        {
            testFraction = job.TestFraction ?? options.Value.DefaultTestFraction;
            (train, test) = DatasetSplit.Stratified(rows, testFraction.Value, job.Seed);
        }

        var parameters = JsonSerializer.Deserialize<Dictionary<string, string>>(job.ParametersJson) ?? [];
        var stopwatch = Stopwatch.StartNew();
        // Training is CPU-bound and synchronous; keep it off the request threads. Progress 0..0.95 is training, the rest evaluation.
        var result = await Task.Run(
            () => trainer.Train(new TrainingRequest(train, parameters, job.Seed, dataset.MultiLabel), observer, cancellationToken),
            cancellationToken);
        var seconds = stopwatch.Elapsed.TotalSeconds;
        var metrics = await Task.Run(() => ClassificationEvaluator.Evaluate(result.Model, test), cancellationToken);
        observer.Progress(1);
        var lineage = new Lineage(job.Id, dataset.Id, dataset.Digest, job.TestDatasetId, testDigest, testFraction, trainer.Name,
            result.Parameters, job.Seed, train.Count, test.Count, Math.Round(seconds, 3), time.GetUtcNow(), result.Leaderboard ?? []);
        return new Outcome(result, metrics, lineage);
    }

    private async Task PublishAsync(TrainingJob job, string workerId, Outcome outcome, JobObserver observer, CancellationToken cancellationToken)
    {
        var versionId = Guid.CreateVersion7();
        var artifact = folder.ModelRelativePath(job.AccountId, versionId);
        await folder.WriteAtomicallyAsync(artifact, stream =>
        {
            outcome.Result.Model.Save(stream);
            return Task.CompletedTask;
        }, cancellationToken);

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var version = await registry.AddVersionAsync(job.AccountId, job.ModelName, versionId,
            new NewVersion(artifact, outcome.Result.Model.Labels, outcome.Lineage, outcome.Metrics), cancellationToken);
        var finished = await queue.FinishAsync(job.Id, workerId, TrainingJobStatus.Succeeded, null,
            JsonSerializer.Serialize(outcome.Metrics, JsonSerializerOptions.Web), version.Version, cancellationToken, observer.CurveJson());
        if (!finished)
        {
            // Cancelled or taken over while we trained: publish nothing.
            await transaction.RollbackAsync(cancellationToken);
            File.Delete(folder.Resolve(artifact));
            await queue.FinishAsync(job.Id, workerId, TrainingJobStatus.Cancelled, "Cancelled on request.", null, null, CancellationToken.None);
            return;
        }

        await transaction.CommitAsync(cancellationToken);
        // Again after the commit: a request between AddVersionAsync's invalidation and the commit read the old rows.
        invalidation.ModelNameChanged(job.ModelName);
        invalidation.ModelVersionsChanged(version.ModelId);
    }

    private async Task HeartbeatLoopAsync(Guid jobId, string workerId, JobObserver observer, CancellationTokenSource stop, CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.HeartbeatInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stop.Token))
            {
                // A separate context: the heartbeat runs concurrently with the training's own queries.
                if (!await HeartbeatAsync(jobId, workerId, observer, stoppingToken))
                {
                    await stop.CancelAsync();
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task<bool> HeartbeatAsync(Guid jobId, string workerId, JobObserver observer, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        // Training is 0..0.95 of a job's progress; evaluation and publishing are the rest.
        return await scope.ServiceProvider.GetRequiredService<TrainingQueue>()
            .HeartbeatAsync(jobId, workerId, 0.95 * observer.Fraction, cancellationToken, observer.CurveJsonIfChanged());
    }

    /// <summary>Collects what the trainer reports, for the heartbeat to persist.</summary>
    private sealed class JobObserver : ITrainingObserver
    {
        // Enough for any sensible curve; a trainer that reports more keeps its first points.
        private const int MaxPoints = 5000;
        private readonly List<CurvePoint> points = [];
        private double fraction;
        private int written;

        public double Fraction => Volatile.Read(ref fraction);

        public void Progress(double value) => Volatile.Write(ref fraction, Math.Clamp(value, 0, 1));

        public void Curve(CurvePoint point)
        {
            lock (points)
            {
                if (points.Count < MaxPoints)
                {
                    points.Add(point);
                }
            }
        }

        public string CurveJson()
        {
            lock (points)
            {
                written = points.Count;
                return JsonSerializer.Serialize(points, JsonSerializerOptions.Web);
            }
        }

        public string? CurveJsonIfChanged()
        {
            lock (points)
            {
                return points.Count == written ? null : CurveJson();
            }
        }
    }
}
