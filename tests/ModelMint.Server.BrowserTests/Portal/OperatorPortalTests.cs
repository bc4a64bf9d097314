using Microsoft.Playwright;
using ModelMint.Server.BrowserTests.Infrastructure;

namespace ModelMint.Server.BrowserTests.Portal;

[Collection(PortalCollection.Name)]
public sealed class OperatorPortalTests(PortalServer server)
{
    [Fact]
    public async Task Operator_CreatesARedemptionBatchAndAPlan_ThatADeveloperRedeemsAndSubscribesTo()
    {
        // A person of their own organisation whom the operator organisation's key adds as a member: two organisations,
        // so the portal offers the switch.
        var email = await server.OperatorPersonAsync();

        var page = await server.NewPageAsync();
        await page.SignInAsync(email);
        await Assertions.Expect(page.GetByTestId("organisation")).ToContainTextAsync("aaa studio");
        Assert.Equal(0, await page.GetByRole(AriaRole.Link, new() { Name = "Redemption codes" }).CountAsync());
        await page.GetByRole(AriaRole.Button, new() { Name = "Switch to operator" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("organisation")).ToContainTextAsync("operator (operator)");

        await page.GetByRole(AriaRole.Link, new() { Name = "Redemption codes" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Redemption codes", Level = 1 })).ToBeVisibleAsync();
        await page.GetByLabel("How many").FillAsync("2");
        await page.GetByLabel("Amount each").FillAsync("0");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create codes" }).ClickAsync();
        await Assertions.Expect(page.Locator(".mud-input-helper-text.mud-input-error")).ToContainTextAsync("amount");
        await Assertions.Expect(page.GetByLabel("How many")).ToHaveValueAsync("2");
        await page.GetByLabel("Amount each").FillAsync("12.5");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create codes" }).ClickAsync();
        var codes = page.GetByTestId("codes").GetByRole(AriaRole.Listitem);
        await Assertions.Expect(codes).ToHaveCountAsync(2);
        var code = (await codes.First.InnerTextAsync()).Trim();
        await page.ScreenshotAsync("operator-redemption");

        // A subscription plan: a refused fee is shown next to its field and keeps what was typed; then it is created.
        var planName = "Team " + Guid.NewGuid().ToString("N")[..8];
        await page.GetByRole(AriaRole.Link, new() { Name = "Plans", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Subscription plans", Level = 1 })).ToBeVisibleAsync();
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync(planName);
        await page.GetByLabel("Monthly fee").FillAsync("ten");
        await page.GetByLabel("Calls · Included per month").FillAsync("1000");
        await page.GetByLabel("Calls · Overage price").FillAsync("0.002");
        await page.GetByLabel("Requests per minute").FillAsync("600");
        await page.GetByLabel("Calls per month (quota)").FillAsync("50000");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create plan" }).ClickAsync();
        await Assertions.Expect(page.Locator(".mud-input-helper-text.mud-input-error")).ToContainTextAsync("monthlyFee");
        await Assertions.Expect(page.GetByLabel("Name", new() { Exact = true })).ToHaveValueAsync(planName);
        await page.GetByLabel("Monthly fee").FillAsync("10");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create plan" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("plan-created")).ToContainTextAsync(planName);
        await Assertions.Expect(page.GetByTestId("plans").GetByRole(AriaRole.Row).Filter(new() { HasText = planName })).ToContainTextAsync("10 USD");
        await page.ScreenshotAsync("operator-plans");

        foreach (var (path, heading, shot) in new[]
                 {
                     ("/operator/organisations", "Organisations", "operator-organisations"),
                     ("/operator/pricing", "Prices and fee", "operator-pricing"),
                     ("/operator/revenue", "Revenue", "operator-revenue"),
                 })
        {
            await page.OpenAsync(path, heading);
            await page.ScreenshotAsync(shot);
        }

        // Still on the revenue page: bill the month that has just ended (safe to repeat; it may hold no usage).
        await page.GetByRole(AriaRole.Button, new() { Name = "Bill" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("bill-result")).ToContainTextAsync(PortalServer.Month(server.Time.GetUtcNow().AddMonths(-1)));
        await page.GetByLabel("Period").FillAsync("2999-01");
        await page.GetByRole(AriaRole.Button, new() { Name = "Bill" }).ClickAsync();
        await Assertions.Expect(page.GetByText("a month is billed once it has ended")).ToBeVisibleAsync();

        var developer = await server.NewPageAsync();
        await developer.SignUpAsync(PortalServer.NewEmail("developer"), "Redeemer Ltd");
        await developer.OpenAsync("/billing", "Billing");
        await developer.GetByLabel("Code").FillAsync(code);
        await developer.GetByRole(AriaRole.Button, new() { Name = "Redeem" }).ClickAsync();
        await Assertions.Expect(developer.GetByTestId("redeemed")).ToContainTextAsync("12.5 USD");
        await Assertions.Expect(developer.GetByTestId("balance")).ToHaveTextAsync("12.5 USD");
        await developer.ScreenshotAsync("developer-billing");

        // A code works once.
        await developer.GetByLabel("Code").FillAsync(code);
        await developer.GetByRole(AriaRole.Button, new() { Name = "Redeem" }).ClickAsync();
        await Assertions.Expect(developer.GetByText("has been used")).ToBeVisibleAsync();

        // The developer subscribes to the operator's plan (after a confirmation) and sees it with this month's quota.
        var offered = developer.GetByTestId("plans").GetByRole(AriaRole.Row).Filter(new() { HasText = planName });
        await offered.GetByRole(AriaRole.Button, new() { Name = "Subscribe" }).ClickAsync();
        await Assertions.Expect(developer.GetByTestId("plan-confirm")).ToBeVisibleAsync();
        await offered.GetByRole(AriaRole.Button, new() { Name = "Confirm" }).ClickAsync();
        await Assertions.Expect(developer.GetByTestId("current-plan")).ToHaveTextAsync(planName);
        await Assertions.Expect(developer.GetByTestId("quota-calls")).ToContainTextAsync("0 / 50000");
        await developer.ScreenshotAsync("developer-billing-plan");
    }
}
