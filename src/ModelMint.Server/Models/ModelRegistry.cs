using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ModelMint.Data;
using ModelMint.Data.Models;
using ModelMint.Domain.Models;
using ModelMint.ML.Evaluation;
using ModelMint.ML.Training;
using ModelMint.Server.Caching;

namespace ModelMint.Server.Models;

/// <summary>Where a version came from: enough to reproduce it, and what <c>auto</c> compared to choose it.</summary>
public sealed record Lineage(
    Guid TrainingJobId,
    Guid DatasetId,
    string DatasetDigest,
    Guid? TestDatasetId,
    string? TestDatasetDigest,
    double? TestFraction,
    string Trainer,
    IReadOnlyDictionary<string, string> Parameters,
    int Seed,
    int TrainRows,
    int TestRows,
    double TrainingSeconds,
    DateTimeOffset CreatedAt,
    IReadOnlyList<LeaderboardEntry> Leaderboard);

/// <summary>A version about to be published: its artifact file is already on disk.</summary>
public sealed record NewVersion(string ArtifactPath, IReadOnlyList<string> Labels, Lineage Lineage, ClassificationMetrics Metrics);

/// <summary>Versions and aliases of models. The one place that numbers versions and moves aliases.</summary>
public sealed class ModelRegistry(ModelMintDbContext db, TimeProvider time, HotPathCache cache, ICacheInvalidation invalidation)
{
    public const string DefaultAlias = "production";

    /// <summary>
    /// Adds the next version of a model (creating the model on first use) inside the caller's transaction; the first
    /// version of a model gets the <see cref="DefaultAlias"/>.
    /// </summary>
    public async Task<ModelVersion> AddVersionAsync(Guid accountId, string modelName, Guid versionId, NewVersion version, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var model = await db.Models.SingleOrDefaultAsync(m => m.AccountId == accountId && m.Name == modelName, cancellationToken);
        if (model is null)
        {
            model = new Model { Id = Guid.CreateVersion7(), AccountId = accountId, Name = modelName, CreatedAt = now };
            db.Models.Add(model);
        }

        var latest = await db.ModelVersions.Where(v => v.ModelId == model.Id).MaxAsync(v => (int?)v.Version, cancellationToken) ?? 0;
        var row = new ModelVersion
        {
            Id = versionId,
            ModelId = model.Id,
            Version = latest + 1,
            CreatedAt = now,
            TrainingJobId = version.Lineage.TrainingJobId,
            Trainer = version.Lineage.Trainer,
            Accuracy = version.Metrics.Accuracy,
            MacroF1 = version.Metrics.MacroF1,
            LabelsJson = JsonSerializer.Serialize(version.Labels),
            LineageJson = JsonSerializer.Serialize(version.Lineage, JsonSerializerOptions.Web),
            MetricsJson = JsonSerializer.Serialize(version.Metrics, JsonSerializerOptions.Web),
            ArtifactPath = version.ArtifactPath,
        };
        db.ModelVersions.Add(row);
        if (!await db.ModelAliases.AnyAsync(a => a.ModelId == model.Id && a.Alias == DefaultAlias, cancellationToken))
        {
            db.ModelAliases.Add(new ModelAlias { ModelId = model.Id, Alias = DefaultAlias, Version = row.Version, UpdatedAt = now });
        }

        await db.SaveChangesAsync(cancellationToken);
        // Inside a caller's transaction the caller invalidates again after its commit (TrainingRunner does).
        invalidation.ModelNameChanged(modelName);
        invalidation.ModelVersionsChanged(model.Id);
        return row;
    }

    public Task<Model?> FindModelAsync(Guid accountId, string name, CancellationToken cancellationToken) =>
        db.Models.AsNoTracking().SingleOrDefaultAsync(m => m.AccountId == accountId && m.Name == name, cancellationToken);

    public Task<List<Model>> ListModelsAsync(Guid accountId, CancellationToken cancellationToken) =>
        db.Models.AsNoTracking().Where(m => m.AccountId == accountId).OrderBy(m => m.Name).ToListAsync(cancellationToken);

    public Task<List<ModelVersion>> ListVersionsAsync(IReadOnlyCollection<Guid> modelIds, CancellationToken cancellationToken) =>
        db.ModelVersions.AsNoTracking().Where(v => modelIds.Contains(v.ModelId)).OrderBy(v => v.Version).ToListAsync(cancellationToken);

    public Task<List<ModelAlias>> ListAliasesAsync(IReadOnlyCollection<Guid> modelIds, CancellationToken cancellationToken) =>
        db.ModelAliases.AsNoTracking().Where(a => modelIds.Contains(a.ModelId)).OrderBy(a => a.Alias).ToListAsync(cancellationToken);

    public Task<ModelVersion?> FindVersionAsync(Guid modelId, int version, CancellationToken cancellationToken) =>
        db.ModelVersions.AsNoTracking().SingleOrDefaultAsync(v => v.ModelId == modelId && v.Version == version, cancellationToken);

    /// <summary>
    /// The version a selector names: a number, or an alias as it points now (cached; moving an alias or adding a
    /// version invalidates the model's entries).
    /// </summary>
    public async Task<ModelVersion?> ResolveAsync(Guid modelId, VersionSelector selector, CancellationToken cancellationToken)
    {
        var key = new VersionKey(modelId, selector.Number, selector.Number is null ? selector.Alias : null);
        if (cache.Versions.TryGet(key, out var cached))
        {
            return cached;
        }

        var generation = cache.Versions.Generation;
        var found = await LoadVersionAsync(modelId, selector, cancellationToken);
        if (found is not null)
        {
            cache.Versions.Set(key, found, generation);
        }

        return found;
    }

    private async Task<ModelVersion?> LoadVersionAsync(Guid modelId, VersionSelector selector, CancellationToken cancellationToken)
    {
        var number = selector.Number ?? await db.ModelAliases.AsNoTracking()
            .Where(a => a.ModelId == modelId && a.Alias == selector.Alias)
            .Select(a => (int?)a.Version)
            .SingleOrDefaultAsync(cancellationToken);
        return number is null ? null : await FindVersionAsync(modelId, number.Value, cancellationToken);
    }

    /// <summary>The model's canary and shadow routing, from the hot-path cache when it is there; <see cref="ModelRouting.None"/> without.</summary>
    public async Task<ModelRouting> RoutingAsync(Guid modelId, CancellationToken cancellationToken)
    {
        if (cache.Routes.TryGet(modelId, out var cached))
        {
            return cached;
        }

        var generation = cache.Routes.Generation;
        var row = await db.ModelRoutes.AsNoTracking().SingleOrDefaultAsync(r => r.ModelId == modelId, cancellationToken);
        var routing = row is null ? ModelRouting.None : new ModelRouting(Selector(row.CanaryVersion), row.CanaryPercent, Selector(row.ShadowVersion));
        cache.Routes.Set(modelId, routing, generation);
        return routing;

        static VersionSelector? Selector(string? stored) => stored is null ? null : VersionSelector.TryParse(stored, out var s, out _) ? s : null;
    }

    /// <summary>Replaces the model's routing (<see cref="ModelRouting.None"/> removes it) on every node.</summary>
    public async Task SetRoutingAsync(Guid modelId, ModelRouting routing, CancellationToken cancellationToken)
    {
        var row = await db.ModelRoutes.SingleOrDefaultAsync(r => r.ModelId == modelId, cancellationToken);
        if (routing.Canary is null && routing.Shadow is null)
        {
            if (row is not null)
            {
                db.ModelRoutes.Remove(row);
            }
        }
        else
        {
            if (row is null)
            {
                row = new ModelRoute { ModelId = modelId };
                db.ModelRoutes.Add(row);
            }

            row.CanaryVersion = routing.Canary?.ToString();
            row.CanaryPercent = routing.Canary is null ? 0 : routing.CanaryPercent;
            row.ShadowVersion = routing.Shadow?.ToString();
            row.UpdatedAt = time.GetUtcNow();
        }

        await db.SaveChangesAsync(cancellationToken);
        invalidation.ModelVersionsChanged(modelId);
    }

    /// <summary>Every comparison counted for the model: per served and shadow version, the texts per pair of top labels.</summary>
    public Task<List<ShadowComparison>> ShadowComparisonsAsync(Guid modelId, CancellationToken cancellationToken) =>
        db.ShadowComparisons.AsNoTracking().Where(c => c.ModelId == modelId).ToListAsync(cancellationToken);

    /// <summary>Points an alias at a version; returns the version it pointed at before, if any.</summary>
    public async Task<int?> MoveAliasAsync(Guid modelId, string alias, int version, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var existing = await db.ModelAliases.SingleOrDefaultAsync(a => a.ModelId == modelId && a.Alias == alias, cancellationToken);
        int? previous = existing?.Version;
        if (existing is null)
        {
            db.ModelAliases.Add(new ModelAlias { ModelId = modelId, Alias = alias, Version = version, UpdatedAt = now });
        }
        else
        {
            existing.Version = version;
            existing.UpdatedAt = now;
        }

        await db.SaveChangesAsync(cancellationToken);
        // Through ICacheInvalidation, so every node drops the old alias target, not only this one.
        invalidation.ModelVersionsChanged(modelId);
        return previous;
    }

    public static Lineage ReadLineage(ModelVersion v) => JsonSerializer.Deserialize<Lineage>(v.LineageJson, JsonSerializerOptions.Web)!;

    public static ClassificationMetrics ReadMetrics(string json) => JsonSerializer.Deserialize<ClassificationMetrics>(json, JsonSerializerOptions.Web)!;

    public static IReadOnlyList<string> ReadLabels(ModelVersion v) => JsonSerializer.Deserialize<string[]>(v.LabelsJson)!;
}
