using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using ModelMint.Data.Models;
using ModelMint.Domain.Models;
using ModelMint.Server.Accounts;
using ModelMint.Server.Audit;
using ModelMint.Server.Predictions;
using ModelMint.Server.Problems;

namespace ModelMint.Server.Models;

/// <summary><c>version</c>: a number or an alias; <c>percent</c>: the whole share (0–100) of unpinned calls it serves.</summary>
public sealed record CanaryRequest(JsonElement? Version, int? Percent);

public sealed record ShadowRequest(JsonElement? Version);

/// <summary>Either part may be left out (or null) to have none; both left out removes the routing.</summary>
public sealed record RoutingRequest(CanaryRequest? Canary, ShadowRequest? Shadow);

/// <summary>A routed version as configured (a number or an alias), the version it resolves to now, and the canary's percent.</summary>
public sealed record RouteTarget(string Version, int? ResolvesTo, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Percent = null);

public sealed record LabelPairResponse(string Served, string Shadow, long Texts);

/// <summary>What the shadow version said about the texts one version served: agreement on the top label, and where they differed.</summary>
public sealed record ShadowComparisonResponse(int ServedVersion, int ShadowVersion, long Texts, long Agreed, double Agreement, IReadOnlyList<LabelPairResponse> Disagreements);

public sealed record RoutingResponse(
    string Model, int? Production, RouteTarget? Canary, RouteTarget? Shadow, long ShadowSkippedOnThisNode, IReadOnlyList<ShadowComparisonResponse> Comparisons);

/// <summary>
/// Canary and shadow routing of a model's own versions (the owner only): <c>GET</c>, <c>PUT</c> and <c>DELETE
/// /v1/models/{name}/routing</c>. Predictions that name no version follow it (<see cref="ModelRouting"/>).
/// </summary>
public static class RoutingEndpoints
{
    /// <summary>Most disagreeing label pairs listed per comparison, the most frequent first.</summary>
    private const int MaxPairs = 20;

    public static RouteGroupBuilder MapRoutingEndpoints(this RouteGroupBuilder group)
    {
        group.MapGet("/{name}/routing", Get).WithSummary("The model's canary and shadow routing, and how the shadow version compares with what was served.");
        group.MapPut("/{name}/routing", Put).WithSummary("Send a share of unpinned predictions to a canary version, and/or have a shadow version classify them too.");
        group.MapDelete("/{name}/routing", Delete).WithSummary("Send every unpinned prediction to 'production' again (comparisons are kept).");
        return group;
    }

    public static async Task<Results<Ok<RoutingResponse>, ProblemHttpResult>> Get(
        string name, HttpContext context, ModelRegistry registry, ShadowRunner shadows, CancellationToken cancellationToken)
    {
        var model = await registry.FindModelAsync(context.User.AccountId(), name, cancellationToken);
        return model is null ? ModelEndpoints.ModelNotFound(name) : TypedResults.Ok(await DescribeAsync(model, registry, shadows, cancellationToken));
    }

    public static async Task<Results<Ok<RoutingResponse>, ProblemHttpResult>> Put(
        string name, RoutingRequest request, HttpContext context, ModelRegistry registry, ShadowRunner shadows, AuditLog audit, CancellationToken cancellationToken)
    {
        var model = await registry.FindModelAsync(context.User.AccountId(), name, cancellationToken);
        if (model is null)
        {
            return ModelEndpoints.ModelNotFound(name);
        }

        VersionSelector? canary = null;
        var percent = 0;
        if (request.Canary is { } canaryRequest)
        {
            if (canaryRequest.Percent is not (>= 0 and <= 100))
            {
                return ApiProblems.Validation("invalid-percent", "'canary.percent' must be a whole number from 0 to 100: the share of calls that name no version sent to the canary, e.g. {\"canary\": {\"version\": \"candidate\", \"percent\": 10}}.", "canary.percent");
            }

            percent = canaryRequest.Percent.Value;
            var (selector, error) = await ReadTargetAsync(model, canaryRequest.Version, "canary.version", registry, cancellationToken);
            if (error is not null)
            {
                return error;
            }

            canary = selector;
        }

        VersionSelector? shadow = null;
        if (request.Shadow is { } shadowRequest)
        {
            var (selector, error) = await ReadTargetAsync(model, shadowRequest.Version, "shadow.version", registry, cancellationToken);
            if (error is not null)
            {
                return error;
            }

            shadow = selector;
        }

        await registry.SetRoutingAsync(model.Id, new ModelRouting(canary, percent, shadow), cancellationToken);
        await audit.RecordAsync(context, AuditActions.RoutingSet, $"model:{model.Name}",
            new { canary = canary?.ToString(), percent = canary is null ? (int?)null : percent, shadow = shadow?.ToString() }, cancellationToken: cancellationToken);
        return TypedResults.Ok(await DescribeAsync(model, registry, shadows, cancellationToken));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> Delete(string name, HttpContext context, ModelRegistry registry, AuditLog audit, CancellationToken cancellationToken)
    {
        var model = await registry.FindModelAsync(context.User.AccountId(), name, cancellationToken);
        if (model is null)
        {
            return ModelEndpoints.ModelNotFound(name);
        }

        await registry.SetRoutingAsync(model.Id, ModelRouting.None, cancellationToken);
        await audit.RecordAsync(context, AuditActions.RoutingCleared, $"model:{model.Name}", cancellationToken: cancellationToken);
        return TypedResults.NoContent();
    }

    /// <summary>A routed version: required, a number or an alias, and it must resolve now (an alias may move later).</summary>
    private static async Task<(VersionSelector? Selector, ProblemHttpResult? Error)> ReadTargetAsync(
        Model model, JsonElement? version, string field, ModelRegistry registry, CancellationToken cancellationToken)
    {
        var text = PredictionEndpoints.VersionText(version);
        if (string.IsNullOrWhiteSpace(text))
        {
            return (null, ApiProblems.Validation("version-required", $"'{field}' is required: a version number such as 2, or an alias such as 'candidate'.", field));
        }

        if (!VersionSelector.TryParse(text, out var selector, out var error))
        {
            return (null, ApiProblems.Validation("invalid-version", error ?? "'version' must be a version number or an alias name.", field));
        }

        return await registry.ResolveAsync(model.Id, selector, cancellationToken) is null
            ? (null, ModelEndpoints.VersionNotFound(model.Name, selector.ToString()))
            : (selector, null);
    }

    private static async Task<RoutingResponse> DescribeAsync(Model model, ModelRegistry registry, ShadowRunner shadows, CancellationToken cancellationToken)
    {
        var routing = await registry.RoutingAsync(model.Id, cancellationToken);
        async Task<int?> ResolveAsync(VersionSelector selector) => (await registry.ResolveAsync(model.Id, selector, cancellationToken))?.Version;

        var canary = routing.Canary is { } c ? new RouteTarget(c.ToString(), await ResolveAsync(c), routing.CanaryPercent) : null;
        var shadow = routing.Shadow is { } s ? new RouteTarget(s.ToString(), await ResolveAsync(s)) : null;
        var comparisons = (await registry.ShadowComparisonsAsync(model.Id, cancellationToken))
            .GroupBy(r => (r.ServedVersion, r.ShadowVersion))
            .OrderBy(g => g.Key.ServedVersion).ThenBy(g => g.Key.ShadowVersion)
            .Select(g =>
            {
                var texts = g.Sum(r => r.Texts);
                var agreed = g.Where(r => r.ServedLabel == r.ShadowLabel).Sum(r => r.Texts);
                var disagreements = g.Where(r => r.ServedLabel != r.ShadowLabel)
                    .OrderByDescending(r => r.Texts).ThenBy(r => r.ServedLabel, StringComparer.Ordinal).ThenBy(r => r.ShadowLabel, StringComparer.Ordinal)
                    .Take(MaxPairs).Select(r => new LabelPairResponse(r.ServedLabel, r.ShadowLabel, r.Texts)).ToList();
                return new ShadowComparisonResponse(g.Key.ServedVersion, g.Key.ShadowVersion, texts, agreed, texts == 0 ? 0 : Math.Round((double)agreed / texts, 6), disagreements);
            })
            .ToList();
        return new RoutingResponse(model.Name, await ResolveAsync(VersionSelector.Default), canary, shadow, shadows.Skipped, comparisons);
    }
}
