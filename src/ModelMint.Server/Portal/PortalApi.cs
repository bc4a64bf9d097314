using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using ModelMint.Server.Accounts;

namespace ModelMint.Server.Portal;

/// <summary>What went wrong, as the API would say it: its <c>code</c>, its <c>detail</c> and the field it is about.</summary>
public sealed record PortalProblem(int Status, string Code, string Detail, string? Field)
{
    public static PortalProblem From(ProblemHttpResult result)
    {
        var problem = result.ProblemDetails;
        var code = problem.Extensions.TryGetValue("code", out var c) ? c?.ToString() ?? "error" : "error";
        string? field = null;
        if (problem.Extensions.TryGetValue("errors", out var errors) && errors is IDictionary<string, string[]> byField)
        {
            field = byField.Keys.FirstOrDefault();
        }

        return new PortalProblem(result.StatusCode, code, problem.Detail ?? problem.Title ?? code, field);
    }

    public static PortalProblem From(AccountError error) => new(error.Status, error.Code, error.Detail, error.Field);

    /// <summary>The message for one form field, or null when the problem is about another one (or none).</summary>
    public string? For(string field) => string.Equals(Field, field, StringComparison.OrdinalIgnoreCase) ? Detail : null;
}

/// <summary>A handler's answer: the value, or the problem it would have sent.</summary>
public sealed record PortalResult<T>(T? Value, PortalProblem? Problem)
{
    public bool Ok => Problem is null;
}

/// <summary>
/// Runs the API's own endpoint handlers in-process as the signed-in person, so a page validates, scopes to the
/// tenant and fails exactly as the same request to <c>/v1</c> would — one implementation, two front ends. Each call
/// gets its own service scope (a Blazor circuit lives long; a database context should not).
/// </summary>
public sealed class PortalApi(IServiceScopeFactory scopes, AuthenticationStateProvider authentication)
{
    /// <summary>The roles of <c>Policies.Operator</c>, for handlers under <c>/v1/admin</c>.</summary>
    public static readonly IReadOnlyList<string> OperatorOnly = [AccountRoles.Operator];

    public async Task<ClaimsPrincipal> UserAsync() => (await authentication.GetAuthenticationStateAsync()).User;

    /// <summary>
    /// Calls a handler as the signed-in person. <paramref name="roles"/> repeats the role policy the API puts on the
    /// handler's route group (the handler itself does not check it); a caller without the role gets a 404, as for a
    /// resource of another tenant.
    /// </summary>
    public async Task<PortalResult<T>> CallAsync<T>(
        Func<HttpContext, IServiceProvider, CancellationToken, Task<IResult>> handler, IReadOnlyList<string>? roles = null, CancellationToken cancellationToken = default)
    {
        var user = await UserAsync();
        if (user.Identity?.IsAuthenticated != true)
        {
            return new PortalResult<T>(default, new PortalProblem(StatusCodes.Status401Unauthorized, "unauthorized", "Sign in again.", null));
        }

        if (roles is not null && !roles.Any(user.IsInRole))
        {
            return new PortalResult<T>(default, new PortalProblem(StatusCodes.Status404NotFound, "not-found", "Not found.", null));
        }

        await using var scope = scopes.CreateAsyncScope();
        var context = new DefaultHttpContext { User = user, RequestServices = scope.ServiceProvider };
        var result = await handler(context, scope.ServiceProvider, cancellationToken);
        return Read<T>(result);
    }

    /// <summary>Runs work that needs only services (no caller), e.g. the public catalog.</summary>
    public async Task<T> WithServicesAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }

    /// <summary>A handler's typed result as a value or the problem it carries.</summary>
    public static PortalResult<T> Read<T>(IResult result)
    {
        while (result is INestedHttpResult nested)
        {
            result = nested.Result;
        }

        return result switch
        {
            ProblemHttpResult problem => new PortalResult<T>(default, PortalProblem.From(problem)),
            IValueHttpResult<T> value => new PortalResult<T>(value.Value, null),
            IStatusCodeHttpResult { StatusCode: >= 200 and < 300 } => new PortalResult<T>(default, null),
            _ => throw new InvalidOperationException($"The portal cannot read a {result.GetType().Name} as {typeof(T).Name}."),
        };
    }
}
