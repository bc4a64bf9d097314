using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using ModelMint.Data;
using ModelMint.Data.Accounts;
using ModelMint.Domain.Models;
using ModelMint.Server.Accounts;
using ModelMint.Server.Audit;
using ModelMint.Server.Caching;
using ModelMint.Server.Hosting;
using ModelMint.Server.Problems;

namespace ModelMint.Server.Keys;

/// <summary>
/// A new key: optional name and expiry; optional restrictions — the models it may call, the IP ranges (CIDR) it may
/// be used from, and its own rate limits (requests and characters per minute, and the LLM gateway's tokens per minute).
/// </summary>
public sealed record CreateKeyRequest(
    string? Name, DateTimeOffset? ExpiresAt, IReadOnlyList<string>? Models, IReadOnlyList<string>? AllowedIps, int? RequestsPerMinute, long? UnitsPerMinute,
    long? TokensPerMinute = null);

/// <summary>The only response that ever carries the secret.</summary>
public sealed record CreatedKeyResponse(
    Guid Id, string Name, string Prefix, string Key, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt,
    IReadOnlyList<string>? Models, IReadOnlyList<string>? AllowedIps, int? RequestsPerMinute, long? UnitsPerMinute, long? TokensPerMinute);

public sealed record KeyResponse(
    Guid Id, string Name, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt,
    IReadOnlyList<string>? Models, IReadOnlyList<string>? AllowedIps, int? RequestsPerMinute, long? UnitsPerMinute, long? TokensPerMinute)
{
    public static KeyResponse From(ApiKey k) => new(k.Id, k.Name, k.Prefix, k.CreatedAt, k.ExpiresAt, k.LastUsedAt, k.RevokedAt,
        ReadList(k.AllowedModelsJson), ReadList(k.AllowedCidrsJson), k.RequestsPerMinute, k.UnitsPerMinute, k.TokensPerMinute);

    internal static string[]? ReadList(string? json) => json is null ? null : JsonSerializer.Deserialize<string[]>(json);
}

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
        CreateKeyRequest? request, HttpContext context, ModelMintDbContext db, TimeProvider time, AuditLog audit, CancellationToken cancellationToken)
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

        var restrictionError = ValidateRestrictions(request);
        if (restrictionError is not null)
        {
            return restrictionError;
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
            AllowedModelsJson = request?.Models is { } models ? JsonSerializer.Serialize(models.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)) : null,
            AllowedCidrsJson = request?.AllowedIps is { } ips ? JsonSerializer.Serialize(ips.Select(ip => IPNetwork.Parse(ip.Contains('/', StringComparison.Ordinal) ? ip : ip + (ip.Contains(':', StringComparison.Ordinal) ? "/128" : "/32")).ToString())) : null,
            RequestsPerMinute = request?.RequestsPerMinute,
            UnitsPerMinute = request?.UnitsPerMinute,
            TokensPerMinute = request?.TokensPerMinute,
        };
        db.ApiKeys.Add(key);
        await db.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync(context, AuditActions.KeyCreated, $"key:{key.Id}", new
        {
            name = key.Name,
            prefix = key.Prefix,
            expiresAt = key.ExpiresAt,
            models = KeyResponse.ReadList(key.AllowedModelsJson),
            allowedIps = KeyResponse.ReadList(key.AllowedCidrsJson),
            key.RequestsPerMinute,
            key.UnitsPerMinute,
            key.TokensPerMinute,
        }, cancellationToken: cancellationToken);
        return TypedResults.Created($"/v1/keys/{key.Id}", new CreatedKeyResponse(key.Id, key.Name, key.Prefix, secret, key.CreatedAt, key.ExpiresAt,
            KeyResponse.ReadList(key.AllowedModelsJson), KeyResponse.ReadList(key.AllowedCidrsJson), key.RequestsPerMinute, key.UnitsPerMinute, key.TokensPerMinute));
    }

    public static async Task<Ok<ItemList<KeyResponse>>> List(HttpContext context, ModelMintDbContext db, CancellationToken cancellationToken)
    {
        var accountId = context.User.AccountId();
        // Sign-in sessions are people's, not the organisation's programs': they are ended with /v1/auth/signout.
        var keys = await db.ApiKeys.AsNoTracking().Where(k => k.AccountId == accountId && k.UserId == null).OrderBy(k => k.Id).ToListAsync(cancellationToken);
        return TypedResults.Ok(new ItemList<KeyResponse>(keys.Select(KeyResponse.From).ToList()));
    }

    private const int MaxRestrictionEntries = 100;

    private static ProblemHttpResult? ValidateRestrictions(CreateKeyRequest? request)
    {
        if (request is null)
        {
            return null;
        }

        if (request.Models is { } models)
        {
            if (models.Count is 0 or > MaxRestrictionEntries)
            {
                return ApiProblems.Validation("invalid-models", $"'models' lists the models this key may call: 1 to {MaxRestrictionEntries} names, or leave it out for all models.", "models");
            }

            var invalid = models.FirstOrDefault(m => !ModelName.IsValid(m));
            if (models.Any(m => m is null) || invalid is not null)
            {
                return ApiProblems.Validation("invalid-models", $"'{invalid}' is not a model name. {ModelName.Rule}", "models");
            }
        }

        if (request.AllowedIps is { } ips)
        {
            if (ips.Count is 0 or > MaxRestrictionEntries)
            {
                return ApiProblems.Validation("invalid-allowed-ips", $"'allowedIps' lists 1 to {MaxRestrictionEntries} addresses or CIDR ranges, or leave it out to allow any address.", "allowedIps");
            }

            var bad = ips.FirstOrDefault(ip => ip is null || !(IPNetwork.TryParse(ip, out _) || System.Net.IPAddress.TryParse(ip, out _)));
            if (ips.Any(ip => ip is null) || bad is not null)
            {
                return ApiProblems.Validation("invalid-allowed-ips", $"'{bad}' is not an IP address or CIDR range such as 203.0.113.0/24 or 2001:db8::/32.", "allowedIps");
            }
        }

        if (request.RequestsPerMinute is < 1 || request.UnitsPerMinute is < 1 || request.TokensPerMinute is < 1)
        {
            var field = request.RequestsPerMinute is < 1 ? "requestsPerMinute" : request.UnitsPerMinute is < 1 ? "unitsPerMinute" : "tokensPerMinute";
            return ApiProblems.Validation("invalid-rate-limit", "'requestsPerMinute', 'unitsPerMinute' and 'tokensPerMinute' must be at least 1 (leave them out for the platform default).", field);
        }

        return null;
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> Revoke(
        Guid id, HttpContext context, ModelMintDbContext db, TimeProvider time, ICacheInvalidation invalidation, AuditLog audit, CancellationToken cancellationToken)
    {
        var accountId = context.User.AccountId();
        var now = time.GetUtcNow();
        var revoked = await db.ApiKeys.Where(k => k.Id == id && k.AccountId == accountId && k.UserId == null && k.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(k => k.RevokedAt, now), cancellationToken);
        invalidation.ApiKeyRevoked(id);
        if (revoked == 1)
        {
            await audit.RecordAsync(context, AuditActions.KeyRevoked, $"key:{id}", cancellationToken: cancellationToken);
        }

        if (revoked == 1 || await db.ApiKeys.AnyAsync(k => k.Id == id && k.AccountId == accountId && k.UserId == null, cancellationToken))
        {
            return TypedResults.NoContent();
        }

        return ApiProblems.NotFound("key-not-found", $"No key {id} in this account. List yours with GET /v1/keys.");
    }
}
