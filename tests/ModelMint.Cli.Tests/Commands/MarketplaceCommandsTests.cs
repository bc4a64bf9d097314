using System.Net;
using System.Text.Json;
using ModelMint.Cli.Tests.Client;
using ModelMint.Cli.Tests.Fakes;

namespace ModelMint.Cli.Tests.Commands;

public sealed class MarketplaceCommandsTests
{
    private const string ListingPath = "/v1/models/sentiment/listing";

    private readonly MintHarness _mint = new();

    [Fact]
    public async Task Catalog_ShowsModelProviderPriceAndAccuracy()
    {
        _mint.Api.OnJson(HttpMethod.Get, "/v1/catalog", CommerceClientTests.CatalogJson);

        var result = await _mint.RunAsync("catalog");

        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"model\s*│\s*provider\s*│\s*price\s*│\s*accuracy", result.Output);
        Assert.Matches(@"sentiment v3\s*│\s*operator\s*│\s*0\.002 USD / call\s*│\s*0\.912\s*│\s*0\.905\s*│\s*2\s*│\s*English review sentiment", result.Output);
        Assert.Matches(@"topics\s*│\s*acme\s*│\s*0\.01 EUR / 1,000 characters\s*│\s*-\s*│\s*-\s*│\s*0", result.Output);
    }

    [Fact]
    public async Task EmptyCatalog_SaysHowToPublish()
    {
        _mint.Api.OnJson(HttpMethod.Get, "/v1/catalog", """{"items": []}""");

        var result = await _mint.RunAsync("catalog");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("mint models publish NAME --price", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PublishWithPriceAndDescription_PutsTheWholeListing_WithoutReadingTheOldOne()
    {
        _mint.Api.OnJson(HttpMethod.Put, ListingPath, CommerceClientTests.ListingJson(published: true));

        var result = await _mint.RunAsync(
            "models", "publish", "sentiment", "--price", "0.002", "--currency", "usd", "--description", "Review sentiment");

        Assert.Equal(0, result.ExitCode);
        var request = Assert.Single(_mint.Api.Requests);
        Assert.Equal(
            """{"published":true,"description":"Review sentiment","price":{"type":"per_call","currency":"USD","amount":"0.002"}}""",
            request.Body);
        Assert.Contains("Published sentiment at 0.002 USD / call.", result.Output, StringComparison.Ordinal);
        Assert.Matches(@"published\s*│\s*yes", result.Output);
    }

    [Fact]
    public async Task PublishPerUnit_SendsAPerUnitPriceForCharacters_KeepingTheOldDescription()
    {
        _mint.Api.OnJson(HttpMethod.Get, ListingPath, CommerceClientTests.ListingJson(published: false, "Old words"));
        _mint.Api.OnJson(HttpMethod.Put, ListingPath, CommerceClientTests.ListingJson(published: true, "Old words"));

        var result = await _mint.RunAsync("models", "publish", "sentiment", "--price", "0.01", "--per-unit", "1000");

        Assert.Equal(0, result.ExitCode);
        using var body = JsonDocument.Parse(_mint.Api.Requests[1].Body);
        Assert.Equal("Old words", body.RootElement.GetProperty("description").GetString());
        var price = body.RootElement.GetProperty("price");
        Assert.Equal("per_unit", price.GetProperty("type").GetString());
        Assert.Equal(1000, price.GetProperty("unitSize").GetInt64());
        Assert.Equal("characters", price.GetProperty("meter").GetString());
        Assert.Equal("USD", price.GetProperty("currency").GetString());
    }

    [Fact]
    public async Task Unpublish_KeepsTheCurrentPriceAndDescription()
    {
        _mint.Api.OnJson(HttpMethod.Get, ListingPath, CommerceClientTests.ListingJson(published: true));
        _mint.Api.OnJson(HttpMethod.Put, ListingPath, CommerceClientTests.ListingJson(published: false));

        var result = await _mint.RunAsync("models", "publish", "sentiment", "--unpublish");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(
            """{"published":false,"description":"Review sentiment","price":{"type":"per_call","currency":"USD","amount":"0.002","unitSize":1,"meter":"calls"}}""",
            _mint.Api.Requests[1].Body);
        Assert.Contains("Unpublished sentiment; it is no longer in the catalog.", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PublishWithoutAPrice_WhenThereIsNoListing_IsAUsageError_AndPutsNothing()
    {
        _mint.Api.OnProblem(HttpMethod.Get, ListingPath, HttpStatusCode.NotFound,
            ContractJson.Problem(404, "listing-not-found", "Not found.", "Model 'sentiment' has no listing yet."));

        var result = await _mint.RunAsync("models", "publish", "sentiment");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("model 'sentiment' has no listing yet, so it needs a price", result.Errors, StringComparison.Ordinal);
        Assert.DoesNotContain(_mint.Api.Requests, r => r.Method == HttpMethod.Put);
    }

    [Fact]
    public async Task PublishAnUnknownModel_ExitsOne_WithTheServersReason()
    {
        _mint.Api.OnProblem(HttpMethod.Get, "/v1/models/nope/listing", HttpStatusCode.NotFound,
            ContractJson.Problem(404, "model-not-found", "Not found.", "No model named 'nope' in this account."));

        var result = await _mint.RunAsync("models", "publish", "nope", "--unpublish");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("(code model-not-found)", result.Errors, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--price", "two cents", "--price 'two cents' is not an amount")]
    [InlineData("--per-unit", "1000", "--per-unit and --currency go with --price")]
    public async Task PublishWithBadOptions_IsAUsageError_AndSendsNothing(string option, string value, string message)
    {
        var result = await _mint.RunAsync("models", "publish", "sentiment", option, value);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Errors, StringComparison.Ordinal);
        Assert.Empty(_mint.Api.Requests);
    }

    [Fact]
    public async Task PriceOutOfBounds_PrintsTheOperatorsBounds()
    {
        _mint.Api.OnProblem(HttpMethod.Put, ListingPath, HttpStatusCode.UnprocessableEntity,
            ContractJson.Problem(422, "price-out-of-bounds", "The request cannot be processed.",
                "The operator allows 0.0001 to 0.1 USD per call; this price is 5. Choose a price within those bounds."));

        var result = await _mint.RunAsync("models", "publish", "sentiment", "--price", "5", "--description", "x");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("The operator allows 0.0001 to 0.1 USD per call", result.Errors, StringComparison.Ordinal);
    }
}
