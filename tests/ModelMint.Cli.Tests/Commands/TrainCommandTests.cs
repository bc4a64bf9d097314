using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using ModelMint.Cli.Tests.Fakes;

namespace ModelMint.Cli.Tests.Commands;

public sealed class TrainCommandTests
{
    private readonly MintHarness _mint = new();

    public TrainCommandTests() =>
        _mint.Api.OnJson(HttpMethod.Post, "/v1/training-jobs", ContractJson.Job("queued", 0), HttpStatusCode.Accepted);

    [Fact]
    public async Task TrainWithoutWait_QueuesTheJob_AndSaysHowToFollowIt()
    {
        var result = await _mint.RunAsync(
            "train", "--dataset", ContractJson.DatasetId.ToString(), "--model", "sentiment",
            "--test-fraction", "0.25", "--seed", "7", "--param", "maxIterations=100");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains($"mint jobs show {ContractJson.JobId}", result.Output, StringComparison.Ordinal);
        using var body = JsonDocument.Parse(Assert.Single(_mint.Api.Requests).Body);
        Assert.Equal("sentiment", body.RootElement.GetProperty("modelName").GetString());
        Assert.Equal(0.25, body.RootElement.GetProperty("testFraction").GetDouble());
        Assert.Equal(7, body.RootElement.GetProperty("seed").GetInt32());
        Assert.Equal("100", body.RootElement.GetProperty("parameters").GetProperty("maxIterations").GetString());
        Assert.False(body.RootElement.TryGetProperty("trainer", out _));
    }

    private static readonly string CurvePath = $"/v1/training-jobs/{ContractJson.JobId}/curve";
    private static readonly string JobPath = $"/v1/training-jobs/{ContractJson.JobId}";

    private static readonly string[] AutoPoints =
    [
        ContractJson.Point("auto", 0, null, 0.3311, 0.874),
        ContractJson.Point("auto", 1, null, 0.3502, 0.861),
        ContractJson.Point("auto", 2, null, 0.3207, 0.881),
    ];

    private static string[] Train(params string[] more) =>
        ["train", "--dataset", ContractJson.DatasetId.ToString(), "--model", "sentiment", .. more];

    [Fact]
    public async Task TrainWithWait_PollsTheCurveToTheEnd_AndRendersTheMetricsTable()
    {
        _mint.Api.OnJsonSequence(HttpMethod.Get, CurvePath,
            ContractJson.Curve("running", 0.3),
            ContractJson.Curve("running", 0.8, AutoPoints[0]),
            ContractJson.Curve("succeeded", 1, AutoPoints));
        _mint.Api.OnJson(HttpMethod.Get, JobPath, ContractJson.Job("succeeded", 1, withResult: true));
        _mint.Api.OnJson(HttpMethod.Get, "/v1/models/sentiment/versions/3", ContractJson.ModelVersion());

        var result = await _mint.RunAsync(Train("--wait"));

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(
            ["/v1/training-jobs", CurvePath, CurvePath, CurvePath, JobPath, "/v1/models/sentiment/versions/3"],
            _mint.Api.Requests.Select(r => r.Path));
        Assert.Contains("Trained sentiment v3 with sdca in 3.0s", result.Output, StringComparison.Ordinal);
        Assert.Matches(@"accuracy\s*│\s*0\.912", result.Output);
        Assert.Matches(@"macro-F1\s*│\s*0\.905", result.Output);
        Assert.Matches(@"ECE\s*│\s*0\.0312", result.Output);
        Assert.Matches(@"label\s*│\s*precision\s*│\s*recall\s*│\s*F1\s*│\s*support", result.Output);
        Assert.Matches(@"positive\s*│\s*0\.930\s*│\s*0\.929\s*│\s*0\.929\s*│\s*14", result.Output);
        Assert.Matches(@"negative\s*│\s*0\.889\s*│\s*0\.800\s*│\s*0\.842\s*│\s*10", result.Output);
        Assert.DoesNotContain("leaderboard", result.Output, StringComparison.Ordinal);
        Assert.Empty(result.Errors);
    }

    [Fact]
    public async Task TrainWithWait_OnAPlainConsole_LogsStatusProgressAndEachCurvePointOnce()
    {
        _mint.Api.OnJsonSequence(HttpMethod.Get, CurvePath,
            ContractJson.Curve("queued", 0),
            ContractJson.Curve("running", 0.42, AutoPoints[0]),
            ContractJson.Curve("running", 0.45, AutoPoints[0]),
            ContractJson.Curve("running", 0.9, AutoPoints[..2]),
            ContractJson.Curve("succeeded", 1, AutoPoints));
        _mint.Api.OnJson(HttpMethod.Get, JobPath, ContractJson.Job("succeeded", 1, withResult: true));
        _mint.Api.OnJson(HttpMethod.Get, "/v1/models/sentiment/versions/3", ContractJson.ModelVersion());

        var result = await _mint.RunAsync(Train("--wait"));

        var lines = result.Output.ReplaceLineEndings("\n").Split('\n');
        Assert.Equal(
            ["sentiment queued",
             "  auto step 0  val loss 0.3311  val accuracy 0.874",
             "sentiment running 42%",
             "  auto step 1  val loss 0.3502  val accuracy 0.861",
             "sentiment running 90%",
             "  auto step 2  val loss 0.3207  val accuracy 0.881",
             "sentiment succeeded"],
            lines.TakeWhile(l => !l.StartsWith("Trained", StringComparison.Ordinal)));
        Assert.DoesNotContain("\u001b[", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TrainWithWait_EpochCurves_ShowTrainingAndValidationLoss()
    {
        _mint.Api.OnJsonSequence(HttpMethod.Get, CurvePath,
            ContractJson.Curve("succeeded", 1,
                ContractJson.Point("bilstm", 1, 0.6931, 0.5512, 0.71),
                ContractJson.Point("bilstm", 2, 0.4402, 0.4988, 0.765)));
        _mint.Api.OnJson(HttpMethod.Get, JobPath, ContractJson.Job("succeeded", 1, withResult: true));
        _mint.Api.OnJson(HttpMethod.Get, "/v1/models/sentiment/versions/3", ContractJson.ModelVersion());

        var result = await _mint.RunAsync(Train("--trainer", "bilstm", "--wait"));

        Assert.Contains("  bilstm step 2  train loss 0.4402  val loss 0.4988  val accuracy 0.765", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TrainWithWait_AfterSuccess_ShowsTheLeaderboard_WithTheChosenCandidateMarked()
    {
        _mint.Api.OnJson(HttpMethod.Get, CurvePath, ContractJson.Curve("succeeded", 1, AutoPoints));
        _mint.Api.OnJson(HttpMethod.Get, JobPath, ContractJson.Job("succeeded", 1, withResult: true));
        _mint.Api.OnJson(HttpMethod.Get, "/v1/models/sentiment/versions/3", ContractJson.ModelVersion(ContractJson.Leaderboard));

        var result = await _mint.RunAsync(Train("--wait"));

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("leaderboard", result.Output, StringComparison.Ordinal);
        Assert.Matches(@"svm c=0\.5\s*│\s*0\.874\s*│\s*0\.3311\s*│\s*0\.42s\s*│\s*│", result.Output);
        Assert.Matches(@"svm c=1\s*│\s*0\.881\s*│\s*0\.3207\s*│\s*0\.55s\s*│\s*✓ chosen", result.Output);
        Assert.Equal(2, result.Output.Split("✓ chosen").Length);
        Assert.Contains("validation: 5-fold; the chosen one is refitted on all rows", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TrainWithWait_MultiLabelModel_ShowsSubsetAccuracyMicroF1AndHammingLoss()
    {
        _mint.Api.OnJson(HttpMethod.Get, CurvePath, ContractJson.Curve("succeeded", 1));
        _mint.Api.OnJson(HttpMethod.Get, JobPath,
            ContractJson.Job("succeeded", 1, withResult: true).Replace(ContractJson.Metrics, ContractJson.MultiLabelMetrics, StringComparison.Ordinal));
        _mint.Api.OnJson(HttpMethod.Get, "/v1/models/sentiment/versions/3", ContractJson.ModelVersion());

        var result = await _mint.RunAsync(Train("--wait"));

        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"task\s*│\s*multi-label", result.Output);
        Assert.Matches(@"subset accuracy\s*│\s*0\.610", result.Output);
        Assert.Matches(@"micro-F1\s*│\s*0\.721", result.Output);
        Assert.Matches(@"Hamming loss\s*│\s*0\.0875", result.Output);
        Assert.Matches(@"ECE\s*│\s*0\.0440", result.Output);
        Assert.Contains("per label", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("confusion matrix", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TrainWithWait_WhenTheLeaderboardCannotBeRead_StillSucceeds()
    {
        _mint.Api.OnJson(HttpMethod.Get, CurvePath, ContractJson.Curve("succeeded", 1));
        _mint.Api.OnJson(HttpMethod.Get, JobPath, ContractJson.Job("succeeded", 1, withResult: true));

        var result = await _mint.RunAsync(Train("--wait"));

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("The leaderboard could not be read", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TrainWithWait_OnAnInteractiveTerminal_RedrawsALiveProgressBarAndCurveTable()
    {
        _mint.Interactive = true;
        _mint.Api.OnJsonSequence(HttpMethod.Get, CurvePath,
            ContractJson.Curve("running", 0.5, AutoPoints[0]),
            ContractJson.Curve("succeeded", 1, AutoPoints));
        _mint.Api.OnJson(HttpMethod.Get, JobPath, ContractJson.Job("succeeded", 1, withResult: true));
        _mint.Api.OnJson(HttpMethod.Get, "/v1/models/sentiment/versions/3", ContractJson.ModelVersion(ContractJson.Leaderboard));

        var result = await _mint.RunAsync(Train("--wait"));

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("\u001b[", result.Output, StringComparison.Ordinal);
        var text = Regex.Replace(result.Output, @"\u001b\[[0-9;?]*[A-Za-z]", string.Empty);
        Assert.Matches(@"sentiment running\s+━+\s+50%", text);
        Assert.Matches(@"sentiment succeeded\s+━+\s+100%", text);
        Assert.Contains("training curve", text, StringComparison.Ordinal);
        Assert.Matches(@"auto\s*│\s*2\s*│\s*-\s*│\s*0\.3207\s*│\s*0\.881", text);
        Assert.Contains("✓ chosen", text, StringComparison.Ordinal);
        Assert.Contains("Trained sentiment v3", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TrainWithWait_WhenTheJobFails_ExitsOneWithTheJobsError()
    {
        _mint.Api.OnJsonSequence(HttpMethod.Get, CurvePath, ContractJson.Curve("running", 0.1), ContractJson.Curve("failed", 0.1));
        _mint.Api.OnJson(HttpMethod.Get, JobPath, ContractJson.Job("failed", 0.1, error: "only one label in the dataset"));

        var result = await _mint.RunAsync(Train("--wait"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("failed: only one label in the dataset", result.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TrainWithWait_WhenTheJobIsCancelled_ExitsOne()
    {
        _mint.Api.OnJson(HttpMethod.Get, CurvePath, ContractJson.Curve("cancelled", 0.4));
        _mint.Api.OnJson(HttpMethod.Get, JobPath, ContractJson.Job("cancelled", 0.4));

        var result = await _mint.RunAsync(Train("--wait"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("was cancelled", result.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TrainWithoutDataset_IsAUsageError_AndSendsNothing()
    {
        var result = await _mint.RunAsync("train", "--model", "sentiment");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--dataset is required", result.Errors, StringComparison.Ordinal);
        Assert.Empty(_mint.Api.Requests);
    }
}
