using System.Text.Json;
using ModelMint.Cli.Tests.Fakes;

namespace ModelMint.Cli.Tests.Commands;

public sealed class PredictCommandTests
{
    private readonly MintHarness _mint = new();

    [Fact]
    public async Task PredictOneText_PrintsTheLabelScoreAndAScoreBarPerLabel()
    {
        _mint.Api.OnJson(HttpMethod.Post, "/v1/models/sentiment/predict", ContractJson.Predictions(("positive", 0.934)));

        var result = await _mint.RunAsync("predict", "sentiment", "great product");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("positive  score 0.934", result.Output, StringComparison.Ordinal);
        Assert.Contains("sentiment v3", result.Output, StringComparison.Ordinal);
        Assert.Matches(@"negative\s+[█▏▎▍▌▋▊▉]*\s*0\.066", result.Output);
        Assert.Empty(result.Errors);
    }

    [Fact]
    public async Task PredictWithVersionAlias_SendsTheAlias()
    {
        _mint.Api.OnJson(HttpMethod.Post, "/v1/models/sentiment/predict", ContractJson.Predictions(("negative", 0.8)));

        await _mint.RunAsync("predict", "sentiment", "awful", "--version", "production");

        using var body = JsonDocument.Parse(Assert.Single(_mint.Api.Requests).Body);
        Assert.Equal("production", body.RootElement.GetProperty("version").GetString());
        Assert.Equal("awful", body.RootElement.GetProperty("text").GetString());
    }

    [Fact]
    public async Task PredictSeveralTexts_SendsOneBatch_AndPrintsATableRowPerText()
    {
        _mint.Api.OnJson(HttpMethod.Post, "/v1/models/sentiment/predict", ContractJson.Predictions(("positive", 0.9), ("negative", 0.7)));

        var result = await _mint.RunAsync("predict", "sentiment", "great", "awful");

        Assert.Equal(0, result.ExitCode);
        Assert.Single(_mint.Api.Requests);
        Assert.Matches(@"1\s*│\s*great\s*│\s*positive\s*│\s*0\.900", result.Output);
        Assert.Matches(@"2\s*│\s*awful\s*│\s*negative\s*│\s*0\.700", result.Output);
    }
}
