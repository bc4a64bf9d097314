using System.Net;
using ModelMint.Cli.Tests.Client;
using ModelMint.Cli.Tests.Fakes;

namespace ModelMint.Cli.Tests.Commands;

public sealed class UsageCommandTests
{
    private readonly MintHarness _mint = new();

    [Fact]
    public async Task Usage_PrintsARowPerGroupWithAColumnPerMeter_AndACallsChart()
    {
        _mint.Api.OnJson(HttpMethod.Get, "/v1/usage", CommerceClientTests.UsageJson);

        var result = await _mint.RunAsync("usage", "--group-by", "model");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("?groupBy=model", Assert.Single(_mint.Api.Requests).Uri.Query);
        Assert.Contains("Usage from 2026-11-01 08:00:00Z to 2026-11-30 00:00:00Z, by model", result.Output, StringComparison.Ordinal);
        Assert.Matches(@"model\s*│\s*calls\s*│\s*characters\s*│\s*requests", result.Output);
        Assert.Matches(@"sentiment\s*│\s*120\s*│\s*5,400\s*│\s*100", result.Output);
        Assert.Matches(@"topics\s*│\s*30\s*│\s*900\s*│\s*30", result.Output);
        Assert.Matches(@"sentiment\s+█+\s+120", result.Output);
        Assert.Matches(@"topics\s+█+\s+30", result.Output);
    }

    [Fact]
    public async Task UsageWithAPeriod_SendsBareDatesAsUtcMidnight()
    {
        _mint.Api.OnJson(HttpMethod.Get, "/v1/usage", CommerceClientTests.UsageJson);

        await _mint.RunAsync("usage", "--from", "2026-11-01", "--to", "2026-11-08T12:00:00+02:00");

        Assert.Equal("?from=2026-11-01T00%3A00%3A00Z&to=2026-11-08T10%3A00%3A00Z", Assert.Single(_mint.Api.Requests).Uri.Query);
    }

    [Fact]
    public async Task UsageByKey_NamesTheKeys()
    {
        _mint.Api.OnJson(HttpMethod.Get, "/v1/usage", $$"""
            {"from": "2026-11-01T00:00:00+00:00", "to": "2026-11-02T00:00:00+00:00", "groupBy": "key", "items": [
              {"group": "{{ContractJson.KeyId}}", "meter": "calls", "quantity": 7, "events": 7}]}
            """);
        _mint.Api.OnJson(HttpMethod.Get, "/v1/keys", $$"""
            {"items": [{"id": "{{ContractJson.KeyId}}", "name": "web", "prefix": "mm_ab12", "createdAt": "2025-06-01T10:00:00Z"}]}
            """);

        var result = await _mint.RunAsync("usage", "--group-by", "key");

        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"web \(mm_ab12…\)\s*│\s*7\s*│\s*7", result.Output);
    }

    [Fact]
    public async Task UsageWithNothingMetered_SaysSo_WithoutAChart()
    {
        _mint.Api.OnJson(HttpMethod.Get, "/v1/usage",
            """{"from": "2026-11-01T00:00:00+00:00", "to": "2026-11-02T00:00:00+00:00", "groupBy": "day", "items": []}""");

        var result = await _mint.RunAsync("usage");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("No metered calls in this period.", result.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--group-by", "week", "--group-by must be one of day, model, key")]
    [InlineData("--from", "last tuesday", "--from 'last tuesday' is not a date or time")]
    public async Task UsageWithBadOptions_IsAUsageError_AndSendsNothing(string option, string value, string message)
    {
        var result = await _mint.RunAsync("usage", option, value);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Errors, StringComparison.Ordinal);
        Assert.Empty(_mint.Api.Requests);
    }

    [Fact]
    public async Task UsageRangeRefused_PrintsTheServersReason()
    {
        _mint.Api.OnProblem(HttpMethod.Get, "/v1/usage", HttpStatusCode.BadRequest,
            ContractJson.Problem(400, "invalid-range", "The request is invalid.", "'from' must be before 'to', and the range at most 400 days."));

        var result = await _mint.RunAsync("usage", "--from", "2026-11-02", "--to", "2026-11-01");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("'from' must be before 'to'", result.Errors, StringComparison.Ordinal);
    }
}
