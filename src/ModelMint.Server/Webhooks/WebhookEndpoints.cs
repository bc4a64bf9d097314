using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ModelMint.Data;
using ModelMint.Data.Webhooks;
using ModelMint.Server.Accounts;
using ModelMint.Server.Audit;
using ModelMint.Server.Hosting;
using ModelMint.Server.Problems;

namespace ModelMint.Server.Webhooks;

/// <summary>Where to send events (an absolute http or https URL) and which event types to send there.</summary>
public sealed record CreateWebhookRequest(string? Url, IReadOnlyList<string>? Events);

/// <summary>The only response that ever carries the signing secret.</summary>
public sealed record CreatedWebhookResponse(Guid Id, string Url, IReadOnlyList<string> Events, bool Enabled, DateTimeOffset CreatedAt, string Secret);

public sealed record WebhookResponse(Guid Id, string Url, IReadOnlyList<string> Events, bool Enabled, DateTimeOffset CreatedAt)
{
    public static WebhookResponse From(WebhookEndpoint e) => new(e.Id, e.Url, WebhookEndpointEvents.Read(e.EventsJson), e.Enabled, e.CreatedAt);
}

/// <summary>One event for one endpoint; <c>NextAttemptAt</c> only while it is pending.</summary>
public sealed record WebhookDeliveryResponse(
    Guid Id, string EventType, string EventKey, string Status, int Attempts, DateTimeOffset? NextAttemptAt,
    int? LastStatusCode, string? LastError, DateTimeOffset CreatedAt, DateTimeOffset? DeliveredAt)
{
    public static WebhookDeliveryResponse From(WebhookDelivery d) => new(d.Id, d.EventType, d.EventKey, d.Status, d.Attempts,
        d.Status == WebhookDeliveryStatus.Pending ? d.NextAttemptAt : null, d.LastStatusCode, d.LastError, d.CreatedAt, d.DeliveredAt);
}

public static class WebhookEndpoints
{
    public const int MaxUrlLength = 2000;
    public const int DeliveriesListed = 100;

    public static IEndpointRouteBuilder MapWebhookEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/webhooks").WithTags("Webhooks").RequireAuthorization();
        group.MapPost("/", Create).WithSummary("Register an endpoint for events. The signing secret is in this response only.");
        group.MapGet("/", List).WithSummary("This organisation's webhook endpoints (without secrets).");
        group.MapGet("/{id:guid}", Get).WithSummary("One webhook endpoint (without its secret).");
        group.MapDelete("/{id:guid}", Delete).WithSummary("Remove an endpoint; its pending deliveries are dropped.");
        group.MapGet("/{id:guid}/deliveries", Deliveries).WithSummary($"The endpoint's most recent {DeliveriesListed} deliveries, newest first, with attempts and the last result.");
        return app;
    }

    public static async Task<Results<Created<CreatedWebhookResponse>, ProblemHttpResult>> Create(
        CreateWebhookRequest? request, HttpContext context, ModelMintDbContext db, WebhookSecrets secrets, TimeProvider time,
        IOptions<WebhookOptions> options, AuditLog audit, CancellationToken cancellationToken)
    {
        var url = request?.Url?.Trim();
        if (string.IsNullOrEmpty(url) || url.Length > MaxUrlLength || !Uri.TryCreate(url, UriKind.Absolute, out var uri)
            || uri.Scheme is not ("http" or "https") || string.IsNullOrEmpty(uri.Host))
        {
            return ApiProblems.Validation("invalid-webhook-url",
                $"'url' must be an absolute http:// or https:// URL of at most {MaxUrlLength} characters, e.g. https://example.com/hooks/modelmint.", "url");
        }

        if (uri.UserInfo.Length > 0)
        {
            return ApiProblems.Validation("invalid-webhook-url",
                "Leave credentials out of the URL: they would be stored and listed in clear. Check the ModelMint-Signature header of each delivery instead.", "url");
        }

        if (!options.Value.AllowPrivateNetworks && WebhookTargets.NonPublicReason(uri) is { } reason)
        {
            return ApiProblems.Validation("webhook-url-not-public",
                $"Webhooks go only to public addresses, and {reason}. Use the receiver's public name or address; an operator whose receivers run on this machine or network can set Webhooks:AllowPrivateNetworks.", "url");
        }

        if (request!.Events is not { Count: > 0 } events)
        {
            return ApiProblems.Validation("events-required",
                $"'events' lists the event types to send to this endpoint, one or more of: {string.Join(", ", WebhookEvents.All)}.", "events");
        }

        var unknown = events.FirstOrDefault(e => !WebhookEvents.IsKnown(e));
        if (events.Any(e => e is null) || unknown is not null)
        {
            return ApiProblems.Validation("unknown-event-type",
                $"'{unknown}' is not an event type. Subscribe to one or more of: {string.Join(", ", WebhookEvents.All)}.", "events");
        }

        var accountId = context.User.AccountId();
        var secret = WebhookSecrets.Generate();
        var endpoint = new WebhookEndpoint
        {
            Id = Guid.CreateVersion7(),
            AccountId = accountId,
            Url = url,
            ProtectedSecret = secrets.Protect(secret),
            EventsJson = WebhookEndpointEvents.Write(events),
            Enabled = true,
            CreatedAt = time.GetUtcNow(),
        };
        // Insert, then count inside the same transaction: the write lock makes the count exact under concurrent creates.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.WebhookEndpoints.Add(endpoint);
        await db.SaveChangesAsync(cancellationToken);
        var max = options.Value.MaxEndpointsPerAccount;
        if (await db.WebhookEndpoints.CountAsync(e => e.AccountId == accountId, cancellationToken) > max)
        {
            await transaction.RollbackAsync(cancellationToken);
            return ApiProblems.Conflict("webhook-limit-reached",
                $"An organisation can have at most {max} webhook endpoints. Delete one you no longer use (DELETE /v1/webhooks/{{id}}), or subscribe an existing endpoint to more events.");
        }

        var created = WebhookResponse.From(endpoint);
        await audit.RecordAsync(context, AuditActions.WebhookCreated, $"webhook:{endpoint.Id}", new { url = created.Url, events = created.Events }, cancellationToken: cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Created($"/v1/webhooks/{endpoint.Id}",
            new CreatedWebhookResponse(created.Id, created.Url, created.Events, created.Enabled, created.CreatedAt, secret));
    }

    public static async Task<Ok<ItemList<WebhookResponse>>> List(HttpContext context, ModelMintDbContext db, CancellationToken cancellationToken)
    {
        var accountId = context.User.AccountId();
        var endpoints = await db.WebhookEndpoints.AsNoTracking().Where(e => e.AccountId == accountId).OrderBy(e => e.Id).ToListAsync(cancellationToken);
        return TypedResults.Ok(new ItemList<WebhookResponse>(endpoints.Select(WebhookResponse.From).ToList()));
    }

    public static async Task<Results<Ok<WebhookResponse>, ProblemHttpResult>> Get(Guid id, HttpContext context, ModelMintDbContext db, CancellationToken cancellationToken)
    {
        var accountId = context.User.AccountId();
        var endpoint = await db.WebhookEndpoints.AsNoTracking().SingleOrDefaultAsync(e => e.Id == id && e.AccountId == accountId, cancellationToken);
        return endpoint is null ? NotFound(id) : TypedResults.Ok(WebhookResponse.From(endpoint));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> Delete(Guid id, HttpContext context, ModelMintDbContext db, AuditLog audit, CancellationToken cancellationToken)
    {
        var accountId = context.User.AccountId();
        // Deliveries go with it (ON DELETE CASCADE); an attempt in flight finds its claim gone and records nothing.
        var deleted = await db.WebhookEndpoints.Where(e => e.Id == id && e.AccountId == accountId).ExecuteDeleteAsync(cancellationToken);
        if (deleted != 1)
        {
            return NotFound(id);
        }

        await audit.RecordAsync(context, AuditActions.WebhookDeleted, $"webhook:{id}", cancellationToken: cancellationToken);
        return TypedResults.NoContent();
    }

    public static async Task<Results<Ok<ItemList<WebhookDeliveryResponse>>, ProblemHttpResult>> Deliveries(
        Guid id, HttpContext context, ModelMintDbContext db, CancellationToken cancellationToken)
    {
        var accountId = context.User.AccountId();
        if (!await db.WebhookEndpoints.AnyAsync(e => e.Id == id && e.AccountId == accountId, cancellationToken))
        {
            return NotFound(id);
        }

        var deliveries = await db.WebhookDeliveries.AsNoTracking()
            .Where(d => d.EndpointId == id && d.AccountId == accountId)
            .OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id)
            .Take(DeliveriesListed)
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(new ItemList<WebhookDeliveryResponse>(deliveries.Select(WebhookDeliveryResponse.From).ToList()));
    }

    private static ProblemHttpResult NotFound(Guid id) =>
        ApiProblems.NotFound("webhook-not-found", $"No webhook endpoint {id} in this organisation. List yours with GET /v1/webhooks.");
}
