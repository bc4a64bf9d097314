using System.Net;
using System.Text;
using System.Text.Json;
using ModelMint.Cli.Tests.Fakes;
using ModelMint.Client;

namespace ModelMint.Cli.Tests.Client;

public sealed class ModelMintClientTests
{
    private readonly FakeApi _api = new();

    [Fact]
    public async Task AnyV1Request_CarriesTheKeyAsABearerToken()
    {
        _api.OnJson(HttpMethod.Get, "/v1/models", """{"items": []}""");

        await _api.CreateClient("mm_secret").ListModelsAsync();

        Assert.Equal("Bearer mm_secret", Assert.Single(_api.Requests).Authorization);
    }

    [Fact]
    public async Task TwoClientsSharingAnHttpClient_EachSendTheirOwnKey_WithoutTouchingDefaultHeaders()
    {
        _api.OnJson(HttpMethod.Get, "/v1/models", """{"items": []}""");
        using var http = _api.CreateHttpClient();

        await new ModelMintClient(http, "mm_alice").ListModelsAsync();
        await new ModelMintClient(http, "mm_bob").ListModelsAsync();

        Assert.Equal(["Bearer mm_alice", "Bearer mm_bob"], _api.Requests.Select(r => r.Authorization));
        Assert.Null(http.DefaultRequestHeaders.Authorization);
    }

    [Fact]
    public async Task Health_AsksHealthz_WithoutAKey()
    {
        _api.OnJson(HttpMethod.Get, "/healthz", """{"status": "ok"}""");

        var health = await _api.CreateClient("mm_secret").HealthAsync();

        Assert.Equal("ok", health.Status);
        Assert.Null(Assert.Single(_api.Requests).Authorization);
    }

    [Fact]
    public async Task PredictWithOneText_SendsText_NotTexts()
    {
        _api.OnJson(HttpMethod.Post, "/v1/models/sentiment/predict", ContractJson.Predictions(("positive", 0.93)));

        var response = await _api.CreateClient().PredictAsync("sentiment", ["great product"]);

        using var body = JsonDocument.Parse(Assert.Single(_api.Requests).Body);
        Assert.Equal("great product", body.RootElement.GetProperty("text").GetString());
        Assert.False(body.RootElement.TryGetProperty("texts", out _));
        Assert.False(body.RootElement.TryGetProperty("version", out _));
        var prediction = Assert.Single(response.Predictions);
        Assert.Equal("positive", prediction.Label);
        Assert.Equal(0.93, prediction.Score, 3);
        Assert.Equal(0.07, prediction.Scores["negative"], 3);
        Assert.Equal(3, response.Version);
    }

    [Fact]
    public async Task PredictWithSeveralTexts_SendsTexts_NotText()
    {
        _api.OnJson(HttpMethod.Post, "/v1/models/sentiment/predict", ContractJson.Predictions(("positive", 0.9), ("negative", 0.8)));

        var response = await _api.CreateClient().PredictAsync("sentiment", ["great", "awful"]);

        using var body = JsonDocument.Parse(Assert.Single(_api.Requests).Body);
        Assert.Equal(["great", "awful"], body.RootElement.GetProperty("texts").EnumerateArray().Select(t => t.GetString()));
        Assert.False(body.RootElement.TryGetProperty("text", out _));
        Assert.Equal(["positive", "negative"], response.Predictions.Select(p => p.Label));
    }

    [Theory]
    [InlineData("3", JsonValueKind.Number, "3")]
    [InlineData("production", JsonValueKind.String, "production")]
    [InlineData("v3", JsonValueKind.String, "v3")]
    public async Task PredictVersion_IsSentAsANumberWhenNumeric_ElseAsAnAlias(string version, JsonValueKind kind, string raw)
    {
        _api.OnJson(HttpMethod.Post, "/v1/models/sentiment/predict", ContractJson.Predictions(("positive", 0.9)));

        await _api.CreateClient().PredictAsync("sentiment", "great", version);

        using var body = JsonDocument.Parse(Assert.Single(_api.Requests).Body);
        var sent = body.RootElement.GetProperty("version");
        Assert.Equal(kind, sent.ValueKind);
        Assert.Equal(raw, kind == JsonValueKind.String ? sent.GetString() : sent.GetRawText());
    }

    [Fact]
    public async Task PredictWithNoTexts_IsRefusedBeforeSending()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _api.CreateClient().PredictAsync("sentiment", Array.Empty<string>()));

        Assert.Empty(_api.Requests);
    }

    [Fact]
    public async Task ProblemResponse_ThrowsApiException_WithEveryProblemField()
    {
        _api.OnProblem(HttpMethod.Post, "/v1/datasets", HttpStatusCode.BadRequest, """
            {
              "type": "https://modelmint.dev/problems/invalid-dataset",
              "title": "The dataset is not valid",
              "status": 400,
              "detail": "Line 12 has 3 columns; expected text,label.",
              "code": "invalid-dataset",
              "line": 12,
              "errors": { "file": ["has 3 columns"] }
            }
            """);
        using var csv = new MemoryStream("text,label\n"u8.ToArray());

        var ex = await Assert.ThrowsAsync<ModelMintApiException>(() => _api.CreateClient().UploadDatasetAsync(csv, "bad.csv"));

        Assert.Equal(400, ex.Status);
        Assert.Equal("https://modelmint.dev/problems/invalid-dataset", ex.Type);
        Assert.Equal("invalid-dataset", ex.Code);
        Assert.Equal("The dataset is not valid", ex.Title);
        Assert.Equal("Line 12 has 3 columns; expected text,label.", ex.Detail);
        Assert.Equal(12, ex.Line);
        Assert.Equal(["has 3 columns"], ex.Errors["file"]);
        Assert.Equal(ex.Detail, ex.Message);
    }

    [Fact]
    public async Task ProblemWithoutCodeMember_TakesTheCodeFromTheTypeUri()
    {
        _api.OnProblem(HttpMethod.Get, "/v1/models/x", HttpStatusCode.NotFound,
            """{"type": "https://modelmint.dev/problems/model-not-found", "title": "Not found", "status": 404}""");

        var ex = await Assert.ThrowsAsync<ModelMintApiException>(() => _api.CreateClient().GetModelAsync("x"));

        Assert.Equal("model-not-found", ex.Code);
        Assert.Null(ex.Detail);
        Assert.Equal("Not found", ex.Message);
    }

    [Fact]
    public async Task PlainTextErrorBody_BecomesTheDetail()
    {
        _api.On(HttpMethod.Get, "/v1/models", _ => new HttpResponseMessage(HttpStatusCode.BadGateway)
        {
            Content = new StringContent("upstream is down", Encoding.UTF8, "text/plain"),
        });

        var ex = await Assert.ThrowsAsync<ModelMintApiException>(() => _api.CreateClient().ListModelsAsync());

        Assert.Equal(502, ex.Status);
        Assert.Equal("upstream is down", ex.Detail);
        Assert.Null(ex.Code);
        Assert.Null(ex.Line);
    }

    [Fact]
    public async Task EmptyErrorBody_StillGivesAMessageWithTheStatus()
    {
        _api.On(HttpMethod.Get, "/v1/keys", _ => new HttpResponseMessage(HttpStatusCode.Unauthorized));

        var ex = await Assert.ThrowsAsync<ModelMintApiException>(() => _api.CreateClient().ListKeysAsync());

        Assert.Equal(401, ex.Status);
        Assert.Contains("401", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WaitForTrainingJob_PollsUntilATerminalStatus_ReportingEveryPoll()
    {
        _api.OnJsonSequence(HttpMethod.Get, $"/v1/training-jobs/{ContractJson.JobId}",
            ContractJson.Job("queued", 0),
            ContractJson.Job("running", 0.5),
            ContractJson.Job("succeeded", 1, withResult: true));
        var reported = new List<TrainingJob>();

        var job = await _api.CreateClient().WaitForTrainingJobAsync(
            ContractJson.JobId, new InlineProgress(reported.Add), TimeSpan.Zero);

        Assert.Equal(3, _api.Requests.Count);
        Assert.Equal(
            [TrainingJobStatus.Queued, TrainingJobStatus.Running, TrainingJobStatus.Succeeded],
            reported.Select(j => j.Status));
        Assert.Equal(TrainingJobStatus.Succeeded, job.Status);
        Assert.Equal(3, job.ModelVersion);
        Assert.Equal(0.912, job.Metrics!.Accuracy, 3);
        Assert.Equal([[13, 1], [2, 8]], job.Metrics.ConfusionMatrix!.Counts);
    }

    [Fact]
    public async Task WaitForTrainingJob_ReturnsAFailedJob_RatherThanThrowing()
    {
        _api.OnJsonSequence(HttpMethod.Get, $"/v1/training-jobs/{ContractJson.JobId}",
            ContractJson.Job("running", 0.2),
            ContractJson.Job("failed", 0.2, error: "only one label in the dataset"));

        var job = await _api.CreateClient().WaitForTrainingJobAsync(ContractJson.JobId, pollInterval: TimeSpan.Zero);

        Assert.Equal(TrainingJobStatus.Failed, job.Status);
        Assert.Equal("only one label in the dataset", job.Error);
    }

    [Fact]
    public async Task CreateTrainingJob_LeavesUnsetOptionsOut_SoTheServerDefaultsApply()
    {
        _api.OnJson(HttpMethod.Post, "/v1/training-jobs", ContractJson.Job("queued", 0), HttpStatusCode.Accepted);

        await _api.CreateClient().CreateTrainingJobAsync(new CreateTrainingJobRequest(ContractJson.DatasetId, "sentiment", Seed: 7));

        using var body = JsonDocument.Parse(Assert.Single(_api.Requests).Body);
        Assert.Equal(
            ["datasetId", "modelName", "seed"],
            body.RootElement.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal(ContractJson.DatasetId, body.RootElement.GetProperty("datasetId").GetGuid());
        Assert.Equal(7, body.RootElement.GetProperty("seed").GetInt32());
    }

    [Fact]
    public async Task UploadDataset_SendsTheFileAndName_AsMultipart_AndLeavesTheStreamOpen()
    {
        _api.OnJson(HttpMethod.Post, "/v1/datasets", ContractJson.Dataset(), HttpStatusCode.Created);
        using var csv = new MemoryStream("text,label\ngreat,positive\n"u8.ToArray());

        var dataset = await _api.CreateClient().UploadDatasetAsync(csv, "reviews.csv", "reviews");

        var request = Assert.Single(_api.Requests);
        Assert.Equal("multipart/form-data", request.ContentType);
        Assert.Contains("name=file; filename=reviews.csv", request.Body, StringComparison.Ordinal);
        Assert.Contains("great,positive", request.Body, StringComparison.Ordinal);
        Assert.Contains("name=name", request.Body, StringComparison.Ordinal);
        Assert.True(csv.CanRead);
        Assert.Equal(120, dataset.Rows);
        Assert.Equal(70, dataset.Labels["positive"]);
    }

    [Fact]
    public async Task ModelNames_AreEscapedInThePath()
    {
        _api.OnJson(HttpMethod.Get, "/v1/models/my%20model", ContractJson.Model);

        var model = await _api.CreateClient().GetModelAsync("my model");

        Assert.Equal("/v1/models/my%20model", Assert.Single(_api.Requests).Uri.AbsolutePath);
        Assert.Equal(2, model.Aliases["production"]);
        Assert.Equal(3, model.Versions.Count);
    }

    [Fact]
    public async Task GetModelVersion_ReadsLineageAndMetrics()
    {
        _api.OnJson(HttpMethod.Get, "/v1/models/sentiment/versions/3", ContractJson.ModelVersion());

        var version = await _api.CreateClient().GetModelVersionAsync("sentiment", 3);

        Assert.Equal(ContractJson.JobId, version.Lineage.TrainingJobId);
        Assert.Equal(ContractJson.Digest, version.Lineage.DatasetDigest);
        Assert.Null(version.Lineage.TestDatasetId);
        Assert.Equal(0.2, version.Lineage.TestFraction);
        Assert.Equal("100", version.Lineage.Parameters["maxIterations"]);
        Assert.Equal(["staging"], version.Aliases);
        Assert.Equal("negative", version.Metrics.PerClass[1].Label);
    }

    [Fact]
    public async Task SetAlias_PutsTheVersion_AndReadsThePreviousOne()
    {
        _api.OnJson(HttpMethod.Put, "/v1/models/sentiment/aliases/production",
            """{"model": "sentiment", "alias": "production", "version": 3, "previousVersion": 2}""");

        var move = await _api.CreateClient().SetAliasAsync("sentiment", "production", 3);

        Assert.Equal("""{"version":3}""", Assert.Single(_api.Requests).Body);
        Assert.Equal(2, move.PreviousVersion);
    }

    [Fact]
    public async Task CancelTrainingJob_PostsToTheCancelRoute()
    {
        _api.OnJson(HttpMethod.Post, $"/v1/training-jobs/{ContractJson.JobId}/cancel", ContractJson.Job("cancelled", 0.3));

        var job = await _api.CreateClient().CancelTrainingJobAsync(ContractJson.JobId);

        Assert.Equal(TrainingJobStatus.Cancelled, job.Status);
    }

    [Fact]
    public async Task Keys_CanBeCreatedListedAndRevoked()
    {
        _api.OnJson(HttpMethod.Post, "/v1/keys", $$"""
            {"id": "{{ContractJson.KeyId}}", "name": "ci", "prefix": "mm_ab12", "key": "mm_ab12secret",
             "createdAt": "2025-06-01T10:00:00Z", "expiresAt": "2026-01-01T00:00:00Z"}
            """, HttpStatusCode.Created);
        _api.OnJson(HttpMethod.Get, "/v1/keys", $$"""
            {"items": [{"id": "{{ContractJson.KeyId}}", "name": "ci", "prefix": "mm_ab12",
                        "createdAt": "2025-06-01T10:00:00Z", "lastUsedAt": null}]}
            """);
        _api.On(HttpMethod.Delete, $"/v1/keys/{ContractJson.KeyId}", _ => new HttpResponseMessage(HttpStatusCode.NoContent));
        var client = _api.CreateClient();

        var created = await client.CreateKeyAsync("ci", new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var listed = await client.ListKeysAsync();
        await client.RevokeKeyAsync(created.Id);

        Assert.Equal("mm_ab12secret", created.Key);
        Assert.Contains("\"expiresAt\":\"2026-01-01T00:00:00+00:00\"", _api.Requests[0].Body, StringComparison.Ordinal);
        Assert.Equal("mm_ab12", Assert.Single(listed).Prefix);
        Assert.Equal(HttpMethod.Delete, _api.Requests[2].Method);
    }

    [Fact]
    public void HttpClientWithoutBaseAddress_IsRefused()
    {
        using var http = new HttpClient();

        Assert.Throws<ArgumentException>(() => new ModelMintClient(http, "mm_test"));
    }

    private sealed class InlineProgress(Action<TrainingJob> report) : IProgress<TrainingJob>
    {
        public void Report(TrainingJob value) => report(value);
    }
}
