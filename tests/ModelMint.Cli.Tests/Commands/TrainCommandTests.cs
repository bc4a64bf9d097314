using System.Net;
using System.Text.Json;
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

    [Fact]
    public async Task TrainWithWait_PollsToTheEnd_AndRendersTheMetricsTable()
    {
        _mint.Api.OnJsonSequence(HttpMethod.Get, $"/v1/training-jobs/{ContractJson.JobId}",
            ContractJson.Job("running", 0.3),
            ContractJson.Job("running", 0.8),
            ContractJson.Job("succeeded", 1, withResult: true));

        var result = await _mint.RunAsync(
            "train", "--dataset", ContractJson.DatasetId.ToString(), "--model", "sentiment", "--wait");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(4, _mint.Api.Requests.Count);
        Assert.Contains("Trained sentiment v3 with sdca in 3.0s", result.Output, StringComparison.Ordinal);
        Assert.Matches(@"accuracy\s*│\s*0\.912", result.Output);
        Assert.Matches(@"macro-F1\s*│\s*0\.905", result.Output);
        Assert.Matches(@"label\s*│\s*precision\s*│\s*recall\s*│\s*F1\s*│\s*support", result.Output);
        Assert.Matches(@"positive\s*│\s*0\.930\s*│\s*0\.929\s*│\s*0\.929\s*│\s*14", result.Output);
        Assert.Matches(@"negative\s*│\s*0\.889\s*│\s*0\.800\s*│\s*0\.842\s*│\s*10", result.Output);
        Assert.Empty(result.Errors);
    }

    [Fact]
    public async Task TrainWithWait_WhenTheJobFails_ExitsOneWithTheJobsError()
    {
        _mint.Api.OnJsonSequence(HttpMethod.Get, $"/v1/training-jobs/{ContractJson.JobId}",
            ContractJson.Job("running", 0.1),
            ContractJson.Job("failed", 0.1, error: "only one label in the dataset"));

        var result = await _mint.RunAsync(
            "train", "--dataset", ContractJson.DatasetId.ToString(), "--model", "sentiment", "--wait");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("failed: only one label in the dataset", result.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TrainWithWait_WhenTheJobIsCancelled_ExitsOne()
    {
        _mint.Api.OnJson(HttpMethod.Get, $"/v1/training-jobs/{ContractJson.JobId}", ContractJson.Job("cancelled", 0.4));

        var result = await _mint.RunAsync(
            "train", "--dataset", ContractJson.DatasetId.ToString(), "--model", "sentiment", "--wait");

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
