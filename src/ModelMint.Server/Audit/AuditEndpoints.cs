using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using ModelMint.Data;
using ModelMint.Data.Audit;
using ModelMint.Server.Accounts;
using ModelMint.Server.Problems;

namespace ModelMint.Server.Audit;

public sealed record AuditActor(Guid? AccountId, Guid? UserId, Guid? KeyId, string? Address);

public sealed record AuditEventResponse(Guid Id, DateTimeOffset OccurredAt, string Action, string Target, Guid? AccountId, AuditActor Actor, JsonElement? Details)
{
    public static AuditEventResponse From(AuditEvent e) => new(e.Id, e.OccurredAt, e.Action, e.Target, e.AccountId,
        new AuditActor(e.ActorAccountId, e.ActorUserId, e.ActorKeyId, e.ActorAddress),
        e.DetailsJson is null ? null : JsonSerializer.Deserialize<JsonElement>(e.DetailsJson));
}

/// <summary>A page of events, newest first; <c>next</c> is the <c>before</c> of the following page (null on the last).</summary>
public sealed record AuditPage(IReadOnlyList<AuditEventResponse> Items, Guid? Next);

/// <summary>
/// <c>GET /v1/audit</c>: the caller's organisation's log (changes to it, and changes it made elsewhere); <c>GET
/// /v1/admin/audit</c>: every organisation's, for the operator, including failed sign-ins of unknown users.
/// </summary>
public static class AuditEndpoints
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 500;

    public static IEndpointRouteBuilder MapAuditEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/audit", Own).WithTags("Audit").RequireAuthorization()
            .WithSummary("This organisation's audit log, newest first: who changed what, when and from where.");
        app.MapGet("/v1/admin/audit", All).WithTags("Administration").RequireAuthorization().RequireOperator()
            .WithSummary("Every organisation's audit log, newest first (operator only); filter with accountId.");
        return app;
    }

    public static Task<Results<Ok<AuditPage>, ProblemHttpResult>> Own(
        HttpContext context, ModelMintDbContext db, string? action = null, Guid? before = null, int? limit = null, CancellationToken cancellationToken = default)
    {
        var accountId = context.User.AccountId();
        return PageAsync(db.AuditEvents.Where(e => e.AccountId == accountId || e.ActorAccountId == accountId), action, before, limit, cancellationToken);
    }

    public static Task<Results<Ok<AuditPage>, ProblemHttpResult>> All(
        ModelMintDbContext db, Guid? accountId = null, string? action = null, Guid? before = null, int? limit = null, CancellationToken cancellationToken = default) =>
        PageAsync(accountId is { } id ? db.AuditEvents.Where(e => e.AccountId == id || e.ActorAccountId == id) : db.AuditEvents, action, before, limit, cancellationToken);

    private static async Task<Results<Ok<AuditPage>, ProblemHttpResult>> PageAsync(
        IQueryable<AuditEvent> events, string? action, Guid? before, int? limit, CancellationToken cancellationToken)
    {
        if (limit is < 1 or > MaxLimit)
        {
            return ApiProblems.Validation("invalid-limit", $"'limit' is the page size: 1 to {MaxLimit} (default {DefaultLimit}).", "limit");
        }

        if (action is not null)
        {
            events = events.Where(e => e.Action == action);
        }

        if (before is { } cursor)
        {
            // Ids are version-7 GUIDs: ordered by time of creation.
            events = events.Where(e => e.Id.CompareTo(cursor) < 0);
        }

        var size = limit ?? DefaultLimit;
        var rows = await events.AsNoTracking().OrderByDescending(e => e.Id).Take(size + 1).ToListAsync(cancellationToken);
        var page = rows.Take(size).Select(AuditEventResponse.From).ToList();
        return TypedResults.Ok(new AuditPage(page, rows.Count > size ? page[^1].Id : null));
    }
}
