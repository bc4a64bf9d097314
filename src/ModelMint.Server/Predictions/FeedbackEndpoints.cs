using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using ModelMint.Data;
using ModelMint.Data.Billing;
using ModelMint.Server.Accounts;
using ModelMint.Server.Billing;
using ModelMint.Server.Models;
using ModelMint.Server.Problems;
using ModelMint.Server.Usage;

namespace ModelMint.Server.Predictions;

/// <summary><c>accepted</c>: whether the prediction was right; <c>correctLabel</c>: the right label when it was not.</summary>
public sealed record FeedbackRequest(bool? Accepted, string? CorrectLabel);

/// <summary>An outcome-priced prediction: what it costs, until when feedback counts, and what was decided.</summary>
public sealed record PredictionOutcomeResponse(
    Guid Id, string Model, int Version, string State, string Amount, string Currency, DateTimeOffset CreatedAt, DateTimeOffset Deadline,
    string Unresolved, bool? Accepted, string? CorrectLabel, DateTimeOffset? FeedbackAt, DateTimeOffset? ResolvedAt)
{
    public static PredictionOutcomeResponse From(OutcomeCharge c) => new(
        c.PredictionId, c.ModelName, c.ModelVersion, c.State, StoredMoney.FormatMicros(c.AmountMicros), c.Currency, c.CreatedAt, c.Deadline,
        c.Unresolved, c.Accepted, c.CorrectLabel, c.FeedbackAt, c.ResolvedAt);
}

/// <summary>Feedback on outcome-priced predictions, by the organisation that made the call only.</summary>
public static class FeedbackEndpoints
{
    public static IEndpointRouteBuilder MapFeedbackEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/predictions").WithTags("Predictions").RequireAuthorization();
        group.MapPost("/{id:guid}/feedback", Feedback)
            .WithSummary("Accept or reject an outcome-priced prediction within its feedback window; accepted ones are charged.");
        group.MapGet("/{id:guid}", Get).WithSummary("One of your outcome-priced predictions: its state, deadline, amount and feedback.");
        return app;
    }

    public static async Task<Results<Ok<PredictionOutcomeResponse>, ProblemHttpResult>> Feedback(
        Guid id, FeedbackRequest request, HttpContext context, ModelMintDbContext db, OutcomeService outcomes, CancellationToken cancellationToken)
    {
        var charge = await FindAsync(db, context.User.AccountId(), id, cancellationToken);
        if (charge is null)
        {
            return NotFound(id);
        }

        if (request.Accepted is not { } accepted)
        {
            return ApiProblems.Validation("accepted-required", "Send {\"accepted\": true} or {\"accepted\": false, \"correctLabel\": \"...\"}.", "accepted");
        }

        var correctLabel = string.IsNullOrEmpty(request.CorrectLabel) ? null : request.CorrectLabel;
        if (correctLabel is not null)
        {
            var version = await db.ModelVersions.AsNoTracking().SingleAsync(v => v.ModelId == charge.ModelId && v.Version == charge.ModelVersion, cancellationToken);
            var labels = ModelRegistry.ReadLabels(version);
            if (!labels.Contains(correctLabel, StringComparer.Ordinal))
            {
                return ApiProblems.Validation("invalid-correct-label",
                    $"'{correctLabel}' is not a label of {charge.ModelName} version {charge.ModelVersion}; it knows {string.Join(", ", labels.Select(l => $"'{l}'"))}.", "correctLabel");
            }
        }

        switch (await outcomes.GiveFeedbackAsync(charge, accepted, correctLabel, cancellationToken))
        {
            case FeedbackRefusal.AlreadyGiven:
                return ApiProblems.Conflict("feedback-already-given", $"Feedback on prediction {id} was already given; it counts once.");
            case FeedbackRefusal.WindowClosed:
                return ApiProblems.Conflict("feedback-window-closed",
                    $"The feedback window of prediction {id} closed at {charge.Deadline:O}; it was settled by the listing's policy ('{charge.Unresolved}').");
            default:
                return TypedResults.Ok(PredictionOutcomeResponse.From((await FindAsync(db, charge.PayerAccountId, id, cancellationToken))!));
        }
    }

    public static async Task<Results<Ok<PredictionOutcomeResponse>, ProblemHttpResult>> Get(Guid id, HttpContext context, ModelMintDbContext db, CancellationToken cancellationToken) =>
        await FindAsync(db, context.User.AccountId(), id, cancellationToken) is { } charge ? TypedResults.Ok(PredictionOutcomeResponse.From(charge)) : NotFound(id);

    private static Task<OutcomeCharge?> FindAsync(ModelMintDbContext db, Guid accountId, Guid id, CancellationToken cancellationToken) =>
        db.OutcomeCharges.AsNoTracking().SingleOrDefaultAsync(c => c.PredictionId == id && c.PayerAccountId == accountId, cancellationToken);

    // Another organisation's prediction, and a prediction not priced by outcome, are answered alike.
    private static ProblemHttpResult NotFound(Guid id) =>
        ApiProblems.NotFound("prediction-not-found", $"No outcome-priced prediction {id} was made by this organisation.");
}
