using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ModelMint.Data;
using ModelMint.Domain.Models;
using ModelMint.Server.Models;

namespace ModelMint.Server.Predictions;

/// <summary>Section <c>Bench</c>: benchmark aids, all off by default.</summary>
public sealed class BenchOptions
{
    public const string Section = "Bench";

    /// <summary>
    /// Maps <c>POST /bench/bare/{name}/predict</c>: the same model and response as the metered route, without a key,
    /// limits, metering or billing, so bench/serving can measure what the platform around the model costs. Never
    /// enable it on a server others can reach: it answers anyone, for free.
    /// </summary>
    public bool BareEndpoint { get; set; }
}

/// <summary>
/// The benchmark's reference point (issue 5: metered throughput ≥ 85 % of a bare endpoint in the same process). It
/// resolves <c>{name}</c>'s <c>production</c> version once (the first model of that name in any organisation) and then
/// only parses the body, runs the model through the loaded-model cache and writes the same JSON as the metered route.
/// </summary>
public static class BareEndpoint
{
    private static readonly ConcurrentDictionary<string, Data.Models.ModelVersion> Resolved = new(StringComparer.Ordinal);

    public static IEndpointRouteBuilder MapBareEndpoint(this IEndpointRouteBuilder app)
    {
        if (app.ServiceProvider.GetRequiredService<IOptions<BenchOptions>>().Value.BareEndpoint)
        {
            app.MapPost("/bench/bare/{name}/predict", Predict).AllowAnonymous().ExcludeFromDescription();
        }

        return app;
    }

    public static async Task<Results<Ok<PredictResponse>, ProblemHttpResult, NotFound>> Predict(
        string name, PredictRequest request, IServiceProvider services, ModelCache cache, IOptions<PredictionOptions> options, CancellationToken cancellationToken)
    {
        var (texts, textError) = PredictionEndpoints.ReadTexts(request, options.Value);
        if (textError is not null)
        {
            return textError;
        }

        if (!Resolved.TryGetValue(name, out var version))
        {
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ModelMintDbContext>();
            var modelId = await db.Models.AsNoTracking().Where(m => m.Name == name).OrderBy(m => m.Id).Select(m => (Guid?)m.Id).FirstOrDefaultAsync(cancellationToken);
            var found = modelId is null ? null
                : await scope.ServiceProvider.GetRequiredService<ModelRegistry>().ResolveAsync(modelId.Value, VersionSelector.Default, cancellationToken);
            if (found is null)
            {
                return TypedResults.NotFound();
            }

            version = Resolved.GetOrAdd(name, found);
        }

        return TypedResults.Ok(new PredictResponse(name, version.Version, PredictionEndpoints.Classify(cache.Get(version), texts!)));
    }
}
