using System.Net;
using System.Text.Json;
using ModelMint.Cli.Tests.Fakes;

namespace ModelMint.Cli.Tests.Commands;

public sealed class RoutingCommandTests
{
    private const string Path = "/v1/models/sentiment/routing";

    private readonly MintHarness _mint = new();

    [Fact]
    public async Task Show_PrintsProductionCanaryShadow_AndTheComparisonWithItsTopDisagreements()
    {
        _mint.Api.OnJson(HttpMethod.Get, Path, ContractJson.Routing);

        var result = await _mint.RunAsync("models", "routing", "sentiment");

        Assert.True(result.ExitCode == 0, result.Errors);
        Assert.Matches(@"production\s*│\s*v1\s", result.Output);
        Assert.Matches(@"canary\s*│\s*candidate → v2, 10% of unpinned calls", result.Output);
        Assert.Matches(@"shadow\s*│\s*v2\s", result.Output);
        Assert.Contains("3 calls not shadowed on this node", result.Output, StringComparison.Ordinal);
        Assert.Matches(@"v1\s*│\s*v2\s*│\s*200\s*│\s*174\s*│\s*87\.0%\s*│\s*positive → negative \(20\), negative → positive \(5\), negative → neutral \(1\)", result.Output);
        Assert.Equal(HttpMethod.Get, Assert.Single(_mint.Api.Requests).Method);
    }

    [Fact]
    public async Task Show_WithoutRouting_SaysSo()
    {
        _mint.Api.OnJson(HttpMethod.Get, Path, ContractJson.NoRouting);

        var result = await _mint.RunAsync("models", "routing", "sentiment");

        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"canary\s*│\s*-\s", result.Output);
        Assert.Matches(@"shadow\s*│\s*-\s", result.Output);
        Assert.Contains("No shadow comparisons. Set a shadow version with --shadow VERSION.", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Canary_KeepsTheCurrentShadow()
    {
        _mint.Api.OnJson(HttpMethod.Get, Path, ContractJson.Routing);
        _mint.Api.OnJson(HttpMethod.Put, Path, ContractJson.Routing);

        var result = await _mint.RunAsync("models", "routing", "sentiment", "--canary", "3", "--percent", "25");

        Assert.True(result.ExitCode == 0, result.Errors);
        Assert.Contains("Routing set for sentiment.", result.Output, StringComparison.Ordinal);
        using var body = JsonDocument.Parse(_mint.Api.Requests.Single(r => r.Method == HttpMethod.Put).Body);
        Assert.Equal(3, body.RootElement.GetProperty("canary").GetProperty("version").GetInt32());
        Assert.Equal(25, body.RootElement.GetProperty("canary").GetProperty("percent").GetInt32());
        Assert.Equal(2, body.RootElement.GetProperty("shadow").GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task ShadowWithNoCanary_SendsOnlyTheShadow_WithoutReadingTheCurrentRouting()
    {
        _mint.Api.OnJson(HttpMethod.Put, Path, ContractJson.Routing);

        var result = await _mint.RunAsync("models", "routing", "sentiment", "--shadow", "candidate", "--no-canary");

        Assert.True(result.ExitCode == 0, result.Errors);
        var request = Assert.Single(_mint.Api.Requests);
        using var body = JsonDocument.Parse(request.Body);
        Assert.False(body.RootElement.TryGetProperty("canary", out _));
        Assert.Equal("candidate", body.RootElement.GetProperty("shadow").GetProperty("version").GetString());
    }

    [Fact]
    public async Task Clear_SendsDelete()
    {
        _mint.Api.On(HttpMethod.Delete, Path, _ => new HttpResponseMessage(HttpStatusCode.NoContent));

        var result = await _mint.RunAsync("models", "routing", "sentiment", "--clear");

        Assert.True(result.ExitCode == 0, result.Errors);
        Assert.Contains("Cleared the routing of sentiment", result.Output, StringComparison.Ordinal);
        Assert.Equal(HttpMethod.Delete, Assert.Single(_mint.Api.Requests).Method);
    }

    [Theory]
    [InlineData("--canary 3", "--canary needs --percent N")]
    [InlineData("--percent 10", "--percent goes with --canary VERSION")]
    [InlineData("--canary 3 --percent 101", "--percent must be a whole number from 0 to 100, not 101.")]
    [InlineData("--canary 3 --percent -1", "--percent must be a whole number from 0 to 100")]
    [InlineData("--clear --shadow 2", "--clear removes the whole routing; give it alone")]
    [InlineData("--shadow 2 --no-shadow", "not both")]
    public async Task BadOptions_AreUsageErrors_AndSendNothing(string options, string message)
    {
        var result = await _mint.RunAsync(["models", "routing", "sentiment", .. options.Split(' ')]);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains(message, result.Errors + result.Output, StringComparison.Ordinal);
        Assert.Empty(_mint.Api.Requests);
    }

    [Fact]
    public async Task ServerRefusal_PrintsItsCode()
    {
        _mint.Api.OnJson(HttpMethod.Get, Path, ContractJson.NoRouting);
        _mint.Api.OnProblem(HttpMethod.Put, Path, HttpStatusCode.NotFound,
            ContractJson.Problem(404, "version-not-found", "Not Found", "Model 'sentiment' has no version 'candidate'."));

        var result = await _mint.RunAsync("models", "routing", "sentiment", "--shadow", "candidate");

        Assert.Equal(ExitCodes.Failure, result.ExitCode);
        Assert.Contains("(code version-not-found)", result.Errors, StringComparison.Ordinal);
    }
}
