using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using ModelMint.Data.Training;
using ModelMint.ML.Evaluation;
using ModelMint.ML.Training;
using ModelMint.Server.Accounts;
using ModelMint.Server.Audit;
using ModelMint.Server.Hosting;
using ModelMint.Server.Models;
using ModelMint.Server.Problems;

namespace ModelMint.Server.Training;

public sealed record TrainingJobResponse(
    Guid Id,
    string Status,
    double Progress,
    string ModelName,
    Guid DatasetId,
    Guid? TestDatasetId,
    double? TestFraction,
    string Trainer,
    int Seed,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    ClassificationMetrics? Metrics,
    int? ModelVersion,
    string? Error)
{
    public static TrainingJobResponse From(TrainingJob j) => new(
        j.Id, j.Status, Math.Round(j.Progress, 4), j.ModelName, j.DatasetId, j.TestDatasetId, j.TestFraction, j.Trainer, j.Seed,
        j.CreatedAt, j.StartedAt, j.FinishedAt, j.MetricsJson is null ? null : ModelRegistry.ReadMetrics(j.MetricsJson), j.ModelVersion, j.Error);
}

/// <summary>Curve points in the order the trainer reported them; see <see cref="CurvePoint"/>.</summary>
public sealed record TrainingCurveResponse(Guid JobId, string Status, double Progress, IReadOnlyList<CurvePoint> Points);

public static class TrainingEndpoints
{
    public static IEndpointRouteBuilder MapTrainingEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/training-jobs").WithTags("Training").RequireAuthorization();
        group.MapPost("/", Create).WithSummary("Queue a training job; poll it with GET /v1/training-jobs/{id}.");
        group.MapGet("/", List).WithSummary("This account's most recent training jobs.");
        group.MapGet("/{id:guid}", Get).WithSummary("Status, progress and, when finished, metrics and the model version.");
        group.MapGet("/{id:guid}/curve", Curve).WithSummary("The training curve so far: per epoch, iteration or candidate, the losses and validation accuracy.");
        group.MapPost("/{id:guid}/cancel", Cancel).WithSummary("Cancel a queued or running job.");
        return app;
    }

    public static async Task<Results<Accepted<TrainingJobResponse>, ProblemHttpResult>> Create(
        CreateTrainingJobRequest request, HttpContext context, TrainingService training, AuditLog audit, CancellationToken cancellationToken)
    {
        var (job, error) = await training.EnqueueAsync(context.User.AccountId(), request, cancellationToken);
        if (error is not null)
        {
            return error.Status == 400
                ? ApiProblems.Validation(error.Code, error.Detail, error.Field)
                : ApiProblems.Create(error.Status, error.Code, error.Status == 404 ? "Not found." : "The request cannot be processed.", error.Detail);
        }

        await audit.RecordAsync(context, AuditActions.TrainingQueued, $"training-job:{job!.Id}", new { model = job.ModelName, trainer = job.Trainer, datasetId = job.DatasetId }, cancellationToken: cancellationToken);
        return TypedResults.Accepted($"/v1/training-jobs/{job.Id}", TrainingJobResponse.From(job));
    }

    public static async Task<Ok<ItemList<TrainingJobResponse>>> List(HttpContext context, TrainingService training, CancellationToken cancellationToken)
    {
        var jobs = await training.ListAsync(context.User.AccountId(), cancellationToken);
        return TypedResults.Ok(new ItemList<TrainingJobResponse>(jobs.Select(TrainingJobResponse.From).ToList()));
    }

    public static async Task<Results<Ok<TrainingJobResponse>, ProblemHttpResult>> Get(Guid id, HttpContext context, TrainingService training, CancellationToken cancellationToken)
    {
        var job = await training.FindAsync(context.User.AccountId(), id, cancellationToken);
        return job is null ? JobNotFound(id) : TypedResults.Ok(TrainingJobResponse.From(job));
    }

    public static async Task<Results<Ok<TrainingCurveResponse>, ProblemHttpResult>> Curve(Guid id, HttpContext context, TrainingService training, CancellationToken cancellationToken)
    {
        var job = await training.FindAsync(context.User.AccountId(), id, cancellationToken);
        if (job is null)
        {
            return JobNotFound(id);
        }

        var points = job.CurveJson is null ? [] : JsonSerializer.Deserialize<List<CurvePoint>>(job.CurveJson, JsonSerializerOptions.Web)!;
        return TypedResults.Ok(new TrainingCurveResponse(job.Id, job.Status, Math.Round(job.Progress, 4), points));
    }

    public static async Task<Results<Ok<TrainingJobResponse>, ProblemHttpResult>> Cancel(
        Guid id, HttpContext context, TrainingService training, TrainingQueue queue, AuditLog audit, CancellationToken cancellationToken)
    {
        var accountId = context.User.AccountId();
        var job = await training.FindAsync(accountId, id, cancellationToken);
        if (job is null)
        {
            return JobNotFound(id);
        }

        if (!await queue.RequestCancelAsync(accountId, id, cancellationToken))
        {
            job = await training.FindAsync(accountId, id, cancellationToken);
            return ApiProblems.Conflict("job-already-finished", $"The job has already finished with status '{job!.Status}'; there is nothing to cancel.");
        }

        await audit.RecordAsync(context, AuditActions.TrainingCancelled, $"training-job:{id}", cancellationToken: cancellationToken);
        job = await training.FindAsync(accountId, id, cancellationToken);
        return TypedResults.Ok(TrainingJobResponse.From(job!));
    }

    private static ProblemHttpResult JobNotFound(Guid id) =>
        ApiProblems.NotFound("training-job-not-found", $"No training job {id} in this account. List yours with GET /v1/training-jobs.");
}
