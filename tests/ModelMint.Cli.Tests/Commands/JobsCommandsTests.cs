using ModelMint.Cli.Tests.Fakes;

namespace ModelMint.Cli.Tests.Commands;

public sealed class JobsCommandsTests
{
    private readonly MintHarness _mint = new();

    [Fact]
    public async Task Curve_PrintsEveryPointInATable()
    {
        _mint.Api.OnJson(HttpMethod.Get, $"/v1/training-jobs/{ContractJson.JobId}/curve", ContractJson.Curve("running", 0.4,
            ContractJson.Point("bilstm", 1, 0.6931, 0.5512, 0.71),
            ContractJson.Point("bilstm", 2, 0.4402, 0.4988, 0.765)));

        var result = await _mint.RunAsync("jobs", "curve", ContractJson.JobId.ToString());

        Assert.Equal(0, result.ExitCode);
        Assert.Contains($"Training job {ContractJson.JobId} is running (40%).", result.Output, StringComparison.Ordinal);
        Assert.Matches(@"series\s*│\s*step\s*│\s*train loss\s*│\s*val loss\s*│\s*val accuracy", result.Output);
        Assert.Matches(@"bilstm\s*│\s*1\s*│\s*0\.6931\s*│\s*0\.5512\s*│\s*0\.710", result.Output);
        Assert.Matches(@"bilstm\s*│\s*2\s*│\s*0\.4402\s*│\s*0\.4988\s*│\s*0\.765", result.Output);
    }

    [Fact]
    public async Task CurveOfAQueuedJob_SaysThereAreNoPointsYet()
    {
        _mint.Api.OnJson(HttpMethod.Get, $"/v1/training-jobs/{ContractJson.JobId}/curve", ContractJson.Curve("queued", 0));

        var result = await _mint.RunAsync("jobs", "curve", ContractJson.JobId.ToString());

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("No curve points yet.", result.Output, StringComparison.Ordinal);
    }
}
