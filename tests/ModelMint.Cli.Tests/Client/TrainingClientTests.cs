using System.Net;
using ModelMint.Cli.Tests.Fakes;
using ModelMint.Client;

namespace ModelMint.Cli.Tests.Client;

/// <summary>Training curves, multi-label metrics, leaderboards and multi-label datasets and predictions.</summary>
public sealed class TrainingClientTests
{
    private readonly FakeApi _api = new();

    [Fact]
    public async Task GetTrainingCurve_ReadsStatusProgressAndPoints_WithUnmeasuredValuesAsNull()
    {
        _api.OnJson(HttpMethod.Get, $"/v1/training-jobs/{ContractJson.JobId}/curve", ContractJson.Curve("running", 0.45,
            ContractJson.Point("bilstm", 1, 0.61, null, null),
            ContractJson.Point("bilstm", 1, 0.61, 0.52, 0.78)));

        var curve = await _api.CreateClient().GetTrainingCurveAsync(ContractJson.JobId);

        Assert.Equal(ContractJson.JobId, curve.JobId);
        Assert.Equal(TrainingJobStatus.Running, curve.Status);
        Assert.Equal(0.45, curve.Progress);
        Assert.Equal(new CurvePoint("bilstm", 1, 0.61, null, null), curve.Points[0]);
        Assert.Equal(0.78, curve.Points[1].ValidationAccuracy);
    }

    [Fact]
    public async Task FollowTrainingJob_PollsTheCurveUntilATerminalStatus_ThenReturnsTheJob()
    {
        _api.OnJsonSequence(HttpMethod.Get, $"/v1/training-jobs/{ContractJson.JobId}/curve",
            ContractJson.Curve("queued", 0),
            ContractJson.Curve("running", 0.5, ContractJson.Point("auto", 0, null, 0.33, 0.87)),
            ContractJson.Curve("succeeded", 1, ContractJson.Point("auto", 0, null, 0.33, 0.87), ContractJson.Point("auto", 1, null, 0.35, 0.86)));
        _api.OnJson(HttpMethod.Get, $"/v1/training-jobs/{ContractJson.JobId}", ContractJson.Job("succeeded", 1, withResult: true));
        var reported = new List<TrainingCurve>();

        var job = await _api.CreateClient().FollowTrainingJobAsync(ContractJson.JobId, new InlineProgress(reported.Add), TimeSpan.Zero);

        Assert.Equal([0, 1, 2], reported.Select(c => c.Points.Count));
        Assert.Equal(
            [$"/v1/training-jobs/{ContractJson.JobId}/curve", $"/v1/training-jobs/{ContractJson.JobId}/curve",
             $"/v1/training-jobs/{ContractJson.JobId}/curve", $"/v1/training-jobs/{ContractJson.JobId}"],
            _api.Requests.Select(r => r.Path));
        Assert.Equal(TrainingJobStatus.Succeeded, job.Status);
        Assert.Equal(3, job.ModelVersion);
    }

    [Fact]
    public async Task SingleLabelMetrics_CarryTheTaskAndTheCalibrationError()
    {
        _api.OnJson(HttpMethod.Get, $"/v1/training-jobs/{ContractJson.JobId}", ContractJson.Job("succeeded", 1, withResult: true));

        var job = await _api.CreateClient().GetTrainingJobAsync(ContractJson.JobId);

        Assert.Equal(ClassificationTasks.SingleLabel, job.Metrics!.Task);
        Assert.False(job.Metrics.IsMultiLabel);
        Assert.Equal(0.0312, job.Metrics.ExpectedCalibrationError);
        Assert.Null(job.Metrics.MicroF1);
        Assert.Equal(0.2, job.TestFraction);
        Assert.Equal(42, job.Seed);
    }

    [Fact]
    public async Task MultiLabelMetrics_HaveMicroF1AndHammingLoss_AndNoConfusionMatrix()
    {
        _api.OnJson(HttpMethod.Get, "/v1/models/intents/versions/1",
            ContractJson.ModelVersion().Replace(ContractJson.Metrics, ContractJson.MultiLabelMetrics, StringComparison.Ordinal));

        var version = await _api.CreateClient().GetModelVersionAsync("intents", 1);

        Assert.True(version.Metrics.IsMultiLabel);
        Assert.Equal(0.721, version.Metrics.MicroF1);
        Assert.Equal(0.0875, version.Metrics.HammingLoss);
        Assert.Equal(0.044, version.Metrics.ExpectedCalibrationError);
        Assert.Null(version.Metrics.ConfusionMatrix);
    }

    [Fact]
    public async Task MetricsFromAnOlderServer_DefaultToSingleLabel()
    {
        _api.OnJson(HttpMethod.Get, $"/v1/training-jobs/{ContractJson.JobId}", ContractJson.Job("succeeded", 1, withResult: true)
            .Replace("\"task\": \"single-label\",", string.Empty, StringComparison.Ordinal)
            .Replace("\"expectedCalibrationError\": 0.0312,", string.Empty, StringComparison.Ordinal));

        var job = await _api.CreateClient().GetTrainingJobAsync(ContractJson.JobId);

        Assert.Equal(ClassificationTasks.SingleLabel, job.Metrics!.Task);
        Assert.Null(job.Metrics.ExpectedCalibrationError);
    }

    [Fact]
    public async Task Lineage_ReadsTheLeaderboardInTheOrderTried()
    {
        _api.OnJson(HttpMethod.Get, "/v1/models/sentiment/versions/3", ContractJson.ModelVersion(ContractJson.Leaderboard));

        var version = await _api.CreateClient().GetModelVersionAsync("sentiment", 3);

        var leaderboard = version.Lineage.Leaderboard!;
        Assert.Equal(["svm c=0.5", "svm c=0.1", "svm c=1"], leaderboard.Select(e => e.Candidate));
        Assert.Equal("svm c=1", Assert.Single(leaderboard, e => e.Chosen).Candidate);
        Assert.Equal(0.3207, leaderboard[2].ValidationLogLoss);
        Assert.Equal("0.1", leaderboard[1].Parameters["c"]);
    }

    [Fact]
    public async Task Dataset_SaysWhetherItIsMultiLabel()
    {
        _api.OnJson(HttpMethod.Get, $"/v1/datasets/{ContractJson.DatasetId}",
            ContractJson.Dataset().Replace("\"rows\": 120,", "\"rows\": 120, \"multiLabel\": true,", StringComparison.Ordinal));

        var dataset = await _api.CreateClient().GetDatasetAsync(ContractJson.DatasetId);

        Assert.True(dataset.MultiLabel);
    }

    [Fact]
    public async Task MultiLabelPrediction_ListsEveryLabelAboveTheThreshold()
    {
        _api.OnJson(HttpMethod.Post, "/v1/models/intents/predict", $$"""
            {"model": "intents", "version": 1, "predictions": [
              {"id": "{{Guid.NewGuid()}}", "label": "billing", "score": 0.91,
               "scores": {"billing": 0.91, "refund": 0.64, "shipping": 0.08}, "labels": ["billing", "refund"]}]}
            """);

        var response = await _api.CreateClient().PredictAsync("intents", "charged twice, want my money back");

        Assert.Equal(["billing", "refund"], Assert.Single(response.Predictions).Labels);
    }

    [Fact]
    public async Task SingleLabelPrediction_HasNoLabelsList()
    {
        _api.OnJson(HttpMethod.Post, "/v1/models/sentiment/predict", ContractJson.Predictions(("positive", 0.9)));

        var response = await _api.CreateClient().PredictAsync("sentiment", "great");

        Assert.Null(Assert.Single(response.Predictions).Labels);
    }

    private sealed class InlineProgress(Action<TrainingCurve> report) : IProgress<TrainingCurve>
    {
        public void Report(TrainingCurve value) => report(value);
    }
}
