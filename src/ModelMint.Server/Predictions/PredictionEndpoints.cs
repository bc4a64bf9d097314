using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using ModelMint.Domain.Models;
using ModelMint.ML.Scoring;
using ModelMint.Server.Accounts;
using ModelMint.Server.Hosting;
using ModelMint.Server.Marketplace;
using ModelMint.Server.Models;
using ModelMint.Server.Problems;
using ModelMint.Server.Usage;

namespace ModelMint.Server.Predictions;

/// <summary><c>text</c> for one prediction or <c>texts</c> for a batch; <c>version</c> is a number or an alias (default <c>production</c>).</summary>
public sealed record PredictRequest(string? Text, IReadOnlyList<string?>? Texts, JsonElement? Version) : IMeteredRequest
{
    /// <summary>One call per text, and the characters of all texts.</summary>
    public IReadOnlyDictionary<string, long> Measure()
    {
        var texts = Texts ?? (Text is null ? [] : [Text]);
        return new Dictionary<string, long>
        {
            [Meters.Calls] = texts.Count,
            [Meters.Characters] = texts.Sum(t => (long)(t?.Length ?? 0)),
        };
    }
}

/// <summary>
/// One text's answer: the most probable label and its probability, every label's probability, and — for multi-label
/// models, whose probabilities are independent — every label at or above the model's threshold.
/// </summary>
public sealed record Prediction(
    Guid Id, string Label, double Score, IReadOnlyDictionary<string, double> Scores,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Labels = null);

public sealed record PredictResponse(string Model, int Version, IReadOnlyList<Prediction> Predictions);

public static class PredictionEndpoints
{
    public static IEndpointRouteBuilder MapPredictionEndpoints(this IEndpointRouteBuilder app)
    {
        var maxBody = app.ServiceProvider.GetRequiredService<IOptions<PredictionOptions>>().Value.MaxBodyBytes;
        app.MapGroup("/v1/models").WithTags("Predictions").RequireAuthorization().RequireMetering()
            .MapPost("/{name}/predict", Predict)
            .WithMetadata(new RequestBodyLimit(maxBody))
            .WithSummary("Classify one text or a batch with a model version (default: the 'production' alias).");
        app.MapFeedbackEndpoints();
        app.MapBareEndpoint();
        return app;
    }

    public static async Task<Results<Ok<PredictResponse>, ProblemHttpResult>> Predict(
        string name, PredictRequest request, HttpContext context, ModelRegistry registry, ModelCache cache, ShadowRunner shadows,
        IOptions<PredictionOptions> options, CancellationToken cancellationToken)
    {
        var limits = options.Value;
        var (texts, textError) = ReadTexts(request, limits);
        if (textError is not null)
        {
            return textError;
        }

        var versionText = VersionText(request.Version);
        if (!VersionSelector.TryParse(versionText, out var selector, out var selectorError))
        {
            return ApiProblems.Validation("invalid-version", selectorError ?? "'version' must be a version number or an alias name.", "version");
        }

        // The metering filter has resolved the name for this caller: its own model or a published one.
        var model = context.Features.GetRequiredFeature<CallableModel>().Model;
        // A request that names no version follows the model's routing: its canary for a share of calls, else production.
        var pinned = !string.IsNullOrWhiteSpace(versionText);
        var routing = pinned ? ModelRouting.None : await registry.RoutingAsync(model.Id, cancellationToken);
        var route = Routes.Pinned;
        if (!pinned)
        {
            (selector, route) = routing.Choose(Random.Shared);
        }

        var version = await registry.ResolveAsync(model.Id, selector, cancellationToken);
        if (version is null && route == Routes.Canary)
        {
            // The canary names an alias that no longer resolves: production serves.
            (selector, route) = (VersionSelector.Default, Routes.Production);
            version = await registry.ResolveAsync(model.Id, selector, cancellationToken);
        }

        if (version is null)
        {
            return ModelEndpoints.VersionNotFound(name, selector.Number?.ToString() ?? selector.Alias!);
        }

        var predictions = Classify(cache.Get(version), texts!);
        context.Features.Set(new ServedModel(model.Id, model.Name, version.Version, model.AccountId, [.. predictions.Select(p => p.Id)]));
        context.Response.Headers[Routes.Header] = route;
        if (routing.Shadow is { } shadowSelector && await registry.ResolveAsync(model.Id, shadowSelector, cancellationToken) is { } shadow && shadow.Version != version.Version)
        {
            shadows.Enqueue(new ShadowWork(model.Id, version.Version, shadow, texts!, [.. predictions.Select(p => p.Label)]));
        }

        return TypedResults.Ok(new PredictResponse(model.Name, version.Version, predictions));
    }

    /// <summary>A request's <c>version</c> as text: a JSON number's digits or a string; null when absent; an invalid marker otherwise.</summary>
    internal static string? VersionText(JsonElement? version) => version switch
    {
        null => null,
        { ValueKind: JsonValueKind.Number or JsonValueKind.String } v => v.ToString(),
        { ValueKind: JsonValueKind.Null } => null,
        _ => "\u0000",
    };

    /// <summary>The model's answer for each text, in the response's shape (shared with the bench's bare endpoint).</summary>
    public static Prediction[] Classify(TextClassifier classifier, IReadOnlyList<string> texts)
    {
        var labels = classifier.Labels;
        var predictions = new Prediction[texts.Count];
        for (var i = 0; i < predictions.Length; i++)
        {
            var probabilities = classifier.Predict(texts[i]);
            var best = 0;
            var scores = new double[labels.Count];
            for (var c = 0; c < labels.Count; c++)
            {
                scores[c] = Math.Round(probabilities[c], 6);
                if (probabilities[c] > probabilities[best])
                {
                    best = c;
                }
            }

            var chosen = classifier.IsMultiLabel
                ? Enumerable.Range(0, labels.Count).Where(c => probabilities[c] >= classifier.Threshold).Select(c => labels[c]).ToList()
                : null;
            predictions[i] = new Prediction(Guid.CreateVersion7(), labels[best], Math.Round(probabilities[best], 6), new LabelScoreDictionary(labels, scores), chosen);
        }

        return predictions;
    }

    internal static (IReadOnlyList<string>? Texts, ProblemHttpResult? Error) ReadTexts(PredictRequest request, PredictionOptions limits)
    {
        if (request.Text is not null && request.Texts is not null)
        {
            return (null, ApiProblems.Validation("conflicting-text-fields", "Send either 'text' (one text) or 'texts' (a list), not both.", "text"));
        }

        var texts = request.Texts ?? (request.Text is null ? [] : [request.Text]);
        if (texts.Count == 0)
        {
            return (null, ApiProblems.Validation("text-required", "Send the text to classify: {\"text\": \"...\"} or {\"texts\": [\"...\", \"...\"]}.", "text"));
        }

        if (texts.Count > limits.MaxTextsPerCall)
        {
            return (null, ApiProblems.Validation("too-many-texts", $"{texts.Count} texts were sent; at most {limits.MaxTextsPerCall} are accepted per call. Split the batch.", "texts"));
        }

        for (var i = 0; i < texts.Count; i++)
        {
            var field = request.Texts is null ? "text" : $"texts[{i}]";
            if (string.IsNullOrWhiteSpace(texts[i]))
            {
                return (null, ApiProblems.Validation("empty-text", $"{field} is empty. Every text must contain something to classify.", field));
            }

            if (texts[i]!.Length > limits.MaxTextLength)
            {
                return (null, ApiProblems.Validation("text-too-long", $"{field} has {texts[i]!.Length} characters; at most {limits.MaxTextLength} are accepted.", field));
            }
        }

        return ((IReadOnlyList<string>)texts, null);
    }
}
