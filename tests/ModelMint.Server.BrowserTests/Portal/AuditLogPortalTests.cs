using Microsoft.Playwright;
using ModelMint.Server.BrowserTests.Infrastructure;

namespace ModelMint.Server.BrowserTests.Portal;

[Collection(PortalCollection.Name)]
public sealed class AuditLogPortalTests(PortalServer server)
{
    [Fact]
    public async Task Developer_SeesTheirSignUpAndKeyInTheAuditLog_FiltersIt_AndTheOperatorSeesTheOrganisationsEvents()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var organisation = "Audited Apps " + suffix;
        var keyName = "audited-" + suffix;
        var email = PortalServer.NewEmail("audited");
        var page = await server.NewPageAsync();
        await page.SignUpAsync(email, organisation);

        await page.OpenAsync("/keys", "API keys");
        await page.GetByLabel("Name").FillAsync(keyName);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create key" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("secret")).ToBeVisibleAsync();

        // The log, reached from the navigation: the key, with its name in the details and who made it, and the sign-up.
        await page.GetByRole(AriaRole.Link, new() { Name = "Audit log", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Audit log", Level = 1 })).ToBeVisibleAsync();
        var log = page.GetByTestId("audit-events");
        var keyCreated = Row(log, "key.created");
        await Assertions.Expect(keyCreated).ToHaveCountAsync(1);
        await Assertions.Expect(keyCreated).ToContainTextAsync("key created");
        await Assertions.Expect(keyCreated).ToContainTextAsync($"name: {keyName}");
        await Assertions.Expect(keyCreated).ToContainTextAsync(email);
        await Assertions.Expect(Row(log, "account.signed-up")).ToContainTextAsync($"organisation: {organisation}");
        await Assertions.Expect(Row(log, "session.signed-in")).ToHaveCountAsync(1);
        // Newest first: the key was created after the sign-up.
        Assert.Equal("key.created", await log.Locator("td[data-action]").First.GetAttributeAsync("data-action"));
        Assert.True(await page.Locator(".mud-chart").CountAsync() >= 1, "events per day are drawn");
        await page.ScreenshotAsync("developer-audit");

        // The action filter narrows the table to key events.
        await PickAsync(page, "Action", "key created");
        await Assertions.Expect(Row(log, "account.signed-up")).ToHaveCountAsync(0);
        await Assertions.Expect(log.Locator("td[data-action]")).ToHaveCountAsync(1);
        await Assertions.Expect(keyCreated).ToContainTextAsync(keyName);
        await PickAsync(page, "Action", "All actions");
        await Assertions.Expect(Row(log, "account.signed-up")).ToHaveCountAsync(1);

        // One event a page: "Load more" follows the page's next cursor, older events appended below.
        await page.OpenAsync("/audit?limit=1", "Audit log");
        await Assertions.Expect(log.Locator("td[data-action]")).ToHaveCountAsync(1);
        await Assertions.Expect(keyCreated).ToHaveCountAsync(1);
        var more = page.GetByRole(AriaRole.Button, new() { Name = "Load more", Exact = true });
        await more.ClickAsync();
        await Assertions.Expect(log.Locator("td[data-action]")).ToHaveCountAsync(2);
        await more.ClickAsync();
        await Assertions.Expect(Row(log, "account.signed-up")).ToHaveCountAsync(1);
        await Assertions.Expect(more).ToHaveCountAsync(0);

        var phone = await server.NewPageAsync(phone: true);
        await phone.SignInAsync(email, "/audit");
        await phone.OpenAsync("/audit", "Audit log");
        await Assertions.Expect(Row(phone.GetByTestId("audit-events"), "key.created")).ToContainTextAsync(keyName);
        await phone.ScreenshotAsync("developer-audit-phone");

        await page.OpenAsync("/audit", "Audit log");
        await page.GetByRole(AriaRole.Button, new() { Name = "中文" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "审计日志", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(Row(log, "key.created")).ToContainTextAsync("创建密钥");
        await Assertions.Expect(Row(log, "account.signed-up")).ToContainTextAsync("注册");
        await page.ScreenshotAsync("developer-audit-zh");

        // The operator: a person added to the operator organisation switches into it and reads that organisation's log.
        var operatorEmail = await server.OperatorPersonAsync();
        var op = await server.NewPageAsync();
        await op.SignInAsync(operatorEmail);
        await op.GetByRole(AriaRole.Button, new() { Name = "Switch to operator" }).ClickAsync();
        await Assertions.Expect(op.GetByTestId("organisation")).ToContainTextAsync("operator (operator)");
        await op.GetByRole(AriaRole.Link, new() { Name = "Audit log, all organisations", Exact = true }).ClickAsync();
        await Assertions.Expect(op.GetByRole(AriaRole.Heading, new() { Name = "Audit log, all organisations", Level = 1 })).ToBeVisibleAsync();
        await PickAsync(op, "Organisation", organisation);
        var all = op.GetByTestId("audit-events");
        // Only that organisation's events: one sign-up (the operator person's is another organisation's).
        await Assertions.Expect(Row(all, "account.signed-up")).ToHaveCountAsync(1);
        await Assertions.Expect(Row(all, "key.created")).ToContainTextAsync(keyName);
        await Assertions.Expect(Row(all, "key.created")).ToContainTextAsync(email);
        await Assertions.Expect(Row(all, "account.signed-up")).ToContainTextAsync(organisation);
        await Assertions.Expect(Row(all, "member.added")).ToHaveCountAsync(0);
        await PickAsync(op, "Action", "key created");
        await Assertions.Expect(all.Locator("td[data-action]")).ToHaveCountAsync(1);
        await op.ScreenshotAsync("operator-audit");
    }

    /// <summary>The table rows of one action (the action cell carries it as <c>data-action</c>).</summary>
    private static ILocator Row(ILocator table, string action) =>
        table.Locator("tr").Filter(new() { Has = table.Page.Locator($"td[data-action='{action}']") });

    /// <summary>Opens a MudBlazor select by its label and picks an option.</summary>
    private static async Task PickAsync(IPage page, string label, string option)
    {
        await page.GetByLabel(label, new() { Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = option, Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Option)).ToHaveCountAsync(0);
    }
}
