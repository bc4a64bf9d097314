using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ModelMint.Server.Accounts;
using ModelMint.Server.Portal.Components;
using MudBlazor.Services;

namespace ModelMint.Server.Portal;

public static class PortalRegistration
{
    /// <summary>
    /// The web portal: Blazor components rendered on the server (interactive over the Blazor circuit), MudBlazor, a
    /// session cookie for people who sign in, and the in-process bridge to the API's handlers (<see cref="PortalApi"/>).
    /// </summary>
    public static WebApplicationBuilder AddModelMintPortal(this WebApplicationBuilder builder)
    {
        // MudBlazor's CSS and JS are served from its package's _content folder. A published app has them in wwwroot; a
        // built one (dotnet run, the tests) finds them through the static web assets manifest, read in any environment.
        builder.WebHost.UseStaticWebAssets();
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddMudServices();
        builder.Services.AddCascadingAuthenticationState();
        builder.Services.AddScoped<AuthenticationStateProvider, SessionRevalidation>();
        builder.Services.AddAntiforgery();
        builder.Services.AddHttpClient(PlaygroundClient.HttpClientName);
        builder.Services.TryAddScoped<PortalApi>();
        builder.Services.TryAddScoped<PlaygroundClient>();
        builder.Services.TryAddScoped<PortalQueries>();

        // One default scheme that picks by path: the API (and everything machine-facing) keeps API keys and its
        // problem+json 401s; the portal's pages use the session cookie and redirect to the sign-in page. The API never
        // accepts the cookie, so a page in another tab cannot make a signed-in browser call /v1 on its own.
        builder.Services.AddAuthentication(options =>
            {
                options.DefaultScheme = PortalAuthentication.SelectorScheme;
                options.DefaultChallengeScheme = PortalAuthentication.SelectorScheme;
            })
            .AddPolicyScheme(PortalAuthentication.SelectorScheme, null, options =>
                options.ForwardDefaultSelector = context => PortalAuthentication.IsPortalPath(context.Request.Path)
                    ? PortalAuthentication.CookieScheme
                    : ApiKeyAuthenticationHandler.SchemeName)
            .AddCookie(PortalAuthentication.CookieScheme, options =>
            {
                options.Cookie.Name = PortalAuthentication.CookieName;
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Lax;
                options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.LoginPath = PortalRoutes.SignIn;
                options.LogoutPath = PortalRoutes.SignOut;
                options.AccessDeniedPath = PortalRoutes.Home;
                options.Events.OnValidatePrincipal = PortalAuthentication.ValidateSessionAsync;
            });
        return builder;
    }

    /// <summary>Static assets (MudBlazor's CSS and JS from <c>_content</c>), the pages, and the portal's form posts.</summary>
    public static WebApplication MapModelMintPortal(this WebApplication app)
    {
        app.UseAntiforgery();
        app.MapStaticAssets();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        PortalEndpoints.Map(app);
        return app;
    }
}
