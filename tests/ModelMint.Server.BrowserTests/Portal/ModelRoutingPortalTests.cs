using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using ModelMint.Server.BrowserTests.Infrastructure;

namespace ModelMint.Server.BrowserTests.Portal;

/// <summary>
/// Canary and shadow routing from the provider's model page: version 1 (production) learned "good" as pos, version 2
/// the opposite labels, so the two disagree on real traffic and the comparison has something to show.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class ModelRoutingPortalTests(PortalServer server)
{
    private const string Reviews = "text,label\ngood film,pos\ngreat film,pos\nbad film,neg\nawful film,neg\nfine film,pos\npoor film,neg\n";
    private const string Flipped = "text,label\ngood film,neg\ngreat film,neg\nbad film,pos\nawful film,pos\nfine film,neg\npoor film,pos\n";

    [Fact]
    public async Task Provider_SetsACanaryAndAShadow_CallsAreServedByTheCanary_TheComparisonShows_AndClearingWorks()
    {
        const string model = "routed-reviews";
        var (email, key) = await SignUpAsync();
        using var api = server.Api(key);
        await TrainAsync(api, model, Reviews);
        await TrainAsync(api, model, Flipped);

        var page = await server.NewPageAsync();
        await page.SignInAsync(email, $"/provider/models/{model}");
        await page.OpenAsync($"/provider/models/{model}", model);
        var routing = page.GetByTestId("routing");
        await Assertions.Expect(routing.GetByRole(AriaRole.Heading, new() { Name = "Routing", Level = 2 })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("routing-production")).ToHaveTextAsync("v1");
        await Assertions.Expect(page.GetByTestId("routing-canary")).ToHaveTextAsync("none");
        await Assertions.Expect(page.GetByTestId("routing-shadow")).ToHaveTextAsync("none");
        await Assertions.Expect(page.GetByTestId("no-comparisons")).ToBeVisibleAsync();

        // A share the API refuses: its own message, next to the field; nothing is routed.
        await PickAsync(page, "Canary version", "v2");
        await page.GetByRole(AriaRole.Spinbutton, new() { Name = "Share of calls (%)" }).FillAsync("150");
        await routing.GetByRole(AriaRole.Button, new() { Name = "Save routing" }).ClickAsync();
        await Assertions.Expect(routing).ToContainTextAsync("'canary.percent' must be a whole number from 0 to 100");
        await Assertions.Expect(page.GetByTestId("routing-canary")).ToHaveTextAsync("none");

        // Every unpinned call to version 2; then version 1 as the shadow, the canary kept.
        await page.GetByRole(AriaRole.Spinbutton, new() { Name = "Share of calls (%)" }).FillAsync("100");
        await routing.GetByRole(AriaRole.Button, new() { Name = "Save routing" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("routing-canary")).ToHaveTextAsync("v2 · 100 %");
        await Assertions.Expect(routing).Not.ToContainTextAsync("'canary.percent' must be");
        await PickAsync(page, "Shadow version", "v1");
        await routing.GetByRole(AriaRole.Button, new() { Name = "Save routing" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("routing-shadow")).ToHaveTextAsync("v1");
        await Assertions.Expect(page.GetByTestId("routing-canary")).ToHaveTextAsync("v2 · 100 %");

        // 4 + 4 texts in unpinned calls, all answered by the canary; a pinned call is neither routed nor shadowed.
        string[] single = ["a good film", "an awful film", "a great film", "a poor film"];
        foreach (var text in single)
        {
            Assert.Equal((2, "canary"), await PredictAsync(api, model, new { text }));
        }

        Assert.Equal((2, "canary"), await PredictAsync(api, model, new { texts = new[] { "fine film", "bad film", "great film", "good film" } }));
        Assert.Equal((1, "pinned"), await PredictAsync(api, model, new { text = "good film", version = 1 }));
        var compared = await WaitForComparedAsync(api, model, 8);

        await routing.GetByRole(AriaRole.Button, new() { Name = "Refresh" }).ClickAsync();
        var comparison = page.GetByTestId("shadow-comparison");
        await Assertions.Expect(comparison).ToHaveCountAsync(1);
        await Assertions.Expect(comparison.GetByRole(AriaRole.Heading, new() { Name = "Served v2 → Shadow v1" })).ToBeVisibleAsync();
        await Assertions.Expect(comparison.GetByTestId("texts-compared")).ToHaveTextAsync("8");
        await Assertions.Expect(comparison.GetByTestId("texts-agreed")).ToHaveTextAsync(((long)compared["agreed"]!).ToString(CultureInfo.InvariantCulture));
        await Assertions.Expect(comparison.GetByTestId("agreement")).ToHaveTextAsync(((double)compared["agreement"]!).ToString("P1", CultureInfo.InvariantCulture));
        var disagreements = compared["disagreements"]!.AsArray();
        Assert.True(disagreements.Count > 0, compared.ToJsonString());
        var first = disagreements[0]!;
        await Assertions.Expect(comparison.GetByTestId("disagreements").Locator("tbody tr")).ToHaveCountAsync(disagreements.Count);
        await Assertions.Expect(comparison.GetByTestId("disagreements").Locator("tbody tr").First)
            .ToContainTextAsync($"{(string)first["served"]!}{(string)first["shadow"]!}{(long)first["texts"]!}");
        await Assertions.Expect(comparison.Locator(".mud-chart").First).ToContainTextAsync($"{(string)first["served"]!} → {(string)first["shadow"]!}");
        await routing.ScreenshotAsync("provider-model-routing");

        var phone = await server.NewPageAsync(phone: true);
        await phone.SignInAsync(email, $"/provider/models/{model}");
        await phone.OpenAsync($"/provider/models/{model}", model);
        await Assertions.Expect(phone.GetByTestId("texts-compared")).ToHaveTextAsync("8");
        await phone.GetByTestId("routing").ScreenshotAsync("provider-model-routing-phone");

        // Clearing: production answers again; the comparison is kept.
        await routing.GetByRole(AriaRole.Button, new() { Name = "Clear routing" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("routing-canary")).ToHaveTextAsync("none");
        await Assertions.Expect(page.GetByTestId("routing-shadow")).ToHaveTextAsync("none");
        await Assertions.Expect(comparison.GetByTestId("texts-compared")).ToHaveTextAsync("8");
        Assert.Equal((1, "production"), await PredictAsync(api, model, new { text = "a good film" }));
        var cleared = await PortalServer.ReadAsync(await api.GetAsync(new Uri($"/v1/models/{model}/routing", UriKind.Relative)));
        Assert.Null(cleared["canary"]);
        Assert.Null(cleared["shadow"]);

        // The same panel in Chinese.
        await page.GetByRole(AriaRole.Button, new() { Name = "中文" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "路由", Level = 2 })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "影子对比", Level = 3 })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("routing-canary")).ToHaveTextAsync("无");
        await Assertions.Expect(page.GetByTestId("texts-compared")).ToHaveTextAsync("8");
        await page.GetByTestId("routing").ScreenshotAsync("provider-model-routing-zh");
    }

    /// <summary>Opens a MudBlazor select by its label and picks an option.</summary>
    private static async Task PickAsync(IPage page, string label, string option)
    {
        await page.GetByLabel(label).ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = option, Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Option)).ToHaveCountAsync(0);
    }

    private async Task<(string Email, string Key)> SignUpAsync()
    {
        using var anonymous = new HttpClient { BaseAddress = server.BaseAddress };
        var email = PortalServer.NewEmail("router");
        var signUp = await PortalServer.ReadAsync(await anonymous.PostAsJsonAsync("/v1/auth/signup", new { email, password = PortalServer.Password, organisation = "Routed Reviews", role = "provider" }));
        return (email, (string)signUp["key"]!);
    }

    /// <summary>Uploads a tiny dataset and trains the next version of the model, waiting until it is registered.</summary>
    private static async Task TrainAsync(HttpClient api, string model, string csv)
    {
        using var form = new MultipartFormDataContent { { new ByteArrayContent(Encoding.UTF8.GetBytes(csv)), "file", "reviews.csv" } };
        var dataset = await PortalServer.ReadAsync(await api.PostAsync(new Uri("/v1/datasets", UriKind.Relative), form));
        var job = await PortalServer.ReadAsync(await api.PostAsJsonAsync("/v1/training-jobs", new { datasetId = (string)dataset["id"]!, modelName = model, trainer = "linear-svm" }));
        for (var i = 0; i < 600; i++)
        {
            var state = await PortalServer.ReadAsync(await api.GetAsync(new Uri($"/v1/training-jobs/{(string)job["id"]!}", UriKind.Relative)));
            switch ((string?)state["status"])
            {
                case "succeeded":
                    return;
                case "failed" or "cancelled":
                    throw new InvalidOperationException("Training failed: " + state.ToJsonString());
            }

            await Task.Delay(200);
        }

        throw new TimeoutException("Training did not end within two minutes.");
    }

    private static async Task<(int Version, string Route)> PredictAsync(HttpClient api, string model, object body)
    {
        var response = await api.PostAsJsonAsync($"/v1/models/{model}/predict", body);
        var json = await PortalServer.ReadAsync(response);
        return ((int)json["version"]!, response.Headers.GetValues("x-model-route").Single());
    }

    /// <summary>The shadow classifies off the request path: waits until the (2, 1) comparison has counted the texts.</summary>
    private static async Task<JsonNode> WaitForComparedAsync(HttpClient api, string model, long texts)
    {
        JsonNode? routing = null;
        for (var i = 0; i < 150; i++)
        {
            routing = await PortalServer.ReadAsync(await api.GetAsync(new Uri($"/v1/models/{model}/routing", UriKind.Relative)));
            var comparison = routing["comparisons"]!.AsArray().SingleOrDefault(c => (int)c!["servedVersion"]! == 2 && (int)c["shadowVersion"]! == 1);
            if (comparison is not null && (long)comparison["texts"]! >= texts)
            {
                Assert.Equal(texts, (long)comparison["texts"]!);
                return comparison;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"{texts} texts were not compared within 30 s: {routing?.ToJsonString()}");
    }
}
