using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http.HttpResults;
using ModelMint.Server.Problems;

namespace ModelMint.Server.Accounts;

/// <summary>
/// Authorization by the caller's organisation role, declared once. Endpoints say
/// <c>.RequireAuthorization(Policies.Operator)</c> (or <see cref="RequireOperator{TBuilder}"/>).
/// </summary>
public static class Policies
{
    /// <summary>Only the platform's operator organisation.</summary>
    public const string Operator = "role:operator";

    /// <summary>Organisations that publish models: providers, and the operator.</summary>
    public const string Provider = "role:provider";

    internal static void Configure(AuthorizationOptions options)
    {
        // The role claim is the identity's RoleClaimType, so the framework's role requirement reads it.
        options.AddPolicy(Operator, policy => policy.RequireAuthenticatedUser().RequireRole(AccountRoles.Operator));
        options.AddPolicy(Provider, policy => policy.RequireAuthenticatedUser().RequireRole(AccountRoles.Provider, AccountRoles.Operator));
    }

    /// <summary>The one refusal for a caller whose organisation lacks a role (also used by checks that depend on the resource).</summary>
    public static ProblemHttpResult ForbiddenRole(ClaimsPrincipal user, IReadOnlyList<string> allowedRoles)
    {
        var needed = string.Join(" or ", allowedRoles.Select(r => $"'{r}'"));
        var actual = user.FindFirstValue(Caller.RoleClaim) ?? "none";
        return ApiProblems.Create(StatusCodes.Status403Forbidden, "forbidden-role", "Forbidden.",
            $"This needs an organisation with role {needed}; the caller's organisation has role '{actual}'.",
            new Dictionary<string, object?> { ["requiredRoles"] = allowedRoles.ToArray(), ["role"] = actual });
    }

    public static TBuilder RequireOperator<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(Operator);

    public static TBuilder RequireProvider<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(Provider);
}

/// <summary>
/// A caller refused for its organisation's role gets problem+json 403 <c>forbidden-role</c> naming the role needed;
/// every other outcome (no or bad key: the key handler's 401 problem) is the framework's.
/// </summary>
internal sealed class RoleProblemResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler standard = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        var roles = authorizeResult.Forbidden
            ? authorizeResult.AuthorizationFailure?.FailedRequirements.OfType<RolesAuthorizationRequirement>().FirstOrDefault()
            : null;
        if (roles is null)
        {
            return standard.HandleAsync(next, context, policy, authorizeResult);
        }

        return Policies.ForbiddenRole(context.User, [.. roles.AllowedRoles]).ExecuteAsync(context);
    }
}
