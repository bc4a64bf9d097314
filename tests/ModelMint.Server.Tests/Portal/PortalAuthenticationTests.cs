using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using ModelMint.Server.Portal;
using ModelMint.Server.Tests.Infrastructure;

namespace ModelMint.Server.Tests.Portal;

/// <summary>The portal's cookie, its forms and its boundary with the API, without a browser.</summary>
public sealed partial class PortalAuthenticationTests(ModelMintFactory factory) : IClassFixture<ModelMintFactory>
{
    [Fact]
    public async Task PortalPage_WithoutSignIn_RedirectsToTheSignInPage()
    {
        using var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var response = await client.GetAsync(new Uri("/keys", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("http://localhost/signin?ReturnUrl=%2Fkeys", response.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignInForm_SetsACookie_ThePortalAcceptsAndTheApiDoesNot()
    {
        var email = AccountsApi.NewEmail();
        await factory.SignUpAsync(email);
        using var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var signIn = await PostSignInAsync(client, email, AccountsApi.Password);

        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Contains(signIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith(PortalAuthentication.CookieName + "=", StringComparison.Ordinal) && c.Contains("httponly", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/keys", UriKind.Relative))).StatusCode);
        await (await client.GetAsync(new Uri("/v1/keys", UriKind.Relative))).AssertProblemAsync(HttpStatusCode.Unauthorized, "missing-api-key");
    }

    [Fact]
    public async Task SignInForm_WithAWrongPassword_SaysSoAndKeepsTheEmail()
    {
        var email = AccountsApi.NewEmail();
        await factory.SignUpAsync(email);
        using var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var response = await PostSignInAsync(client, email, "not the password");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("The email or password is wrong.", html, StringComparison.Ordinal);
        Assert.Contains($"value=\"{email}\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EndedSession_EndsTheCookie()
    {
        var email = AccountsApi.NewEmail();
        await factory.SignUpAsync(email);
        using var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await PostSignInAsync(client, email, AccountsApi.Password);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/keys", UriKind.Relative))).StatusCode);

        await factory.WithDbAsync(db => db.ApiKeys.Where(k => k.UserId != null && db.Users.Any(u => u.Id == k.UserId && u.Email == email))
            .ExecuteUpdateAsync(s => s.SetProperty(k => k.RevokedAt, DateTimeOffset.UtcNow)));

        var response = await client.GetAsync(new Uri("/keys", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/signin", response.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PortalFormPost_WithoutTheAntiforgeryToken_IsRefused()
    {
        using var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["language"] = "zh", ["returnUrl"] = "/" });
        var response = await client.PostAsync(new Uri(PortalRoutes.Language, UriKind.Relative), form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain(response.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies : [], c => c.StartsWith(PortalLanguage.CookieName, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("/billing", "/billing")]
    [InlineData("/provider/models/x?version=2", "/provider/models/x?version=2")]
    [InlineData("https://evil.example/", "/")]
    [InlineData("//evil.example/", "/")]
    [InlineData("/\\evil.example/", "/")]
    [InlineData("", "/")]
    [InlineData(null, "/")]
    public void ReturnUrl_OnlyEverPointsIntoThisSite(string? returnUrl, string expected) =>
        Assert.Equal(expected, PortalRoutes.LocalOrHome(returnUrl));

    [Theory]
    [InlineData("/v1/keys", false)]
    [InlineData("/V1/models/x/predict", false)]
    [InlineData("/openapi/v1.json", false)]
    [InlineData("/docs", false)]
    [InlineData("/healthz", false)]
    [InlineData("/", true)]
    [InlineData("/v1x", true)]
    [InlineData("/billing", true)]
    [InlineData("/_blazor/negotiate", true)]
    public void Paths_UnderTheApi_UseKeys_AndTheRestTheCookie(string path, bool portal) =>
        Assert.Equal(portal, PortalAuthentication.IsPortalPath(path));

    /// <summary>Posts the server-rendered sign-in form with the hidden fields (handler name, anti-forgery token) it carries.</summary>
    private static async Task<HttpResponseMessage> PostSignInAsync(HttpClient client, string email, string password)
    {
        var page = await client.GetStringAsync(new Uri(PortalRoutes.SignIn, UriKind.Relative));
        // The page's language switch carries a token too; the first of each name is enough.
        var fields = HiddenInput().Matches(page).DistinctBy(m => m.Groups["name"].Value).ToDictionary(m => WebUtility.HtmlDecode(m.Groups["name"].Value), m => WebUtility.HtmlDecode(m.Groups["value"].Value));
        fields["Input.Email"] = email;
        fields["Input.Password"] = password;
        using var form = new FormUrlEncodedContent(fields);
        return await client.PostAsync(new Uri(PortalRoutes.SignIn, UriKind.Relative), form);
    }

    [GeneratedRegex("<input type=\"hidden\" name=\"(?<name>[^\"]+)\" value=\"(?<value>[^\"]*)\"")]
    private static partial Regex HiddenInput();
}
