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

    [Fact]
    public async Task PredictWithAnIdempotencyKey_SendsTheHeader()
    {
        _mint.Api.OnJson(HttpMethod.Post, "/v1/models/sentiment/predict", ContractJson.Predictions(("positive", 0.9)));

        await _mint.RunAsync("predict", "sentiment", "great", "--idempotency-key", "order-42");

        Assert.Equal("order-42", Assert.Single(_mint.Api.Requests).Header("Idempotency-Key"));
    }

    [Fact]
    public async Task Predict_ShowsRateLimitBalanceAndReplay_WhenTheServerSendsThem()
    {
        _mint.Api.On(HttpMethod.Post, "/v1/models/sentiment/predict", _ =>
        {
            var response = FakeApi.Json(ContractJson.Predictions(("positive", 0.9)));
            response.Headers.Add("x-ratelimit-limit-requests", "600");
            response.Headers.Add("x-ratelimit-remaining-requests", "599");
            response.Headers.Add("x-balance-remaining", "0.005 USD");
            response.Headers.Add("Idempotent-Replayed", "true");
            return response;
        });

        var result = await _mint.RunAsync("predict", "sentiment", "great", "--idempotency-key", "order-42");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains(
            "replayed: the recorded answer to this idempotency key, not charged again · 599 of 600 requests left this minute · balance left 0.005 USD",
            result.Output,
            StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("canary", true)]
    [InlineData("production", false)]
    [InlineData("pinned", false)]
    public async Task Predict_SaysWhenTheCanaryServed(string route, bool noted)
    {
        _mint.Api.On(HttpMethod.Post, "/v1/models/sentiment/predict", _ =>
        {
            var response = FakeApi.Json(ContractJson.Predictions(("positive", 0.9)));
            response.Headers.Add("x-model-route", route);
            return response;
        });

        var result = await _mint.RunAsync("predict", "sentiment", "great");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(noted, result.Output.Contains("served by the canary (v3)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PredictWithAMultiLabelModel_ShowsEveryLabelAboveTheThreshold()
    {
        _mint.Api.OnJson(HttpMethod.Post, "/v1/models/intents/predict", $$"""
            {"model": "intents", "version": 1, "predictions": [
              {"id": "{{Guid.NewGuid()}}", "label": "billing", "score": 0.91,
               "scores": {"billing": 0.91, "refund": 0.64, "shipping": 0.08}, "labels": ["billing", "refund"]}]}
            """);

        var result = await _mint.RunAsync("predict", "intents", "charged twice, want my money back");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("billing, refund  intents v1", result.Output, StringComparison.Ordinal);
        Assert.Matches(@"shipping\s+[█▏▎▍▌▋▊▉]*\s*0\.080", result.Output);
    }

    [Fact]
    public async Task PredictABatchWithAMultiLabelModel_AddsALabelsColumn()
    {
        _mint.Api.OnJson(HttpMethod.Post, "/v1/models/intents/predict", $$"""
            {"model": "intents", "version": 1, "predictions": [
              {"id": "{{Guid.NewGuid()}}", "label": "billing", "score": 0.91, "scores": {"billing": 0.91, "refund": 0.64}, "labels": ["billing", "refund"]},
              {"id": "{{Guid.NewGuid()}}", "label": "refund", "score": 0.31, "scores": {"billing": 0.12, "refund": 0.31}, "labels": []}]}
            """);

        var result = await _mint.RunAsync("predict", "intents", "charged twice", "hello");

        Assert.Matches(@"1\s*│\s*charged twice\s*│\s*billing\s*│\s*0\.910\s*│\s*billing, refund", result.Output);
        Assert.Matches(@"2\s*│\s*hello\s*│\s*refund\s*│\s*0\.310\s*│\s*-", result.Output);
    }
}
