using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ModelMint.Data;
using ModelMint.Server.Caching;
using ModelMint.Server.Problems;

namespace ModelMint.Server.Accounts;

/// <summary>
/// Authenticates <c>Authorization: Bearer mm_...</c> against the stored key hashes, through the hot-path cache
/// (<see cref="HotPathCache"/>): revoking a key or session invalidates its entry and expiry is checked against the
/// clock on every request, so a revoked or expired key is refused on the very next call.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ModelMintDbContext db,
    HotPathCache cache,
    TimeProvider time) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    private static readonly TimeSpan LastUsedGranularity = TimeSpan.FromMinutes(1);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header))
        {
            return Fail("missing-api-key", "No API key was sent. Add the header 'Authorization: Bearer mm_...' with a key from POST /v1/keys or data/bootstrap-key.txt.");
        }

        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return Fail("malformed-api-key", "The Authorization header must use the Bearer scheme: 'Authorization: Bearer mm_...'.");
        }

        var key = header["Bearer ".Length..].Trim();
        if (!ApiKeySecrets.IsWellFormed(key))
        {
            return Fail("malformed-api-key", $"That is not a ModelMint API key: keys start with '{ApiKeySecrets.Scheme}' followed by {ApiKeySecrets.RandomLength} letters and digits. Copy the whole key.");
        }

        var hash = ApiKeySecrets.Hash(key);
        var stored = await FindAsync(hash);
        if (stored is null)
        {
            return Fail("unknown-api-key", "This API key does not exist. Check for typos or create a new key.");
        }

        // Checked on every request, cached or not: revocation invalidates the cache, expiry is a matter of the clock.
        var now = time.GetUtcNow();
        if (stored.RevokedAt is not null)
        {
            return Fail("revoked-api-key", stored.UserId is null
                ? "This API key has been revoked. Create a new key with POST /v1/keys."
                : "This session has ended (signed out, or the user left the organisation). Sign in again with POST /v1/auth/signin.");
        }

        if (stored.ExpiresAt <= now)
        {
            return Fail("expired-api-key", stored.UserId is null
                ? $"This API key expired at {stored.ExpiresAt:O}. Create a new key with POST /v1/keys."
                : $"This session expired at {stored.ExpiresAt:O}. Sign in again with POST /v1/auth/signin.");
        }

        var callerKey = stored.CallerKey;
        if (!callerKey.AllowsAddress(Context.Connection.RemoteIpAddress))
        {
            return Fail("ip-not-allowed",
                $"This key may only be used from {string.Join(", ", callerKey.AllowedNetworks!.Select(n => n.ToString()))}; this request came from {Context.Connection.RemoteIpAddress}. Use the key from an allowed network or change its IP ranges.",
                StatusCodes.Status403Forbidden);
        }

        Context.Features.Set(callerKey);
        if (stored.TryClaimLastUsedWrite(now, LastUsedGranularity))
        {
            // Coarse on purpose: one write per key per minute (per node), not one per request.
            await db.ApiKeys.Where(k => k.Id == stored.Id).ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAt, now), Context.RequestAborted);
        }

        List<Claim> claims =
        [
            new(Caller.AccountClaim, stored.AccountId.ToString()),
            new(Caller.KeyClaim, stored.Id.ToString()),
            new(Caller.RoleClaim, stored.AccountRole),
        ];
        if (stored.UserId is { } userId)
        {
            claims.Add(new Claim(Caller.UserClaim, userId.ToString()));
        }

        var identity = new ClaimsIdentity(claims, SchemeName, Caller.KeyClaim, Caller.RoleClaim);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    /// <summary>The key with this hash, from the hot-path cache or the database (a key that does not exist is not cached).</summary>
    private async Task<CachedApiKey?> FindAsync(string hash)
    {
        if (cache.Keys.TryGet(hash, out var cached))
        {
            return cached;
        }

        var generation = cache.Keys.Generation;
        var row = await db.ApiKeys.AsNoTracking()
            .Where(k => k.Hash == hash)
            .Join(db.Accounts, k => k.AccountId, a => a.Id, (k, a) => new
            {
                k.Id,
                k.AccountId,
                k.UserId,
                k.ExpiresAt,
                k.RevokedAt,
                k.LastUsedAt,
                k.AllowedModelsJson,
                k.AllowedCidrsJson,
                k.RequestsPerMinute,
                k.UnitsPerMinute,
                k.TokensPerMinute,
                AccountRole = a.Role,
            })
            .SingleOrDefaultAsync(Context.RequestAborted);
        if (row is null)
        {
            return null;
        }

        var found = new CachedApiKey(row.Id, row.AccountId, row.UserId, row.ExpiresAt, row.RevokedAt, row.LastUsedAt, row.AccountRole,
            CallerKey.From(row.Id, row.AccountId, row.AllowedModelsJson, row.AllowedCidrsJson, row.RequestsPerMinute, row.UnitsPerMinute, row.TokensPerMinute));
        cache.Keys.Set(hash, found, generation);
        return found;
    }

    private AuthenticateResult Fail(string code, string detail, int status = StatusCodes.Status401Unauthorized)
    {
        Context.Items[nameof(ApiKeyAuthenticationHandler)] = (code, detail, status);
        return AuthenticateResult.Fail(detail);
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var (code, detail, status) = Context.Items[nameof(ApiKeyAuthenticationHandler)] as (string, string, int)?
            ?? ("missing-api-key", "No API key was sent. Add the header 'Authorization: Bearer mm_...'.", StatusCodes.Status401Unauthorized);
        if (status == StatusCodes.Status401Unauthorized)
        {
            Response.Headers.WWWAuthenticate = "Bearer";
        }

        await ApiProblems.Create(status, code, status == StatusCodes.Status401Unauthorized ? "Unauthorized." : "Forbidden.", detail).ExecuteAsync(Context);
    }
}

/// <summary>
/// Who is calling, from the authenticated principal: the organisation, its role, the key and — for a sign-in
/// session — the user.
/// </summary>
public static class Caller
{
    public const string AccountClaim = "mm:account";
    public const string KeyClaim = "mm:key";
    public const string RoleClaim = "mm:role";
    public const string UserClaim = "mm:user";

    public static Guid AccountId(this ClaimsPrincipal user) => Guid.Parse(user.FindFirstValue(AccountClaim)!);

    public static Guid KeyId(this ClaimsPrincipal user) => Guid.Parse(user.FindFirstValue(KeyClaim)!);

    public static string Role(this ClaimsPrincipal user) => user.FindFirstValue(RoleClaim)!;

    /// <summary>The signed-in user when the key is a session; null for a program's key.</summary>
    public static Guid? UserId(this ClaimsPrincipal user) => user.FindFirstValue(UserClaim) is { } id ? Guid.Parse(id) : null;
}
