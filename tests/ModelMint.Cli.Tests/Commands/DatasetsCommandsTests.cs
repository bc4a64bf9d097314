using System.Net;
using ModelMint.Cli.Tests.Fakes;

namespace ModelMint.Cli.Tests.Commands;

public sealed class DatasetsCommandsTests : IDisposable
{
    private readonly MintHarness _mint = new();
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"mint-{Guid.NewGuid():N}.csv");

    public DatasetsCommandsTests() => File.WriteAllText(_file, "text,label\ngreat,positive\nawful,negative\n");

    public void Dispose() => File.Delete(_file);

    [Fact]
    public async Task Upload_PrintsIdNameRowsLabelsAndDigest()
    {
        _mint.Api.OnJson(HttpMethod.Post, "/v1/datasets", ContractJson.Dataset("reviews"), HttpStatusCode.Created);

        var result = await _mint.RunAsync("datasets", "upload", _file, "--name", "reviews");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains(ContractJson.DatasetId.ToString(), result.Output, StringComparison.Ordinal);
        Assert.Matches(@"name\s*│\s*reviews", result.Output);
        Assert.Matches(@"rows\s*│\s*120", result.Output);
        Assert.Contains("positive (70), negative (50)", result.Output, StringComparison.Ordinal);
        Assert.Contains(ContractJson.Digest, result.Output, StringComparison.Ordinal);
        Assert.Contains("great,positive", Assert.Single(_mint.Api.Requests).Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UploadRejectedByTheServer_ExitsOne_WithDetailCodeAndLine()
    {
        _mint.Api.OnProblem(HttpMethod.Post, "/v1/datasets", HttpStatusCode.BadRequest,
            ContractJson.Problem(400, "invalid-dataset", "Invalid dataset", "Line 3 has no label; every row needs text,label.", line: 3));

        var result = await _mint.RunAsync("datasets", "upload", _file);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(
            "error: Line 3 has no label; every row needs text,label. (code invalid-dataset, line 3)",
            result.Errors,
            StringComparison.Ordinal);
        Assert.Empty(result.Output);
    }

    [Fact]
    public async Task UploadOfAMissingFile_IsAUsageError_AndSendsNothing()
    {
        var result = await _mint.RunAsync("datasets", "upload", "/no/such/file.csv");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("file not found: /no/such/file.csv", result.Errors, StringComparison.Ordinal);
        Assert.Empty(_mint.Api.Requests);
    }

    [Fact]
    public async Task List_PrintsARowPerDataset()
    {
        _mint.Api.OnJson(HttpMethod.Get, "/v1/datasets", $$"""{"items": [{{ContractJson.Dataset("reviews")}}]}""");

        var result = await _mint.RunAsync("datasets", "list");

        Assert.Equal(0, result.ExitCode);
        Assert.Matches($@"{ContractJson.DatasetId}\s*│\s*reviews\s*│\s*csv\s*│\s*120", result.Output);
    }

    [Fact]
    public async Task ShowAMultiLabelDataset_SaysSo()
    {
        _mint.Api.OnJson(HttpMethod.Get, $"/v1/datasets/{ContractJson.DatasetId}",
            ContractJson.Dataset().Replace("\"rows\": 120,", "\"rows\": 120, \"multiLabel\": true,", StringComparison.Ordinal));

        var result = await _mint.RunAsync("datasets", "show", ContractJson.DatasetId.ToString());

        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"format\s*│\s*csv, multi-label", result.Output);
    }
}
