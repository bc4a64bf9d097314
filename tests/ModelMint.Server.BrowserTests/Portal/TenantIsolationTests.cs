using System.Net.Http.Json;
using System.Text;
using Microsoft.Playwright;
using ModelMint.Server.BrowserTests.Infrastructure;

namespace ModelMint.Server.BrowserTests.Portal;

[Collection(PortalCollection.Name)]
public sealed class TenantIsolationTests(PortalServer server)
{
    [Fact]
    public async Task SecondTenant_OpeningTheFirstTenantsPagesByUrl_SeesNotFound()
    {
        // Tenant A, through the API: a dataset, a training job and a model.
        var first = await SignUpAsync("provider");
        using var api = server.Api(first);
        using var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(Encoding.UTF8.GetBytes("text,label\ngood film,pos\ngreat film,pos\nbad film,neg\nawful film,neg\nfine film,pos\npoor film,neg\n")), "file", "tiny.csv" },
        };
        var dataset = await PortalServer.ReadAsync(await api.PostAsync(new Uri("/v1/datasets", UriKind.Relative), form));
        var job = await PortalServer.ReadAsync(await api.PostAsJsonAsync("/v1/training-jobs", new { datasetId = (string)dataset["id"]!, modelName = "secret-model", trainer = "linear-svm" }));
        var jobId = (string)job["id"]!;

        // Tenant B, in the browser.
        var page = await server.NewPageAsync();
        await page.SignUpAsync(PortalServer.NewEmail("other"), "Other Co", "provider");
        await page.GotoAsync($"/provider/training/{jobId}");
        await Assertions.Expect(page.GetByTestId("not-found")).ToBeVisibleAsync();
        await page.GotoAsync("/provider/models/secret-model");
        await Assertions.Expect(page.GetByTestId("not-found")).ToBeVisibleAsync();
        await page.GotoAsync($"/billing/invoices/{Guid.NewGuid()}");
        await Assertions.Expect(page.GetByTestId("not-found")).ToBeVisibleAsync();
        var csv = await page.Context.APIRequest.GetAsync($"/portal/invoices/{Guid.NewGuid()}.csv");
        Assert.Equal(404, csv.Status);
        await page.OpenAsync("/provider/models", "Models");
        await Assertions.Expect(page.GetByText("secret-model")).ToHaveCountAsync(0);

        // A developer does not get the provider's or the operator's pages.
        var developer = await server.NewPageAsync();
        await developer.SignUpAsync(PortalServer.NewEmail("dev"), "Dev Co");
        await developer.OpenAsync("/operator/redemption", "Redemption codes");
        await Assertions.Expect(developer.GetByText("This page is for another kind of organisation")).ToBeVisibleAsync();

        // Signing out ends the session: its pages send the browser to the sign-in page again.
        await developer.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Assertions.Expect(developer.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();
        await developer.GotoAsync("/keys");
        await Assertions.Expect(developer.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();

        var anonymous = await server.NewPageAsync();
        await anonymous.GotoAsync("/keys");
        await Assertions.Expect(anonymous.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Language_SwitchedToChinese_StaysChineseAcrossPages()
    {
        var page = await server.NewPageAsync();
        await page.SignUpAsync(PortalServer.NewEmail("zh"), "Shanghai Dev");
        await page.GetByRole(AriaRole.Button, new() { Name = "中文" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "仪表盘", Level = 1 })).ToBeVisibleAsync();
        await page.GotoAsync("/keys");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "API 密钥", Level = 1 })).ToBeVisibleAsync();
        Assert.Equal("zh-Hans", await page.Locator("html").GetAttributeAsync("lang"));
        await page.ScreenshotAsync("developer-keys-zh");
    }

    private async Task<string> SignUpAsync(string role)
    {
        using var anonymous = new HttpClient { BaseAddress = server.BaseAddress };
        var email = PortalServer.NewEmail(role);
        await PortalServer.ReadAsync(await anonymous.PostAsJsonAsync("/v1/auth/signup", new { email, password = PortalServer.Password, organisation = $"org of {email}", role }));
        var signIn = await PortalServer.ReadAsync(await anonymous.PostAsJsonAsync("/v1/auth/signin", new { email, password = PortalServer.Password }));
        return (string)signIn["session"]!;
    }
}
