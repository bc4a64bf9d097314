using Microsoft.Playwright;

namespace ModelMint.Server.BrowserTests.Infrastructure;

/// <summary>What a person does in the portal, with role-based locators.</summary>
public static class PortalPages
{
    public static async Task SignUpAsync(this IPage page, string email, string organisation, string role = "developer")
    {
        await page.GotoAsync("/signup");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(PortalServer.Password);
        await page.GetByLabel("Organisation name").FillAsync(organisation);
        await page.GetByLabel(role == "provider" ? "publish models and earn (provider)" : "call models (developer)").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Dashboard", Level = 1 })).ToBeVisibleAsync();
    }

    public static async Task SignInAsync(this IPage page, string email, string returnUrl = "/")
    {
        await page.GotoAsync($"/signin?returnUrl={Uri.EscapeDataString(returnUrl)}");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(PortalServer.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        try
        {
            await page.WaitForURLAsync(url => !url.Contains("/signin", StringComparison.Ordinal));
        }
        catch (TimeoutException e)
        {
            throw new InvalidOperationException($"Sign-in of {email} stayed on {page.Url}: {await page.Locator("body").InnerTextAsync()}", e);
        }
    }

    /// <summary>Opens a page and waits until it is interactive (its first-level heading is rendered over the circuit).</summary>
    public static async Task OpenAsync(this IPage page, string path, string heading)
    {
        await page.GotoAsync(path);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = heading, Level = 1 })).ToBeVisibleAsync();
    }

    public static Task ScreenshotAsync(this IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(PortalServer.ScreenshotDirectory, name + ".png"), FullPage = true });

    /// <summary>One part of a page, e.g. a panel, as it is laid out now (without the fixed top bar, which would cover its top once scrolled to).</summary>
    public static Task ScreenshotAsync(this ILocator locator, string name) =>
        locator.ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(PortalServer.ScreenshotDirectory, name + ".png"), Style = ".mud-appbar { visibility: hidden !important; }" });
}
