using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using ModelMint.Domain.Datasets;
using ModelMint.Server.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ModelMint.Server.Tests.Flows;

/// <summary>
/// The whole loop on real data (rt_polarity, fixed seed): upload → train → poll → inspect the version → predict the
/// test split through the API → the stored metrics agree with those predictions → promote and roll back an alias.
/// </summary>
public sealed class TrainPredictPromoteFlowTests(ModelMintFactory factory, ITestOutputHelper output) : IClassFixture<ModelMintFactory>
{
    [Fact]
    public async Task RtPolarity_TrainedThroughTheApi_MetricsMatchPredictionsAndAliasesMove()
    {
        using var client = factory.CreateOperatorClient();
        var trainBytes = await File.ReadAllBytesAsync(SharedData.Path("rt_polarity", "train.csv"));
        var testBytes = await File.ReadAllBytesAsync(SharedData.Path("rt_polarity", "test.csv"));
        var train = await client.UploadOkAsync(trainBytes, "rt_polarity-train.csv");
        var test = await client.UploadOkAsync(testBytes, "rt_polarity-test.csv");
        Assert.Equal(8530, (int?)train["rows"]);

        // Progress is visible while the job runs and reaches 1 when it succeeds.
        var created = await (await client.PostJsonAsync("/v1/training-jobs", new { datasetId = (string)train["id"]!, testDatasetId = (string)test["id"]!, modelName = "rt-sentiment", trainer = "auto", seed = 7 }))
            .ReadJsonAsync(HttpStatusCode.Accepted);
        var job = await client.WaitForJobAsync((string)created["id"]!);
        Assert.True((string?)job["status"] == "succeeded", job.ToJsonString());
        Assert.Equal(1.0, (double?)job["progress"]);
        Assert.Equal(1, (int?)job["modelVersion"]);
        output.WriteLine($"accuracy {job["metrics"]!["accuracy"]}, macro-F1 {job["metrics"]!["macroF1"]}");

        var version = await client.GetJsonAsync("/v1/models/rt-sentiment/versions/1");
        var lineage = version["lineage"]!;
        Assert.Equal((string?)train["digest"], (string?)lineage["datasetDigest"]);
        Assert.Equal((string?)test["digest"], (string?)lineage["testDatasetDigest"]);
        Assert.Equal("auto", (string?)lineage["trainer"]);
        Assert.Equal(7, (int?)lineage["seed"]);
        Assert.True((double?)lineage["trainingSeconds"] > 0);
        Assert.Contains("production", version["aliases"]!.AsArray().Select(a => (string?)a));
        var metrics = version["metrics"]!;
        Assert.True((double)metrics["accuracy"]! >= 0.74, $"accuracy {metrics["accuracy"]} is below the floor");

        // Predict the whole test split through the API and recompute the metrics from the answers.
        var rows = DatasetParser.Parse(testBytes, DatasetFormat.Csv).Rows;
        var labels = version["labels"]!.AsArray().Select(l => (string)l!).ToList();
        var confusion = new int[labels.Count, labels.Count];
        var correct = 0;
        foreach (var batch in rows.Chunk(200))
        {
            var result = await (await client.PostJsonAsync("/v1/models/rt-sentiment/predict", new { texts = batch.Select(r => r.Text).ToArray() })).ReadJsonAsync(HttpStatusCode.OK);
            Assert.Equal(1, (int?)result["version"]);
            var predictions = result["predictions"]!.AsArray();
            for (var i = 0; i < batch.Length; i++)
            {
                var predicted = (string)predictions[i]!["label"]!;
                confusion[labels.IndexOf(batch[i].Label), labels.IndexOf(predicted)]++;
                correct += predicted == batch[i].Label ? 1 : 0;
            }
        }

        Assert.Equal(rows.Count, (int?)metrics["testRows"]);
        Assert.Equal((double)correct / rows.Count, (double)metrics["accuracy"]!, 9);
        var stored = metrics["confusionMatrix"]!;
        Assert.Equal(labels, stored["labels"]!.AsArray().Select(l => (string)l!).ToList());
        for (var a = 0; a < labels.Count; a++)
        {
            for (var p = 0; p < labels.Count; p++)
            {
                Assert.Equal(confusion[a, p], (int)stored["counts"]![a]![p]!);
            }
        }

        var perClass = metrics["perClass"]!.AsArray();
        var macroF1 = perClass.Average(c => (double)c!["f1"]!);
        Assert.Equal(macroF1, (double)metrics["macroF1"]!, 9);
        foreach (var c in perClass)
        {
            var i = labels.IndexOf((string)c!["label"]!);
            var tp = confusion[i, i];
            var support = Enumerable.Range(0, labels.Count).Sum(p => confusion[i, p]);
            var predictedCount = Enumerable.Range(0, labels.Count).Sum(a => confusion[a, i]);
            Assert.Equal(support, (int)c["support"]!);
            Assert.Equal((double)tp / support, (double)c["recall"]!, 9);
            Assert.Equal((double)tp / predictedCount, (double)c["precision"]!, 9);
        }

        // A second version, trained on a held-out split of the same data; the alias decides which one answers.
        var second = await client.TrainAsync(new { datasetId = (string)train["id"]!, modelName = "rt-sentiment", testFraction = 0.25, seed = 11 });
        Assert.True((string?)second["status"] == "succeeded", second.ToJsonString());
        Assert.Equal(2, (int?)second["modelVersion"]);
        Assert.Equal(1, await DefaultVersionAsync(client));

        var promoted = await (await client.PutAsJsonAsync("/v1/models/rt-sentiment/aliases/production", new { version = 2 })).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(1, (int?)promoted["previousVersion"]);
        Assert.Equal(2, await DefaultVersionAsync(client));

        await (await client.PutAsJsonAsync("/v1/models/rt-sentiment/aliases/production", new { version = 1 })).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(1, await DefaultVersionAsync(client));
        var model = await client.GetJsonAsync("/v1/models/rt-sentiment");
        Assert.Equal(1, (int?)model["aliases"]!["production"]);
        Assert.Equal(2, model["versions"]!.AsArray().Count);
        var v2 = await client.GetJsonAsync("/v1/models/rt-sentiment/versions/2");
        Assert.Equal(0.25, (double?)v2["lineage"]!["testFraction"]);
        Assert.Null(v2["lineage"]!["testDatasetId"]);
    }

    [Fact]
    public async Task MovingAnAlias_ToAMissingVersionOrWithABadName_IsRefused()
    {
        using var client = factory.CreateOperatorClient();
        var dataset = await client.UploadOkAsync(Encoding.UTF8.GetBytes("text,label\ngood film,pos\ngreat film,pos\nbad film,neg\nawful film,neg\nfine film,pos\npoor film,neg\n"), "tiny.csv");
        var job = await client.TrainAsync(new { datasetId = (string)dataset["id"]!, modelName = "tiny" });
        Assert.Equal("succeeded", (string?)job["status"]);

        await (await client.PutAsJsonAsync("/v1/models/tiny/aliases/production", new { version = 5 })).AssertProblemAsync(HttpStatusCode.NotFound, "version-not-found");
        await (await client.PutAsJsonAsync("/v1/models/tiny/aliases/Not%20Valid", new { version = 1 })).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid-alias");
        await (await client.PutAsJsonAsync("/v1/models/tiny/aliases/candidate", new { })).AssertProblemAsync(HttpStatusCode.BadRequest, "version-required");
        await (await client.PutAsJsonAsync("/v1/models/nope/aliases/candidate", new { version = 1 })).AssertProblemAsync(HttpStatusCode.NotFound, "model-not-found");
        await (await client.GetAsync(new Uri("/v1/models/tiny/versions/9", UriKind.Relative))).AssertProblemAsync(HttpStatusCode.NotFound, "version-not-found");
        Assert.Equal(1, (int?)(await client.GetJsonAsync("/v1/models/tiny"))["aliases"]!["production"]);
    }

    private static async Task<int> DefaultVersionAsync(HttpClient client)
    {
        var result = await (await client.PostJsonAsync("/v1/models/rt-sentiment/predict", new { text = "a moving, beautifully acted film" })).ReadJsonAsync(HttpStatusCode.OK);
        return (int)result["version"]!;
    }
}
