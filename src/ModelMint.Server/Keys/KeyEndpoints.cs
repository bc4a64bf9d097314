using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using ModelMint.Data;
using ModelMint.Data.Accounts;
using ModelMint.Server.Accounts;
using ModelMint.Server.Hosting;
using ModelMint.Server.Problems;

namespace ModelMint.Server.Keys;

public sealed record CreateKeyRequest(string? Name, DateTimeOffset? ExpiresAt);

/// <summary>The only response that ever carries the secret.</summary>
public sealed record CreatedKeyResponse(Guid Id, string Name, string Prefix, string Key, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt);

public sealed record KeyResponse(Guid Id, string Name, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt);

public static class KeyEndpoints
{
    private const int MaxNameLength = 100;

    public static IEndpointRouteBuilder MapKeyEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/keys").WithTags("Keys").RequireAuthorization();
        group.MapPost("/", Create).WithSummary("Create an API key for this account. The secret is in this response only.");
        group.MapGet("/", List).WithSummary("This account's keys (without secrets).");
        group.MapDelete("/{id:guid}", Revoke).WithSummary("Revoke a key; it is refused from the next request on.");
        return app;
    }

    public static async Task<Results<Created<CreatedKeyResponse>, ProblemHttpResult>> Create(
        CreateKeyRequest? request, HttpContext context, ModelMintDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var name = string.IsNullOrWhiteSpace(request?.Name) ? "key" : request.Name.Trim();
        if (name.Length > MaxNameLength || name.Any(char.IsControl))
        {
            return ApiProblems.Validation("invalid-key-name", $"The key name must be at most {MaxNameLength} printable characters.", "name");
        }

        if (request?.ExpiresAt is { } expires && expires <= now)
        {
            return ApiProblems.Validation("invalid-expiry", $"'expiresAt' ({expires:O}) is in the past; give a future time or leave it out for a key that does not expire.", "expiresAt");
        }

        var secret = ApiKeySecrets.Generate();
        var key = new ApiKey
        {
            Id = Guid.CreateVersion7(),
            AccountId = context.User.AccountId(),
            Name = name,
            Prefix = ApiKeySecrets.PrefixOf(secret),
            Hash = ApiKeySecrets.Hash(secret),
            CreatedAt = now,
            ExpiresAt = request?.ExpiresAt?.ToUniversalTime(),
        };
        db.ApiKeys.Add(key);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/v1/keys/{key.Id}", new CreatedKeyResponse(key.Id, key.Name, key.Prefix, secret, key.CreatedAt, key.ExpiresAt));
    }

    public static async Task<Ok<ItemList<KeyResponse>>> List(HttpContext context, ModelMintDbContext db, CancellationToken cancellationToken)
    {
        var accountId = context.User.AccountId();
        var keys = await db.ApiKeys.AsNoTracking().Where(k => k.AccountId == accountId).OrderBy(k => k.Id)
            .Select(k => new KeyResponse(k.Id, k.Name, k.Prefix, k.CreatedAt, k.ExpiresAt, k.LastUsedAt, k.RevokedAt))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(new ItemList<KeyResponse>(keys));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> Revoke(Guid id, HttpContext context, ModelMintDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var accountId = context.User.AccountId();
        var now = time.GetUtcNow();
        var revoked = await db.ApiKeys.Where(k => k.Id == id && k.AccountId == accountId && k.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(k => k.RevokedAt, now), cancellationToken);
        if (revoked == 1 || await db.ApiKeys.AnyAsync(k => k.Id == id && k.AccountId == accountId, cancellationToken))
        {
            return TypedResults.NoContent();
        }

        return ApiProblems.NotFound("key-not-found", $"No key {id} in this account. List yours with GET /v1/keys.");
    }
}
