using System.Net;
using ModelMint.Server.Tests.Infrastructure;

namespace ModelMint.Server.Tests.Hosting;

public sealed class HostingTests(ModelMintFactory factory) : IClassFixture<ModelMintFactory>
{
    [Theory]
    [InlineData("/healthz")]
    [InlineData("/readyz")]
    public async Task HealthEndpoints_AnswerOkWithoutAKey(string path)
    {
        using var client = factory.CreateClient();
        var health = await client.GetJsonAsync(path);
        Assert.Equal("ok", (string?)health["status"]);
    }

    [Fact]
    public async Task OpenApiDocument_DescribesThePublicApi()
    {
        using var client = factory.CreateClient();
        var document = await client.GetJsonAsync("/openapi/v1.json");
        var paths = document["paths"]!.AsObject().Select(p => p.Key).ToHashSet();

        foreach (var path in new[] { "/v1/datasets", "/v1/training-jobs", "/v1/training-jobs/{id}", "/v1/training-jobs/{id}/cancel", "/v1/models",
                     "/v1/models/{name}", "/v1/models/{name}/versions/{version}", "/v1/models/{name}/aliases/{alias}", "/v1/models/{name}/predict", "/v1/keys", "/v1/keys/{id}" })
        {
            Assert.Contains(path, paths);
        }
    }

    [Fact]
    public async Task ApiReference_IsServedAtDocs()
    {
        using var client = factory.CreateClient();
        var response = await client.GetAsync(new Uri("/docs", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("ModelMint", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownRoute_IsProblemJson404()
    {
        using var client = factory.CreateOperatorClient();
        await (await client.GetAsync(new Uri("/v1/nothing-here", UriKind.Relative))).AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
    }

    [Theory]
    [InlineData("/v1/training-jobs", "{not json")]
    [InlineData("/v1/training-jobs", "{\"datasetId\": 12}")]
    [InlineData("/v1/models/x/predict", "[1,2,3]")]
    [InlineData("/v1/keys", "{\"expiresAt\": \"yesterday\"}")]
    public async Task MalformedJson_Is400ProblemNot500(string path, string body)
    {
        using var client = factory.CreateOperatorClient();
        await (await client.PostRawAsync(path, body)).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid-request");
    }

    [Fact]
    public async Task JsonEndpoint_GivenAnotherContentType_Is415()
    {
        using var client = factory.CreateOperatorClient();
        using var content = new StringContent("text=hello", System.Text.Encoding.UTF8, "text/plain");
        await (await client.PostAsync(new Uri("/v1/models/x/predict", UriKind.Relative), content)).AssertProblemAsync(HttpStatusCode.UnsupportedMediaType, "unsupported-media-type");
    }
}
