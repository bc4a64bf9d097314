using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using ModelMint.Server.Tests.Infrastructure;

namespace ModelMint.Server.Tests.Predictions;

/// <summary>Runs against the demo model the server trains at first start.</summary>
public sealed class PredictionEndpointsTests : IClassFixture<PredictionEndpointsTests.Factory>
{
    public sealed class Factory : ModelMintFactory
    {
        public Factory()
        {
            Settings["Bootstrap:DemoModel"] = "true";
            Settings["Predictions:MaxTextsPerCall"] = "8";
            Settings["Predictions:MaxBodyBytes"] = "4096";
        }
    }

    private const string Model = "demo-intents";
    private readonly Factory factory;
    private readonly HttpClient client;

    public PredictionEndpointsTests(Factory factory)
    {
        this.factory = factory;
        client = factory.CreateOperatorClient();
    }

    private async Task WaitForDemoAsync()
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            var models = (await client.GetJsonAsync("/v1/models"))["items"]!.AsArray();
            if (models.Any(m => (string?)m!["name"] == Model))
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, "the demo model was not trained within two minutes");
            await Task.Delay(100);
        }
    }

    private async Task<HttpResponseMessage> PredictAsync(string body, string model = Model)
    {
        await WaitForDemoAsync();
        return await client.PostRawAsync($"/v1/models/{model}/predict", body);
    }

    [Fact]
    public async Task SingleText_ReturnsLabelAndProbabilities()
    {
        var result = await (await PredictAsync("{\"text\":\"I was charged twice for my order\"}")).ReadJsonAsync(HttpStatusCode.OK);

        Assert.Equal(Model, (string?)result["model"]);
        Assert.Equal(1, (int?)result["version"]);
        var prediction = result["predictions"]!.AsArray().Single()!;
        Assert.True(Guid.TryParse((string?)prediction["id"], out _));
        var scores = prediction["scores"]!.AsObject();
        Assert.Equal(6, scores.Count);
        Assert.InRange(scores.Sum(s => (double)s.Value!), 0.999, 1.001);
        var best = scores.MaxBy(s => (double)s.Value!);
        Assert.Equal(best.Key, (string?)prediction["label"]);
        Assert.Equal((double)best.Value!, (double)prediction["score"]!);
        Assert.Equal("billing", (string?)prediction["label"]);
    }

    [Fact]
    public async Task Batch_ReturnsOnePredictionPerTextInOrder()
    {
        var result = await (await PredictAsync("{\"texts\":[\"where is my parcel, tracking shows nothing\",\"thank you so much, great service!\"],\"version\":\"production\"}"))
            .ReadJsonAsync(HttpStatusCode.OK);

        var labels = result["predictions"]!.AsArray().Select(p => (string?)p!["label"]).ToList();
        Assert.Equal(["shipping", "praise"], labels);
    }

    [Theory]
    [InlineData("{}", HttpStatusCode.BadRequest, "text-required")]
    [InlineData("{\"text\":null}", HttpStatusCode.BadRequest, "text-required")]
    [InlineData("{\"texts\":[]}", HttpStatusCode.BadRequest, "text-required")]
    [InlineData("{\"text\":\"   \"}", HttpStatusCode.BadRequest, "empty-text")]
    [InlineData("{\"texts\":[\"ok\",\"\"]}", HttpStatusCode.BadRequest, "empty-text")]
    [InlineData("{\"text\":\"a\",\"texts\":[\"b\"]}", HttpStatusCode.BadRequest, "conflicting-text-fields")]
    [InlineData("{\"texts\":[\"1\",\"2\",\"3\",\"4\",\"5\",\"6\",\"7\",\"8\",\"9\"]}", HttpStatusCode.BadRequest, "too-many-texts")]
    [InlineData("{\"text\":\"hi\",\"version\":0}", HttpStatusCode.BadRequest, "invalid-version")]
    [InlineData("{\"text\":\"hi\",\"version\":\"Bad Alias\"}", HttpStatusCode.BadRequest, "invalid-version")]
    [InlineData("{\"text\":\"hi\",\"version\":{}}", HttpStatusCode.BadRequest, "invalid-version")]
    [InlineData("{\"text\":\"hi\",\"version\":99}", HttpStatusCode.NotFound, "version-not-found")]
    [InlineData("{\"text\":\"hi\",\"version\":\"staging\"}", HttpStatusCode.NotFound, "version-not-found")]
    public async Task BadRequests_AreRefusedWithAClearProblem(string body, HttpStatusCode status, string code)
    {
        await (await PredictAsync(body)).AssertProblemAsync(status, code);
    }

    [Fact]
    public async Task UnknownModel_Is404()
    {
        await (await PredictAsync("{\"text\":\"hi\"}", "no-such-model")).AssertProblemAsync(HttpStatusCode.NotFound, "model-not-found");
    }

    [Fact]
    public async Task OversizeBody_Is413()
    {
        var body = new JsonObject { ["text"] = new string('a', 5000) }.ToJsonString();
        await (await PredictAsync(body)).AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge, "payload-too-large");
    }

    [Fact]
    public async Task OversizeChunkedBody_Is413()
    {
        await WaitForDemoAsync();
        using var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(new JsonObject { ["text"] = new string('a', 5000) }.ToJsonString())));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/models/{Model}/predict") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        await (await client.SendAsync(request)).AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge, "payload-too-large");
    }

    [Fact]
    public async Task AnotherAccountsModel_Is404AsIfItDidNotExist()
    {
        await WaitForDemoAsync();
        using var other = factory.CreateClientWithKey(await factory.CreateAccountAsync("snooper"));

        var problem = await (await other.PostRawAsync($"/v1/models/{Model}/predict", "{\"text\":\"hi\"}")).AssertProblemAsync(HttpStatusCode.NotFound, "model-not-found");
        var unknown = await (await other.PostRawAsync("/v1/models/never-existed/predict", "{\"text\":\"hi\"}")).AssertProblemAsync(HttpStatusCode.NotFound, "model-not-found");

        Assert.Equal(((string?)unknown["detail"])!.Replace("never-existed", Model, StringComparison.Ordinal), (string?)problem["detail"]);
        await (await other.GetAsync(new Uri($"/v1/models/{Model}", UriKind.Relative))).AssertProblemAsync(HttpStatusCode.NotFound, "model-not-found");
        Assert.Empty((await other.GetJsonAsync("/v1/models"))["items"]!.AsArray());
    }
}
