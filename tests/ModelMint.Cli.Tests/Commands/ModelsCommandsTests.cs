using ModelMint.Cli.Tests.Fakes;

namespace ModelMint.Cli.Tests.Commands;

public sealed class ModelsCommandsTests
{
    private readonly MintHarness _mint = new();

    [Fact]
    public async Task List_ShowsLatestVersionAndAliases()
    {
        _mint.Api.OnJson(HttpMethod.Get, "/v1/models", """
            {"items": [{"name": "sentiment", "createdAt": "2025-06-01T10:00:00Z", "latestVersion": 3,
                        "aliases": {"production": 2}}]}
            """);

        var result = await _mint.RunAsync("models", "list");

        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"sentiment\s*│\s*v3\s*│\s*production → v2", result.Output);
    }

    [Fact]
    public async Task Show_ListsVersionsWithTheirAliases()
    {
        _mint.Api.OnJson(HttpMethod.Get, "/v1/models/sentiment", ContractJson.Model);

        var result = await _mint.RunAsync("models", "show", "sentiment");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("aliases: production → v2, staging → v3", result.Output, StringComparison.Ordinal);
        Assert.Matches(@"v3\s*│\s*staging\s*│\s*sdca\s*│\s*0\.912\s*│\s*0\.905", result.Output);
        Assert.Matches(@"v2\s*│\s*production\s*│\s*lbfgs\s*│\s*0\.874\s*│\s*0\.861", result.Output);
    }

    [Fact]
    public async Task ShowWithVersion_PrintsLineageAndMetrics()
    {
        _mint.Api.OnJson(HttpMethod.Get, "/v1/models/sentiment/versions/3", ContractJson.ModelVersion());

        var result = await _mint.RunAsync("models", "show", "sentiment", "--version", "3");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("sentiment v3", result.Output, StringComparison.Ordinal);
        Assert.Contains(ContractJson.Digest, result.Output, StringComparison.Ordinal);
        Assert.Contains(ContractJson.JobId.ToString(), result.Output, StringComparison.Ordinal);
        Assert.Contains("held out 0.2 of the training set", result.Output, StringComparison.Ordinal);
        Assert.Contains("maxIterations=100", result.Output, StringComparison.Ordinal);
        Assert.Contains("96 train, 24 test", result.Output, StringComparison.Ordinal);
        Assert.Matches(@"accuracy\s*│\s*0\.912", result.Output);
    }

    [Fact]
    public async Task Alias_PointsTheAliasAtTheVersion_AndSaysWhereItWas()
    {
        _mint.Api.OnJson(HttpMethod.Put, "/v1/models/sentiment/aliases/production",
            """{"model": "sentiment", "alias": "production", "version": 3, "previousVersion": 2}""");

        var result = await _mint.RunAsync("models", "alias", "sentiment", "production", "3");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("sentiment@production → v3 (was v2)", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ShowWithVersion_ShowsTheLeaderboardAndCalibration()
    {
        _mint.Api.OnJson(HttpMethod.Get, "/v1/models/sentiment/versions/3", ContractJson.ModelVersion(ContractJson.Leaderboard));

        var result = await _mint.RunAsync("models", "show", "sentiment", "--version", "3");

        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"ECE\s*│\s*0\.0312", result.Output);
        Assert.Matches(@"svm c=1\s*│\s*0\.881\s*│\s*0\.3207\s*│\s*0\.55s\s*│\s*✓ chosen", result.Output);
    }
}
