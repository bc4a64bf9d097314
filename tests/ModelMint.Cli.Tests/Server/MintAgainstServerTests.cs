using System.Text.RegularExpressions;
using ModelMint.Server.Tests.Infrastructure;

namespace ModelMint.Cli.Tests.Server;

/// <summary>The README's CLI walk-through against a real (in-memory) server: upload, train --wait, list, predict.</summary>
public sealed partial class MintAgainstServerTests(ModelMintFactory factory) : IClassFixture<ModelMintFactory>, IDisposable
{
    private readonly string file = Path.Combine(Path.GetTempPath(), $"mint-{System.Guid.NewGuid():N}.csv");

    [Fact]
    public async Task UploadTrainWaitAndPredict_WorkEndToEnd()
    {
        var harness = new MintHarness(_ => factory.CreateClient());
        harness.Environment["MODELMINT_KEY"] = factory.OperatorKey;
        // Every seventh review: 1,219 rows with both labels, small enough to train in a moment.
        var lines = await File.ReadAllLinesAsync(SharedData.Path("rt_polarity", "train.csv"));
        await File.WriteAllLinesAsync(file, lines.Take(1).Concat(lines.Skip(1).Where((_, i) => i % 7 == 0)));

        var upload = await harness.RunAsync("datasets", "upload", file, "--name", "reviews");
        Assert.True(upload.ExitCode == 0, upload.Errors);
        var datasetId = GuidPattern().Match(upload.Output).Value;
        Assert.Contains("1219", upload.Output, StringComparison.Ordinal);

        var train = await harness.RunAsync("train", "--dataset", datasetId, "--model", "cli-sentiment", "--wait");
        Assert.True(train.ExitCode == 0, train.Output + train.Errors);
        Assert.Contains("Trained cli-sentiment v1", train.Output, StringComparison.Ordinal);
        Assert.Contains("Macro", train.Output, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("pos", train.Output, StringComparison.Ordinal);

        var models = await harness.RunAsync("models", "list");
        Assert.Contains("cli-sentiment", models.Output, StringComparison.Ordinal);

        var predict = await harness.RunAsync("predict", "cli-sentiment", "a wonderful, moving and beautifully acted film");
        Assert.True(predict.ExitCode == 0, predict.Errors);
        Assert.Contains("pos", predict.Output, StringComparison.Ordinal);

        var unknown = await harness.RunAsync("predict", "no-such-model", "hello");
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("model-not-found", unknown.Errors, StringComparison.Ordinal);
    }

    [GeneratedRegex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")]
    private static partial Regex GuidPattern();

    public void Dispose() => File.Delete(file);
}
