using System.Net;
using ModelMint.Server.Tests.Infrastructure;

namespace ModelMint.Server.Tests.Training;

/// <summary>Validation and cancellation, with the worker switched off so queued jobs stay queued.</summary>
public sealed class TrainingEndpointsTests : IClassFixture<TrainingEndpointsTests.Factory>
{
    public sealed class Factory : ModelMintFactory
    {
        public Factory() => Settings["Training:WorkerEnabled"] = "false";
    }

    private readonly Factory factory;
    private readonly HttpClient client;

    public TrainingEndpointsTests(Factory factory)
    {
        this.factory = factory;
        client = factory.CreateOperatorClient();
    }

    private async Task<string> UploadAsync(string csv) =>
        (string)(await (await client.UploadAsync(csv)).ReadJsonAsync(HttpStatusCode.Created))["id"]!;

    private const string TwoLabels = "text,label\ngood,pos\ngreat,pos\nbad,neg\nawful,neg\nfine,pos\npoor,neg\n";

    [Fact]
    public async Task Create_QueuesAJob()
    {
        var datasetId = await UploadAsync(TwoLabels);

        var response = await client.PostJsonAsync("/v1/training-jobs", new { datasetId, modelName = "sentiment", trainer = "auto" });
        var job = await response.ReadJsonAsync(HttpStatusCode.Accepted);

        Assert.Equal("queued", (string?)job["status"]);
        Assert.Equal(0, (double?)job["progress"]);
        Assert.Equal($"/v1/training-jobs/{job["id"]}", response.Headers.Location?.ToString());
        Assert.Equal("queued", (string?)(await client.GetJsonAsync($"/v1/training-jobs/{job["id"]}"))["status"]);
    }

    [Theory]
    [InlineData("A")]
    [InlineData("x")]
    [InlineData("-starts-with-dash")]
    [InlineData("has space")]
    [InlineData("UPPER")]
    [InlineData("")]
    public async Task Create_InvalidModelName_Is400AndQueuesNothing(string modelName)
    {
        var datasetId = await UploadAsync(TwoLabels);
        var before = await JobCountAsync();

        var problem = await (await client.PostJsonAsync("/v1/training-jobs", new { datasetId, modelName })).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid-model-name");

        Assert.NotNull(problem["errors"]!["modelName"]);
        Assert.Equal(before, await JobCountAsync());
    }

    [Fact]
    public async Task Create_UnknownDataset_Is404AndQueuesNothing()
    {
        var before = await JobCountAsync();
        await (await client.PostJsonAsync("/v1/training-jobs", new { datasetId = Guid.NewGuid(), modelName = "sentiment" })).AssertProblemAsync(HttpStatusCode.NotFound, "dataset-not-found");
        Assert.Equal(before, await JobCountAsync());
    }

    [Fact]
    public async Task Create_AnotherAccountsDataset_Is404()
    {
        var datasetId = await UploadAsync(TwoLabels);
        using var other = factory.CreateClientWithKey(await factory.CreateAccountAsync("other"));
        await (await other.PostJsonAsync("/v1/training-jobs", new { datasetId, modelName = "stolen" })).AssertProblemAsync(HttpStatusCode.NotFound, "dataset-not-found");
    }

    [Fact]
    public async Task Create_TestSplitWithUnseenLabels_Is422AndQueuesNothing()
    {
        var datasetId = await UploadAsync(TwoLabels);
        var testDatasetId = await UploadAsync("text,label\nok,pos\nmeh,neutral\n");
        var before = await JobCountAsync();

        var problem = await (await client.PostJsonAsync("/v1/training-jobs", new { datasetId, testDatasetId, modelName = "sentiment" }))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "test-labels-unseen");

        Assert.Contains("neutral", (string?)problem["detail"], StringComparison.Ordinal);
        Assert.Equal(before, await JobCountAsync());
    }

    [Theory]
    [InlineData("{\"modelName\":\"m\"}", 400, "dataset-required")]
    [InlineData("{\"datasetId\":\"DATASET\",\"modelName\":\"m1\",\"trainer\":\"magic\"}", 400, "unknown-trainer")]
    [InlineData("{\"datasetId\":\"DATASET\",\"modelName\":\"m1\",\"testFraction\":0.9}", 400, "invalid-test-fraction")]
    [InlineData("{\"datasetId\":\"DATASET\",\"modelName\":\"m1\",\"testFraction\":0.2,\"testDatasetId\":\"DATASET\"}", 400, "conflicting-test-split")]
    [InlineData("{\"datasetId\":\"DATASET\",\"modelName\":\"m1\",\"parameters\":{\"timeBudgetSeconds\":\"0\"}}", 400, "invalid-parameters")]
    [InlineData("{\"datasetId\":\"DATASET\",\"modelName\":\"m1\",\"parameters\":{\"learningRate\":\"0.1\"}}", 400, "invalid-parameters")]
    [InlineData("{\"datasetId\":\"DATASET\",\"modelName\":\"m1\",\"trainer\":\"linear-svm\",\"parameters\":{\"c\":\"-1\"}}", 400, "invalid-parameters")]
    public async Task Create_OtherBadInput_IsRefusedAndQueuesNothing(string body, int status, string code)
    {
        var datasetId = await UploadAsync(TwoLabels);
        var before = await JobCountAsync();

        await (await client.PostRawAsync("/v1/training-jobs", body.Replace("DATASET", datasetId, StringComparison.Ordinal))).AssertProblemAsync((HttpStatusCode)status, code);

        Assert.Equal(before, await JobCountAsync());
    }

    [Fact]
    public async Task Create_InvalidParameter_NamesTheParameterAndWhatIsAllowed()
    {
        var datasetId = await UploadAsync(TwoLabels);

        var problem = await (await client.PostJsonAsync("/v1/training-jobs", new { datasetId, modelName = "m1", parameters = new Dictionary<string, string> { ["timeBudgetSeconds"] = "0" } }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "invalid-parameters");

        Assert.Contains("timeBudgetSeconds", (string?)problem["detail"], StringComparison.Ordinal);
        Assert.Contains("positive", (string?)problem["detail"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancel_QueuedJob_CancelsIt_AndASecondCancelIs409()
    {
        var datasetId = await UploadAsync(TwoLabels);
        var job = await (await client.PostJsonAsync("/v1/training-jobs", new { datasetId, modelName = "to-cancel" })).ReadJsonAsync(HttpStatusCode.Accepted);

        var cancelled = await (await client.PostAsync(new Uri($"/v1/training-jobs/{job["id"]}/cancel", UriKind.Relative), null)).ReadJsonAsync(HttpStatusCode.OK);

        Assert.Equal("cancelled", (string?)cancelled["status"]);
        Assert.NotNull((string?)cancelled["finishedAt"]);
        await (await client.PostAsync(new Uri($"/v1/training-jobs/{job["id"]}/cancel", UriKind.Relative), null)).AssertProblemAsync(HttpStatusCode.Conflict, "job-already-finished");
    }

    [Fact]
    public async Task Get_UnknownJob_Is404()
    {
        await (await client.GetAsync(new Uri($"/v1/training-jobs/{Guid.NewGuid()}", UriKind.Relative))).AssertProblemAsync(HttpStatusCode.NotFound, "training-job-not-found");
    }

    private async Task<int> JobCountAsync() => (await client.GetJsonAsync("/v1/training-jobs"))["items"]!.AsArray().Count;
}
