using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using ModelMint.Server.Accounts;
using ModelMint.Server.Audit;
using ModelMint.Server.Billing;

namespace ModelMint.Server.Portal;

/// <summary>
/// The portal's plain form posts (no circuit needed): sign out, switch language, switch organisation. Each requires
/// the anti-forgery token the pages render into their forms.
/// </summary>
internal static class PortalEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/portal").ExcludeFromDescription().WithMetadata(new RequireAntiforgeryTokenAttribute(true));
        group.MapPost("/signout", SignOut);
        group.MapPost("/language", Language);
        group.MapPost("/organisation", Organisation).RequireAuthorization();
        // A browser link cannot send a Bearer key: the signed-in person downloads through the API's own handler.
        app.MapGet("/portal/invoices/{id:guid}.csv", (Guid id, HttpContext context, InvoiceService invoices, CancellationToken cancellationToken) =>
            InvoiceEndpoints.Csv(id, context, invoices, cancellationToken)).ExcludeFromDescription().RequireAuthorization();
    }

    private static async Task<IResult> SignOut(HttpContext context, AccountService accounts, CancellationToken cancellationToken)
    {
        if (context.User.Identity?.IsAuthenticated == true && context.User.FindFirst(Caller.KeyClaim) is not null)
        {
            await accounts.SignOutAsync(Actor.Of(context), cancellationToken);
        }

        await context.SignOutAsync(PortalAuthentication.CookieScheme);
        return TypedResults.LocalRedirect(PortalRoutes.SignIn);
    }

    private static IResult Language(HttpContext context, [FromForm] string? language, [FromForm] string? returnUrl)
    {
        context.Response.Cookies.Append(PortalLanguage.CookieName, PortalLanguage.Normalize(language),
            new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Lax, IsEssential = true, MaxAge = TimeSpan.FromDays(365), Path = "/" });
        return TypedResults.LocalRedirect(PortalRoutes.LocalOrHome(returnUrl));
    }

    private static async Task<IResult> Organisation(HttpContext context, AccountService accounts, [FromForm] Guid? organisationId, CancellationToken cancellationToken)
    {
        var user = context.User;
        if (organisationId is not { } id || user.UserId() is not { } userId)
        {
            return TypedResults.LocalRedirect(PortalRoutes.Home);
        }

        var (session, _) = await accounts.SwitchOrganisationAsync(user.KeyId(), userId, id, cancellationToken);
        if (session is null)
        {
            return TypedResults.LocalRedirect(PortalRoutes.Home);
        }

        var chosen = session.Organisations.First(o => o.Id == session.OrganisationId);
        await PortalAuthentication.SignInAsync(context,
            PortalAuthentication.Principal(chosen.Id, chosen.Name, chosen.Role, session.SessionId, userId, session.User.Email, session.Session), session.ExpiresAt);
        // Pages are per organisation: land on the dashboard, not on a page of the organisation just left.
        return TypedResults.LocalRedirect(PortalRoutes.Home);
    }
}
