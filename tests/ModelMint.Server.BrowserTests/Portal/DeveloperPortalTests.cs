using System.Net.Http.Json;
using Microsoft.Playwright;
using ModelMint.Server.BrowserTests.Infrastructure;

namespace ModelMint.Server.BrowserTests.Portal;

[Collection(PortalCollection.Name)]
public sealed class DeveloperPortalTests(PortalServer server)
{
    [Fact]
    public async Task Developer_SignsUpCreatesKeyCallsThePlayground_SeesTheCallInUsageAndOnTheInvoice()
    {
        var page = await server.NewPageAsync();
        var email = PortalServer.NewEmail("developer");
        await page.SignUpAsync(email, "Acme Apps");
        await page.ScreenshotAsync("developer-dashboard-empty");

        // A key: the secret is shown once, can be copied, and works against the public API.
        await page.OpenAsync("/keys", "API keys");
        await page.GetByLabel("Name").FillAsync("backend");
        await page.GetByLabel("Gateway tokens per minute").FillAsync("lots");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create key" }).ClickAsync();
        await Assertions.Expect(page.GetByText("'lots' is not a whole number")).ToBeVisibleAsync();
        await page.GetByLabel("Requests per minute").FillAsync("0");
        await page.GetByLabel("Gateway tokens per minute").FillAsync("5000");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create key" }).ClickAsync();
        await Assertions.Expect(page.GetByText("must be at least 1")).ToBeVisibleAsync();
        await page.GetByLabel("Requests per minute").FillAsync("600");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create key" }).ClickAsync();
        var secret = (await page.GetByTestId("secret").InnerTextAsync()).Trim();
        await Assertions.Expect(page.GetByTestId("key-limits")).ToHaveTextAsync("600 requests/min, default characters/min, 5,000 gateway tokens/min");
        Assert.StartsWith("mm_", secret, StringComparison.Ordinal);
        await page.GetByRole(AriaRole.Button, new() { Name = "Copy" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Copied" })).ToBeVisibleAsync();
        Assert.Equal(secret, await page.EvaluateAsync<string>("() => navigator.clipboard.readText()"));
        await page.ScreenshotAsync("developer-keys");

        // Prepaid credit from a code, so priced calls are admitted.
        await page.OpenAsync("/billing", "Billing");
        await page.GetByLabel("Code").FillAsync(await server.RedemptionCodeAsync("5"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Redeem" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("balance")).ToHaveTextAsync("5 USD");

        // The playground calls the public API with the session: metered like any call.
        await page.OpenAsync($"/playground?model={PortalServer.DemoModel}", "Playground");
        await page.GetByRole(AriaRole.Button, new() { Name = "Predict" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("label")).Not.ToBeEmptyAsync();
        Assert.True(await page.GetByRole(AriaRole.Meter).CountAsync() >= 2, "a score bar per label");
        await page.ScreenshotAsync("developer-playground");

        using (var api = server.Api(secret))
        {
            await PortalServer.ReadAsync(await api.PostAsJsonAsync($"/v1/models/{PortalServer.DemoModel}/predict", new { text = "where is my parcel" }));
        }

        await page.OpenAsync("/", "Dashboard");
        await Assertions.Expect(page.GetByTestId("total-calls")).ToHaveTextAsync("2");
        await Assertions.Expect(page.GetByTestId("usage-by-model")).ToContainTextAsync(PortalServer.DemoModel);
        await Assertions.Expect(page.GetByTestId("usage-by-key")).ToContainTextAsync("backend");
        await Assertions.Expect(page.GetByTestId("usage-by-key")).ToContainTextAsync("sign-in session");
        Assert.True(await page.Locator(".mud-chart").CountAsync() >= 4, "the usage charts are drawn");
        await page.ScreenshotAsync("developer-dashboard");
        await page.GetByText("by key", new() { Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator(".mud-chart").First).ToContainTextAsync("backend");

        var phone = await server.NewPageAsync(phone: true);
        await phone.SignInAsync(email);
        await Assertions.Expect(phone.GetByTestId("total-calls")).ToHaveTextAsync("2");
        await phone.ScreenshotAsync("developer-dashboard-phone");

        // The month ends and is billed; the call is on the invoice.
        var month = PortalServer.Month(server.Time.GetUtcNow());
        server.Time.SetUtcNow(new DateTimeOffset(server.Time.GetUtcNow().UtcDateTime.Date.AddDays(1 - server.Time.GetUtcNow().Day).AddMonths(1).AddHours(2), TimeSpan.Zero));
        using (var api = server.Api())
        {
            await PortalServer.ReadAsync(await api.PostAsJsonAsync("/v1/admin/billing/run", new { period = month }));
        }

        await page.SignInAsync(email, "/billing");
        await page.OpenAsync("/billing", "Billing");
        await page.GetByTestId("invoices").GetByRole(AriaRole.Link).First.ClickAsync();
        await Assertions.Expect(page.GetByTestId("invoice-lines")).ToContainTextAsync(PortalServer.DemoModel);
        await Assertions.Expect(page.GetByTestId("invoice-lines").GetByRole(AriaRole.Cell, new() { Name = "2", Exact = true })).ToBeVisibleAsync();
        await page.ScreenshotAsync("developer-invoice");
        var csvLink = await page.GetByRole(AriaRole.Link, new() { Name = "Download CSV" }).GetAttributeAsync("href");
        var csv = await page.Context.APIRequest.GetAsync(csvLink!);
        Assert.Equal(200, csv.Status);
        Assert.Contains(PortalServer.DemoModel, await csv.TextAsync(), StringComparison.Ordinal);
    }
}
