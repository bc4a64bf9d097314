using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using ModelMint.Data;
using ModelMint.Server.Problems;

namespace ModelMint.Server.Accounts;

/// <summary>
/// The caller's organisation role. Read from the <c>mm:role</c> claim when authentication provides it, otherwise
/// from the stored account — the one place that decides who the platform operator is.
/// </summary>
public static class CallerRoles
{
    public const string RoleClaim = "mm:role";
    public const string Operator = "operator";

    public static async Task<bool> IsOperatorAsync(this HttpContext context, CancellationToken cancellationToken)
    {
        var claim = context.User.FindFirstValue(RoleClaim);
        if (claim is not null)
        {
            return claim == Operator;
        }

        var accountId = context.User.AccountId();
        var db = context.RequestServices.GetRequiredService<ModelMintDbContext>();
        return await db.Accounts.AsNoTracking().AnyAsync(a => a.Id == accountId && a.Role == Operator, cancellationToken);
    }

    public static ProblemHttpResult OperatorRequired(string action) =>
        ApiProblems.Create(StatusCodes.Status403Forbidden, "operator-required", "Forbidden.",
            $"Only the platform operator may {action}. Use a key of the operator's organisation.");

    /// <summary>Admits only callers whose organisation is the operator; others get 403 <c>operator-required</c>.</summary>
    public static RouteGroupBuilder RequireOperator(this RouteGroupBuilder group)
    {
        group.AddEndpointFilter(async (context, next) =>
            await context.HttpContext.IsOperatorAsync(context.HttpContext.RequestAborted)
                ? await next(context)
                : OperatorRequired("use the administration API"));
        return group;
    }
}
