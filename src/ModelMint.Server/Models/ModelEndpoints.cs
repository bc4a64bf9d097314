using Microsoft.AspNetCore.Http.HttpResults;
using ModelMint.Data.Models;
using ModelMint.Domain.Models;
using ModelMint.ML.Evaluation;
using ModelMint.Server.Accounts;
using ModelMint.Server.Audit;
using ModelMint.Server.Hosting;
using ModelMint.Server.Problems;

namespace ModelMint.Server.Models;

public sealed record ModelSummaryResponse(string Name, DateTimeOffset CreatedAt, int LatestVersion, IReadOnlyDictionary<string, int> Aliases);

public sealed record VersionSummaryResponse(int Version, DateTimeOffset CreatedAt, string Trainer, double Accuracy, double MacroF1);

public sealed record ModelDetailResponse(string Name, DateTimeOffset CreatedAt, IReadOnlyDictionary<string, int> Aliases, IReadOnlyList<VersionSummaryResponse> Versions);

public sealed record ModelVersionResponse(
    string Model, int Version, DateTimeOffset CreatedAt, IReadOnlyList<string> Labels, IReadOnlyList<string> Aliases, Lineage Lineage, ClassificationMetrics Metrics);

public sealed record MoveAliasRequest(int? Version);

public sealed record AliasResponse(string Model, string Alias, int Version, int? PreviousVersion);

public static class ModelEndpoints
{
    public static IEndpointRouteBuilder MapModelEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/models").WithTags("Models").RequireAuthorization();
        group.MapGet("/", List).WithSummary("This account's models with their latest version and aliases.");
        group.MapGet("/{name}", Get).WithSummary("A model: its versions and where its aliases point.");
        group.MapGet("/{name}/versions/{version:int}", GetVersion).WithSummary("One version: labels, lineage and evaluation on the held-out split.");
        group.MapPut("/{name}/aliases/{alias}", MoveAlias).WithSummary("Point an alias at a version (promote, or roll back by moving it back).");
        group.MapRoutingEndpoints();
        return app;
    }

    public static async Task<Ok<ItemList<ModelSummaryResponse>>> List(HttpContext context, ModelRegistry registry, CancellationToken cancellationToken)
    {
        var models = await registry.ListModelsAsync(context.User.AccountId(), cancellationToken);
        var ids = models.Select(m => m.Id).ToList();
        var versions = (await registry.ListVersionsAsync(ids, cancellationToken)).ToLookup(v => v.ModelId);
        var aliases = (await registry.ListAliasesAsync(ids, cancellationToken)).ToLookup(a => a.ModelId);
        var items = models.Select(m => new ModelSummaryResponse(
            m.Name, m.CreatedAt, versions[m.Id].Max(v => (int?)v.Version) ?? 0, AliasMap(aliases[m.Id]))).ToList();
        return TypedResults.Ok(new ItemList<ModelSummaryResponse>(items));
    }

    public static async Task<Results<Ok<ModelDetailResponse>, ProblemHttpResult>> Get(string name, HttpContext context, ModelRegistry registry, CancellationToken cancellationToken)
    {
        var model = await registry.FindModelAsync(context.User.AccountId(), name, cancellationToken);
        if (model is null)
        {
            return ModelNotFound(name);
        }

        var versions = await registry.ListVersionsAsync([model.Id], cancellationToken);
        var aliases = await registry.ListAliasesAsync([model.Id], cancellationToken);
        return TypedResults.Ok(new ModelDetailResponse(model.Name, model.CreatedAt, AliasMap(aliases),
            versions.Select(v => new VersionSummaryResponse(v.Version, v.CreatedAt, v.Trainer, v.Accuracy, v.MacroF1)).ToList()));
    }

    public static async Task<Results<Ok<ModelVersionResponse>, ProblemHttpResult>> GetVersion(
        string name, int version, HttpContext context, ModelRegistry registry, CancellationToken cancellationToken)
    {
        var model = await registry.FindModelAsync(context.User.AccountId(), name, cancellationToken);
        if (model is null)
        {
            return ModelNotFound(name);
        }

        var row = await registry.FindVersionAsync(model.Id, version, cancellationToken);
        if (row is null)
        {
            return VersionNotFound(name, version.ToString());
        }

        var aliases = await registry.ListAliasesAsync([model.Id], cancellationToken);
        return TypedResults.Ok(new ModelVersionResponse(model.Name, row.Version, row.CreatedAt, ModelRegistry.ReadLabels(row),
            aliases.Where(a => a.Version == row.Version).Select(a => a.Alias).ToList(), ModelRegistry.ReadLineage(row), ModelRegistry.ReadMetrics(row.MetricsJson)));
    }

    public static async Task<Results<Ok<AliasResponse>, ProblemHttpResult>> MoveAlias(
        string name, string alias, MoveAliasRequest request, HttpContext context, ModelRegistry registry, AuditLog audit, CancellationToken cancellationToken)
    {
        if (!VersionSelector.IsValidAlias(alias))
        {
            return ApiProblems.Validation("invalid-alias", $"'{alias}' is not a valid alias: use lowercase letters, digits and '-', 2 to 63 characters, starting with a letter or digit, and not only digits (numbers name versions).", "alias");
        }

        if (request.Version is not { } version || version < 1)
        {
            return ApiProblems.Validation("version-required", "Give the version number to point the alias at, e.g. {\"version\": 2}.", "version");
        }

        var model = await registry.FindModelAsync(context.User.AccountId(), name, cancellationToken);
        if (model is null)
        {
            return ModelNotFound(name);
        }

        if (await registry.FindVersionAsync(model.Id, version, cancellationToken) is null)
        {
            return VersionNotFound(name, version.ToString());
        }

        var previous = await registry.MoveAliasAsync(model.Id, alias, version, cancellationToken);
        await audit.RecordAsync(context, AuditActions.AliasMoved, $"model:{model.Name}", new { alias, version, previousVersion = previous }, cancellationToken: cancellationToken);
        return TypedResults.Ok(new AliasResponse(model.Name, alias, version, previous));
    }

    internal static ProblemHttpResult ModelNotFound(string name) =>
        ApiProblems.NotFound("model-not-found", $"No model named '{name}' in this account. List yours with GET /v1/models.");

    internal static ProblemHttpResult VersionNotFound(string name, string version) =>
        ApiProblems.NotFound("version-not-found", $"Model '{name}' has no version or alias '{version}'. See its versions and aliases with GET /v1/models/{name}.");

    private static SortedDictionary<string, int> AliasMap(IEnumerable<ModelAlias> aliases) =>
        new(aliases.ToDictionary(a => a.Alias, a => a.Version), StringComparer.Ordinal);
}
