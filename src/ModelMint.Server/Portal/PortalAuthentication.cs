using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.EntityFrameworkCore;
using ModelMint.Data;
using ModelMint.Server.Accounts;

namespace ModelMint.Server.Portal;

/// <summary>
/// A person signed in to the portal carries, in an encrypted cookie, the same claims an API session has (organisation,
/// role, session key, user) plus the session's secret, which the playground sends to the public API. The session is
/// the <c>ApiKey</c> row made by <see cref="AccountService.SignInAsync"/>: signing out, leaving the organisation or its
/// expiry ends the cookie too, checked on every request.
/// </summary>
public static class PortalAuthentication
{
    public const string SelectorScheme = "ModelMint";
    public const string CookieScheme = "Portal";
    public const string CookieName = "mm_portal";
    public const string EmailClaim = "mm:email";
    public const string OrganisationNameClaim = "mm:organisation";
    public const string SecretClaim = "mm:secret";

    private static readonly string[] ApiPrefixes = ["/v1", "/openai", "/openapi", "/docs", "/healthz", "/readyz", "/bench"];

    public static bool IsPortalPath(PathString path) =>
        !ApiPrefixes.Any(prefix => path.StartsWithSegments(prefix, StringComparison.OrdinalIgnoreCase));

    public static ClaimsPrincipal Principal(Guid accountId, string organisationName, string role, Guid sessionId, Guid userId, string email, string secret)
    {
        List<Claim> claims =
        [
            new(Caller.AccountClaim, accountId.ToString()),
            new(Caller.KeyClaim, sessionId.ToString()),
            new(Caller.RoleClaim, role),
            new(Caller.UserClaim, userId.ToString()),
            new(EmailClaim, email),
            new(OrganisationNameClaim, organisationName),
            new(SecretClaim, secret),
        ];
        return new ClaimsPrincipal(new ClaimsIdentity(claims, CookieScheme, EmailClaim, Caller.RoleClaim));
    }

    public static Task SignInAsync(HttpContext context, ClaimsPrincipal principal, DateTimeOffset expiresAt) =>
        context.SignInAsync(CookieScheme, principal, new AuthenticationProperties { ExpiresUtc = expiresAt, IsPersistent = true, AllowRefresh = false });

    public static string Email(this ClaimsPrincipal user) => user.FindFirstValue(EmailClaim) ?? "";

    public static string OrganisationName(this ClaimsPrincipal user) => user.FindFirstValue(OrganisationNameClaim) ?? "";

    public static string? SessionSecret(this ClaimsPrincipal user) => user.FindFirstValue(SecretClaim);

    /// <summary>Refuses the cookie once its session is revoked or expired, so a signed-out browser is signed out everywhere.</summary>
    internal static async Task ValidateSessionAsync(CookieValidatePrincipalContext context)
    {
        if (context.Principal is null || !await IsSessionLiveAsync(context.Principal, context.HttpContext.RequestServices, context.HttpContext.RequestAborted))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieScheme);
        }
    }

    /// <summary>Whether the principal's session row exists, is not revoked and has not expired.</summary>
    internal static async Task<bool> IsSessionLiveAsync(ClaimsPrincipal principal, IServiceProvider services, CancellationToken cancellationToken)
    {
        if (principal.FindFirstValue(Caller.KeyClaim) is not { } key || !Guid.TryParse(key, out var sessionId))
        {
            return false;
        }

        var db = services.GetRequiredService<ModelMintDbContext>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        return await db.ApiKeys.AsNoTracking()
            .AnyAsync(k => k.Id == sessionId && k.UserId != null && k.RevokedAt == null && (k.ExpiresAt == null || k.ExpiresAt > now), cancellationToken);
    }
}

/// <summary>
/// An open page (a Blazor circuit outlives the request that started it) re-checks its session every minute and shows
/// the sign-in page once it has ended — signed out in another tab, removed from the organisation, or expired.
/// </summary>
internal sealed class SessionRevalidation(ILoggerFactory loggers, IServiceScopeFactory scopes)
    : Microsoft.AspNetCore.Components.Server.RevalidatingServerAuthenticationStateProvider(loggers)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromMinutes(1);

    protected override async Task<bool> ValidateAuthenticationStateAsync(Microsoft.AspNetCore.Components.Authorization.AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        if (authenticationState.User.Identity?.IsAuthenticated != true)
        {
            return true;
        }

        await using var scope = scopes.CreateAsyncScope();
        return await PortalAuthentication.IsSessionLiveAsync(authenticationState.User, scope.ServiceProvider, cancellationToken);
    }
}

/// <summary>The portal's addresses, in one place for pages, redirects and tests.</summary>
public static class PortalRoutes
{
    public const string Home = "/";
    public const string SignIn = "/signin";
    public const string SignUp = "/signup";
    public const string SignOut = "/portal/signout";
    public const string Language = "/portal/language";
    public const string Organisation = "/portal/organisation";

    /// <summary>Only a path on this site, so a crafted link cannot send a signed-in person elsewhere.</summary>
    public static string LocalOrHome(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//", StringComparison.Ordinal) && !returnUrl.StartsWith("/\\", StringComparison.Ordinal)
            ? returnUrl
            : Home;
}
