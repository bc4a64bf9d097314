using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using ModelMint.Data;
using ModelMint.Server.Accounts;
using ModelMint.Server.Audit;
using ModelMint.Server.Hosting;
using ModelMint.Server.Problems;

namespace ModelMint.Server.Billing;

public sealed record SubscribeRequest(Guid? PlanId);

/// <summary>Subscription plans: the operator's catalog of plans, the public list, and an organisation's own plan.</summary>
public static class PlanEndpoints
{
    public static IEndpointRouteBuilder MapPlanEndpoints(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/v1/admin/plans").WithTags("Administration").RequireAuthorization().RequireOperator();
        admin.MapPost("/", Create).WithSummary("Create a subscription plan: monthly fee, included units and overage per meter, per-minute limits and monthly quotas. Plans are immutable.");
        admin.MapGet("/", ListAll).WithSummary("Every plan, archived ones included.");
        admin.MapPost("/{id:guid}/archive", Archive).WithSummary("Stop new subscriptions to a plan; current subscribers keep it.");

        var plans = app.MapGroup("/v1/plans").WithTags("Billing").RequireAuthorization();
        plans.MapGet("/", List).WithSummary("The plans on offer.");
        plans.MapGet("/{id:guid}", Get).WithSummary("One plan.");

        var own = app.MapGroup("/v1/billing/plan").WithTags("Billing").RequireAuthorization();
        own.MapGet("/", Current).WithSummary("This organisation's plan and its quota use this UTC month.");
        own.MapPut("/", Subscribe).WithSummary("Subscribe to a plan, or change plan (the month's fee is prorated on the invoice).");
        own.MapDelete("/", Cancel).WithSummary("Cancel this organisation's plan now (the unused part of the month's fee is credited).");
        return app;
    }

    public static async Task<Results<Created<PlanResponse>, ProblemHttpResult>> Create(
        CreatePlanRequest request, HttpContext context, PlanService plans, AuditLog audit, CancellationToken cancellationToken)
    {
        var (plan, error) = await plans.CreateAsync(request, cancellationToken);
        if (plan is null)
        {
            return Problem(error!);
        }

        await audit.RecordAsync(context, AuditActions.PlanCreated, PlanTarget(plan.Id),
            new { name = plan.Name, currency = plan.Currency, monthlyFee = plan.MonthlyFee }, cancellationToken: cancellationToken);
        return TypedResults.Created($"/v1/plans/{plan.Id}", plan);
    }

    public static async Task<Ok<ItemList<PlanResponse>>> ListAll(PlanService plans, CancellationToken cancellationToken) =>
        TypedResults.Ok(new ItemList<PlanResponse>(await plans.ListAsync(includeArchived: true, cancellationToken)));

    public static async Task<Results<Ok<PlanResponse>, ProblemHttpResult>> Archive(
        Guid id, HttpContext context, PlanService plans, AuditLog audit, CancellationToken cancellationToken)
    {
        var before = await plans.FindAsync(id, cancellationToken);
        if (before is null || await plans.ArchiveAsync(id, cancellationToken) is not { } plan)
        {
            return Problem(PlanService.PlanNotFound(id));
        }

        if (before.ArchivedAt is null)
        {
            // Archiving an archived plan changes nothing, so only the first archive is an event.
            await audit.RecordAsync(context, AuditActions.PlanArchived, PlanTarget(plan.Id), new { name = plan.Name }, cancellationToken: cancellationToken);
        }

        return TypedResults.Ok(plan);
    }

    public static async Task<Ok<ItemList<PlanResponse>>> List(PlanService plans, CancellationToken cancellationToken) =>
        TypedResults.Ok(new ItemList<PlanResponse>(await plans.ListAsync(includeArchived: false, cancellationToken)));

    public static async Task<Results<Ok<PlanResponse>, ProblemHttpResult>> Get(Guid id, PlanService plans, CancellationToken cancellationToken) =>
        await plans.FindAsync(id, cancellationToken) is { } plan ? TypedResults.Ok(plan) : Problem(PlanService.PlanNotFound(id));

    public static async Task<Results<Ok<SubscriptionResponse>, ProblemHttpResult>> Current(HttpContext context, PlanService plans, CancellationToken cancellationToken) =>
        await plans.CurrentAsync(context.User.AccountId(), cancellationToken) is { } current
            ? TypedResults.Ok(current)
            : ApiProblems.NotFound("plan-not-subscribed", "This organisation has no plan. List the plans with GET /v1/plans and subscribe with PUT /v1/billing/plan {\"planId\": ...}.");

    public static async Task<Results<Ok<SubscriptionResponse>, ProblemHttpResult>> Subscribe(
        SubscribeRequest request, HttpContext context, PlanService plans, ModelMintDbContext db, AuditLog audit, CancellationToken cancellationToken)
    {
        if (request.PlanId is not { } planId)
        {
            return ApiProblems.Validation("plan-id-required", "Give the plan to subscribe to: {\"planId\": \"...\"} (from GET /v1/plans).", "planId");
        }

        var accountId = context.User.AccountId();
        var previous = await CurrentPlanAsync(db, accountId, cancellationToken);
        var (subscription, error) = await plans.SubscribeAsync(accountId, planId, cancellationToken);
        if (subscription is null)
        {
            return Problem(error!);
        }

        if (previous?.Id != planId)
        {
            // Choosing the current plan again changes nothing, so it is not an event.
            await audit.RecordAsync(context, AuditActions.PlanSubscribed, PlanTarget(planId),
                new { planId, planName = subscription.Plan.Name, previousPlanId = previous?.Id, previousPlanName = previous?.Name }, cancellationToken: cancellationToken);
        }

        return TypedResults.Ok(subscription);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> Cancel(
        HttpContext context, PlanService plans, ModelMintDbContext db, AuditLog audit, CancellationToken cancellationToken)
    {
        var accountId = context.User.AccountId();
        var previous = await CurrentPlanAsync(db, accountId, cancellationToken);
        if (!await plans.CancelAsync(accountId, cancellationToken))
        {
            return ApiProblems.NotFound("plan-not-subscribed", "This organisation has no plan to cancel.");
        }

        await audit.RecordAsync(context, AuditActions.PlanCancelled, previous is null ? $"account:{accountId}" : PlanTarget(previous.Id),
            previous is null ? null : new { planId = previous.Id, planName = previous.Name }, cancellationToken: cancellationToken);
        return TypedResults.NoContent();
    }

    private sealed record PlanRef(Guid Id, string Name);

    /// <summary>The organisation's plan before a change, for the audit event (read outside the change itself).</summary>
    private static Task<PlanRef?> CurrentPlanAsync(ModelMintDbContext db, Guid accountId, CancellationToken cancellationToken) =>
        db.PlanSubscriptions.AsNoTracking()
            .Where(s => s.AccountId == accountId && s.EndedAt == null)
            .Join(db.Plans, s => s.PlanId, p => p.Id, (s, p) => new PlanRef(p.Id, p.Name))
            .SingleOrDefaultAsync(cancellationToken);

    private static string PlanTarget(Guid planId) => $"plan:{planId}";

    private static ProblemHttpResult Problem(PlanError error) => error.Status == StatusCodes.Status400BadRequest
        ? ApiProblems.Validation(error.Code, error.Detail, error.Field)
        : ApiProblems.Create(error.Status, error.Code, error.Status switch
        {
            StatusCodes.Status404NotFound => "Not found.",
            StatusCodes.Status409Conflict => "Conflict.",
            _ => "The request cannot be processed.",
        }, error.Detail);
}
