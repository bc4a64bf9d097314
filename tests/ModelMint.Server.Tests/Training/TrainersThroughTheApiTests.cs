using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using ModelMint.Server.Tests.Infrastructure;

namespace ModelMint.Server.Tests.Training;

/// <summary>Named trainers, multi-label data, curves, leaderboards and reproducibility, end to end through the API.</summary>
public sealed class TrainersThroughTheApiTests(ModelMintFactory factory) : IClassFixture<ModelMintFactory>
{
    private static readonly string DemoCsv = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Demo", "customer-messages.csv"));

    private async Task<string> UploadAsync(HttpClient client, string csv, string file = "data.csv") =>
        (string)(await client.UploadOkAsync(Encoding.UTF8.GetBytes(csv), file))["id"]!;

    [Fact]
    public async Task Auto_RecordsItsLeaderboardAndCurve_AndIsReproducible()
    {
        using var client = factory.CreateOperatorClient();
        var datasetId = await UploadAsync(client, DemoCsv);

        var first = await client.TrainAsync(new { datasetId, modelName = "repro", seed = 3 });
        var second = await client.TrainAsync(new { datasetId, modelName = "repro", seed = 3 });

        Assert.Equal("succeeded", (string?)first["status"]);
        Assert.Equal(first["metrics"]!.ToJsonString(), second["metrics"]!.ToJsonString());
        Assert.NotNull((double?)first["metrics"]!["expectedCalibrationError"]);
        var lineage = (await client.GetJsonAsync("/v1/models/repro/versions/1"))["lineage"]!;
        var leaderboard = lineage["leaderboard"]!.AsArray();
        Assert.NotEmpty(leaderboard);
        Assert.Single(leaderboard, e => (bool)e!["chosen"]!);
        var curve = await client.GetJsonAsync($"/v1/training-jobs/{first["id"]}/curve");
        Assert.Equal("succeeded", (string?)curve["status"]);
        Assert.Equal(leaderboard.Count, curve["points"]!.AsArray().Count(p => (string?)p!["series"] == "auto"));
    }

    [Fact]
    public async Task BiLstm_TrainsWithSmallSettings_AndReportsOneCurvePointPerEpoch()
    {
        using var client = factory.CreateOperatorClient();
        var datasetId = await UploadAsync(client, DemoCsv);

        var job = await client.TrainAsync(new
        {
            datasetId,
            modelName = "demo-bilstm",
            trainer = "bilstm",
            parameters = new Dictionary<string, string> { ["epochs"] = "3", ["patience"] = "3", ["embeddingDim"] = "16", ["hiddenSize"] = "16", ["denseSize"] = "16", ["minCount"] = "1" },
        });

        Assert.True((string?)job["status"] == "succeeded", job.ToJsonString());
        var points = (await client.GetJsonAsync($"/v1/training-jobs/{job["id"]}/curve"))["points"]!.AsArray();
        Assert.Equal(3, points.Count);
        Assert.All(points, p => Assert.NotNull((double?)p!["validationLoss"]));
        var prediction = await (await client.PostJsonAsync("/v1/models/demo-bilstm/predict", new { text = "my card was charged twice" })).ReadJsonAsync(HttpStatusCode.OK);
        Assert.InRange(prediction["predictions"]![0]!["scores"]!.AsObject().Sum(s => (double)s.Value!), 0.999, 1.001);
    }

    [Fact]
    public async Task LightGbm_TrainsAndPredicts()
    {
        using var client = factory.CreateOperatorClient();
        var datasetId = await UploadAsync(client, DemoCsv);

        var job = await client.TrainAsync(new { datasetId, modelName = "demo-lgbm", trainer = "lightgbm", parameters = new Dictionary<string, string> { ["numberOfIterations"] = "30" } });

        Assert.True((string?)job["status"] == "succeeded", job.ToJsonString());
        Assert.True((double)job["metrics"]!["accuracy"]! > 0.3);
    }

    [Theory]
    [InlineData("bilstm", "epochs", "-1")]
    [InlineData("bilstm", "learningRate", "0")]
    [InlineData("lightgbm", "numberOfLeaves", "1")]
    [InlineData("auto", "timeBudgetSeconds", "0")]
    public async Task BadTrainerParameters_Are400(string trainer, string name, string value)
    {
        using var client = factory.CreateOperatorClient();
        var datasetId = await UploadAsync(client, DemoCsv);

        var problem = await (await client.PostJsonAsync("/v1/training-jobs", new { datasetId, modelName = "bad-params", trainer, parameters = new Dictionary<string, string> { [name] = value } }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "invalid-parameters");

        Assert.Contains(name, (string?)problem["detail"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task MultiLabelDataset_TrainsAMultiLabelModel_WhosePredictionsListEveryLabelThatApplies()
    {
        using var client = factory.CreateOperatorClient();
        var csv = new StringBuilder("text,labels\n");
        string[] sport = ["the match ended in a late goal", "our team won the league final", "the striker scored twice"];
        string[] weather = ["heavy rain is expected tomorrow", "a storm with strong wind is coming", "sunny and warm all week"];
        string[] money = ["the bank raised interest rates", "stock prices fell sharply", "my salary arrived late this month"];
        for (var i = 0; i < 60; i++)
        {
            csv.Append($"\"{sport[i % 3]} number {i}\",sport\n");
            csv.Append($"\"{weather[i % 3]} number {i}\",weather\n");
            csv.Append($"\"{money[i % 3]} number {i}\",money\n");
            csv.Append($"\"{sport[i % 3]} while {weather[(i + 1) % 3]} item {i}\",sport|weather\n");
            csv.Append($"\"{money[i % 3]} and {sport[(i + 2) % 3]} entry {i}\",money|sport\n");
        }

        var dataset = await client.UploadOkAsync(Encoding.UTF8.GetBytes(csv.ToString()), "topics.csv");
        Assert.True((bool)dataset["multiLabel"]!);

        await (await client.PostJsonAsync("/v1/training-jobs", new { datasetId = (string)dataset["id"]!, modelName = "topics", trainer = "lightgbm" }))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "trainer-not-multi-label");
        var job = await client.TrainAsync(new { datasetId = (string)dataset["id"]!, modelName = "topics" });

        Assert.True((string?)job["status"] == "succeeded", job.ToJsonString());
        var metrics = job["metrics"]!;
        Assert.Equal("multi-label", (string?)metrics["task"]);
        Assert.True((double)metrics["microF1"]! > 0.9, metrics.ToJsonString());
        Assert.Equal(3, metrics["perClass"]!.AsArray().Count);
        var result = await (await client.PostJsonAsync("/v1/models/topics/predict", new { text = "the team won the final while heavy rain fell" })).ReadJsonAsync(HttpStatusCode.OK);
        var labels = result["predictions"]![0]!["labels"]!.AsArray().Select(l => (string?)l).ToList();
        Assert.Contains("sport", labels);
        Assert.DoesNotContain("money", labels);
    }

    [Fact]
    public async Task SingleLabelTestSetForAMultiLabelDataset_Is422()
    {
        using var client = factory.CreateOperatorClient();
        var multi = await UploadAsync(client, "text,labels\na b,x|y\nc d,x\ne f,y\ng h,x|y\n");
        var single = await UploadAsync(client, "text,label\na b,x\nc d,y\n");

        await (await client.PostJsonAsync("/v1/training-jobs", new { datasetId = multi, testDatasetId = single, modelName = "mixed" }))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "test-kind-mismatch");
    }
}
