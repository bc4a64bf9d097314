using Microsoft.Playwright;
using ModelMint.Server.BrowserTests.Infrastructure;

namespace ModelMint.Server.BrowserTests.Portal;

[Collection(PortalCollection.Name)]
public sealed class ProviderPortalTests(PortalServer server)
{
    private static readonly string TrainCsv = Path.Combine(PortalServer.SharedDataDirectory, "rt_polarity", "train.csv");

    [Fact]
    public async Task Provider_UploadsTrainsSeesTheConfusionMatrixAndPublishes()
    {
        var page = await server.NewPageAsync();
        await page.SignUpAsync(PortalServer.NewEmail("provider"), "Polarity Labs", "provider");

        // A file the parser refuses: the API's own message, next to the field; the chosen name stays.
        await page.OpenAsync("/provider/datasets", "Datasets");
        await page.GetByLabel("Name (optional, defaults to the file name)").FillAsync("movie reviews");
        await page.Locator("#dataset-file").SetInputFilesAsync(new FilePayload { Name = "broken.csv", MimeType = "text/csv", Buffer = "text,label\nonly text\n"u8.ToArray() });
        await page.GetByRole(AriaRole.Button, new() { Name = "Upload" }).ClickAsync();
        await Assertions.Expect(page.Locator(".mm-field-error")).ToContainTextAsync("Line 2");
        await Assertions.Expect(page.GetByLabel("Name (optional, defaults to the file name)")).ToHaveValueAsync("movie reviews");

        await page.Locator("#dataset-file").SetInputFilesAsync(TrainCsv);
        await page.GetByRole(AriaRole.Button, new() { Name = "Upload" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("uploaded")).ToContainTextAsync("movie reviews", new() { Timeout = 60_000 });
        await page.ScreenshotAsync("provider-datasets");

        await page.GetByRole(AriaRole.Link, new() { Name = "Train" }).First.ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Training", Level = 1 })).ToBeVisibleAsync();
        await page.GetByLabel("Model name").FillAsync("movie-sentiment");
        await page.GetByRole(AriaRole.Button, new() { Name = "Start training" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("job-status")).ToHaveTextAsync("succeeded", new() { Timeout = 180_000 });
        await page.ScreenshotAsync("provider-training");

        await page.GetByTestId("evaluation-link").ClickAsync();
        var matrix = page.GetByTestId("confusion-matrix");
        await Assertions.Expect(matrix).ToBeVisibleAsync();
        await Assertions.Expect(matrix.GetByRole(AriaRole.Columnheader, new() { Name = "positive" })).ToBeVisibleAsync();
        await Assertions.Expect(matrix.GetByRole(AriaRole.Rowheader, new() { Name = "negative" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("per-class")).ToContainTextAsync("positive");

        await page.GetByLabel("Description").FillAsync("Is a movie review positive or negative?");
        await page.GetByLabel("Amount", new() { Exact = true }).FillAsync("0.001");
        await page.GetByLabel("Published in the catalog").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("listing-state")).ToContainTextAsync("In the catalog");
        await page.ScreenshotAsync("provider-model");

        // A second version: compare it, promote it, roll back.
        await page.OpenAsync("/provider/training", "Training");
        await page.GetByLabel("Model name").FillAsync("movie-sentiment");
        await page.GetByRole(AriaRole.Button, new() { Name = "Start training" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("job-status")).ToHaveTextAsync("succeeded", new() { Timeout = 180_000 });
        await page.GetByTestId("evaluation-link").ClickAsync();
        await Assertions.Expect(page.GetByTestId("compare")).ToContainTextAsync("v2");
        await page.GetByRole(AriaRole.Button, new() { Name = "Promote to production" }).ClickAsync();
        await Assertions.Expect(page.GetByText("production → v2")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Roll back to this" }).ClickAsync();
        await Assertions.Expect(page.GetByText("production → v1")).ToBeVisibleAsync();
        await page.ScreenshotAsync("provider-model-versions");

        await page.OpenAsync("/catalog", "Catalog");
        await Assertions.Expect(page.GetByTestId("catalog-entry").Filter(new() { HasText = "movie-sentiment" })).ToContainTextAsync("0.001 USD");
        await page.ScreenshotAsync("developer-catalog");
        await page.OpenAsync("/catalog/movie-sentiment", "movie-sentiment");
        foreach (var language in new[] { "curl", "C#", "Python", "JavaScript" })
        {
            await Assertions.Expect(page.GetByRole(AriaRole.Tab, new() { Name = language })).ToBeVisibleAsync();
        }

        await Assertions.Expect(page.Locator("pre").First).ToContainTextAsync("\"text\"");
        await page.ScreenshotAsync("developer-catalog-reference");
    }
}
