using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ModelMint.Data;
using ModelMint.Data.Training;
using ModelMint.Domain.Models;
using ModelMint.ML.Training;
using ModelMint.Server.Datasets;

namespace ModelMint.Server.Training;

/// <summary>A job to enqueue, as the API accepts it.</summary>
public sealed record CreateTrainingJobRequest(
    Guid? DatasetId,
    string? ModelName,
    string? Trainer,
    Guid? TestDatasetId,
    double? TestFraction,
    int? Seed,
    Dictionary<string, string>? Parameters);

/// <summary>Why a job request was refused: a problem code, the status it maps to, and what to do about it.</summary>
public sealed record TrainingRequestError(int Status, string Code, string Detail, string? Field);

/// <summary>Validates and enqueues training jobs; everything is checked before a row is written.</summary>
public sealed class TrainingService(
    ModelMintDbContext db,
    DatasetService datasets,
    TrainerCatalog trainers,
    TrainingSignal signal,
    TimeProvider time,
    IOptions<TrainingOptions> options)
{
    public const int MaxParameters = 32;

    public async Task<(TrainingJob? Job, TrainingRequestError? Error)> EnqueueAsync(Guid accountId, CreateTrainingJobRequest request, CancellationToken cancellationToken)
    {
        if (request.DatasetId is not { } datasetId)
        {
            return Refuse(400, "dataset-required", "Give 'datasetId': the id returned by POST /v1/datasets.", "datasetId");
        }

        if (!ModelName.IsValid(request.ModelName))
        {
            return Refuse(400, "invalid-model-name", $"'{request.ModelName}' is not a valid model name. {ModelName.Rule}", "modelName");
        }

        var trainerName = string.IsNullOrWhiteSpace(request.Trainer) ? "auto" : request.Trainer.Trim();
        if (!trainers.TryGet(trainerName, out var trainer))
        {
            return Refuse(400, "unknown-trainer", $"Unknown trainer '{trainerName}'. Use one of: {string.Join(", ", trainers.Names)}.", "trainer");
        }

        var parameterErrors = trainer.ValidateParameters(request.Parameters ?? []);
        if (parameterErrors.Count > 0)
        {
            return Refuse(400, "invalid-parameters", string.Join(" ", parameterErrors), "parameters");
        }

        if (request.TestFraction is { } fraction && (double.IsNaN(fraction) || fraction < 0.05 || fraction > 0.5))
        {
            return Refuse(400, "invalid-test-fraction", "'testFraction' must be between 0.05 and 0.5 (the share of rows held out for evaluation).", "testFraction");
        }

        if (request.TestFraction is not null && request.TestDatasetId is not null)
        {
            return Refuse(400, "conflicting-test-split", "Give either 'testDatasetId' or 'testFraction', not both.", "testFraction");
        }

        if (request.Parameters is { Count: > MaxParameters })
        {
            return Refuse(400, "too-many-parameters", $"At most {MaxParameters} trainer parameters are accepted.", "parameters");
        }

        var dataset = await datasets.FindAsync(accountId, datasetId, cancellationToken);
        if (dataset is null)
        {
            return Refuse(404, "dataset-not-found", $"No dataset {datasetId} in this account. Upload one with POST /v1/datasets.", "datasetId");
        }

        if (dataset.MultiLabel && !trainer.SupportsMultiLabel)
        {
            return Refuse(422, "trainer-not-multi-label",
                $"The dataset is multi-label but trainer '{trainer.Name}' trains single-label models only. Use {string.Join(" or ", trainers.Names.Where(n => trainers.TryGet(n, out var t) && t.SupportsMultiLabel).Select(n => $"'{n}'"))}.",
                "trainer");
        }

        var trainLabels = DatasetService.LabelCounts(dataset);
        if (request.TestDatasetId is { } testId)
        {
            var testDataset = await datasets.FindAsync(accountId, testId, cancellationToken);
            if (testDataset is null)
            {
                return Refuse(404, "dataset-not-found", $"No test dataset {testId} in this account. Upload one with POST /v1/datasets.", "testDatasetId");
            }

            if (testDataset.MultiLabel != dataset.MultiLabel)
            {
                return Refuse(422, "test-kind-mismatch",
                    $"The training dataset is {Kind(dataset.MultiLabel)} but the test dataset is {Kind(testDataset.MultiLabel)}. Evaluate on data of the same kind (both with a 'label' column, or both with 'labels').",
                    "testDatasetId");
            }

            var unseen = DatasetService.LabelCounts(testDataset).Keys.Where(l => !trainLabels.ContainsKey(l)).ToList();
            if (unseen.Count > 0)
            {
                return Refuse(422, "test-labels-unseen",
                    $"The test dataset has labels the training dataset never shows: {string.Join(", ", unseen.Take(10).Select(l => $"'{l}'"))}. A model cannot predict a label it was not trained on; add examples of them to the training data or remove them from the test data.",
                    "testDatasetId");
            }
        }
        else if (dataset.Rows < 4)
        {
            return Refuse(422, "dataset-too-small", $"The dataset has {dataset.Rows} rows; at least 4 are needed to hold some out for evaluation.", "datasetId");
        }

        var job = new TrainingJob
        {
            Id = Guid.CreateVersion7(),
            AccountId = accountId,
            DatasetId = datasetId,
            TestDatasetId = request.TestDatasetId,
            TestFraction = request.TestDatasetId is null ? request.TestFraction ?? options.Value.DefaultTestFraction : null,
            ModelName = request.ModelName!,
            Trainer = trainer.Name,
            ParametersJson = JsonSerializer.Serialize(request.Parameters ?? []),
            Seed = request.Seed ?? options.Value.DefaultSeed,
            Status = TrainingJobStatus.Queued,
            CreatedAt = time.GetUtcNow(),
        };
        db.TrainingJobs.Add(job);
        await db.SaveChangesAsync(cancellationToken);
        signal.Notify();
        return (job, null);
    }

    public Task<TrainingJob?> FindAsync(Guid accountId, Guid id, CancellationToken cancellationToken) =>
        db.TrainingJobs.AsNoTracking().SingleOrDefaultAsync(j => j.Id == id && j.AccountId == accountId, cancellationToken);

    public Task<List<TrainingJob>> ListAsync(Guid accountId, CancellationToken cancellationToken) =>
        db.TrainingJobs.AsNoTracking().Where(j => j.AccountId == accountId).OrderByDescending(j => j.Id).Take(100).ToListAsync(cancellationToken);

    private static string Kind(bool multiLabel) => multiLabel ? "multi-label" : "single-label";

    private static (TrainingJob?, TrainingRequestError?) Refuse(int status, string code, string detail, string? field) =>
        (null, new TrainingRequestError(status, code, detail, field));
}
