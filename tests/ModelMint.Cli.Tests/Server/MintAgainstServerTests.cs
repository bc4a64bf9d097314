using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using ModelMint.Data;
using ModelMint.Server.Billing;
using ModelMint.Server.Tests.Infrastructure;
using CodeRow = ModelMint.Data.Billing.RedemptionCode;
using RedemptionCode = ModelMint.Domain.Billing.RedemptionCode;

namespace ModelMint.Cli.Tests.Server;

/// <summary>
/// The CLI against a real (in-memory) server: the README's walk-through (upload, train --wait with its curve and
/// leaderboard, list, predict), then selling a model: publish, catalog, a developer's balance, redeemed credit, a paid
/// call and its usage, and a rate-limited key.
/// </summary>
public sealed partial class MintAgainstServerTests(ModelMintFactory factory) : IClassFixture<ModelMintFactory>, IDisposable
{
    private readonly string file = Path.Combine(Path.GetTempPath(), $"mint-{System.Guid.NewGuid():N}.csv");

    [Fact]
    public async Task UploadTrainWaitAndPredict_WorkEndToEnd()
    {
        var mint = await OperatorAsync();
        // Every seventh review: 1,219 rows with both labels, small enough to train in a moment.
        var datasetId = await UploadReviewsAsync(mint, everyNth: 7, expectedRows: "1219");

        var train = await mint.RunAsync("train", "--dataset", datasetId, "--model", "cli-sentiment", "--wait");
        Assert.True(train.ExitCode == 0, train.Output + train.Errors);
        Assert.Contains("Trained cli-sentiment v1", train.Output, StringComparison.Ordinal);
        Assert.Contains("Macro", train.Output, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("pos", train.Output, StringComparison.Ordinal);
        // The curve as it came in (auto scores each candidate on held-out rows), then the metrics and the leaderboard.
        Assert.Matches(@"(?m)^  auto step 0  val loss \d\.\d{4}  val accuracy 0\.\d{3}", train.Output);
        Assert.Matches(@"ECE\s*│\s*0\.\d{4}", train.Output);
        Assert.Contains("leaderboard", train.Output, StringComparison.Ordinal);
        Assert.Matches(@"svm c=\S+\s*│\s*0\.\d{3}\s*│\s*\d\.\d{4}\s*│\s*\d+\.\d+s\s*│\s*✓ chosen", train.Output);
        Assert.Equal(2, train.Output.Split("✓ chosen").Length);

        var models = await mint.RunAsync("models", "list");
        Assert.Contains("cli-sentiment", models.Output, StringComparison.Ordinal);

        var predict = await mint.RunAsync("predict", "cli-sentiment", "a wonderful, moving and beautifully acted film");
        Assert.True(predict.ExitCode == 0, predict.Errors);
        Assert.Contains("pos", predict.Output, StringComparison.Ordinal);
        Assert.Contains("requests left this minute", predict.Output, StringComparison.Ordinal);

        var unknown = await mint.RunAsync("predict", "no-such-model", "hello");
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("model-not-found", unknown.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PublishedModel_IsListed_BoughtWithRedeemedCredit_AndMetered()
    {
        var provider = await OperatorAsync();
        var datasetId = await UploadReviewsAsync(provider, everyNth: 14, expectedRows: "610");
        var train = await provider.RunAsync("train", "--dataset", datasetId, "--model", "cli-shop", "--wait");
        Assert.True(train.ExitCode == 0, train.Output + train.Errors);

        var publish = await provider.RunAsync(
            "models", "publish", "cli-shop", "--price", "0.002", "--currency", "USD", "--description", "Film review sentiment");
        Assert.True(publish.ExitCode == 0, publish.Errors);
        Assert.Contains("Published cli-shop at 0.002 USD / call.", publish.Output, StringComparison.Ordinal);

        var catalog = await provider.RunAsync("catalog");
        Assert.True(catalog.ExitCode == 0, catalog.Errors);
        Assert.Matches(@"cli-shop v1\s*│\s*operator\s*│\s*0\.002 USD / call\s*│\s*0\.\d{3}", catalog.Output);

        var developer = new MintHarness(_ => factory.CreateClient());
        developer.Environment["MODELMINT_KEY"] = await factory.CreateAccountAsync("cli-developer");
        var empty = await developer.RunAsync("balance");
        Assert.True(empty.ExitCode == 0, empty.Errors);
        Assert.Contains("No prepaid balance yet", empty.Output, StringComparison.Ordinal);

        var broke = await developer.RunAsync("predict", "cli-shop", "a dull and lifeless film");
        Assert.Equal(1, broke.ExitCode);
        Assert.Contains("(code insufficient-balance)", broke.Errors, StringComparison.Ordinal);
        Assert.Contains("mint redeem CODE", broke.Errors, StringComparison.Ordinal);

        var redeem = await developer.RunAsync("redeem", (await IssueCodeAsync(1_000_000)).ToString());
        Assert.True(redeem.ExitCode == 0, redeem.Errors);
        Assert.Contains("Redeemed 1 USD.", redeem.Output, StringComparison.Ordinal);

        var paid = await developer.RunAsync("predict", "cli-shop", "a dull and lifeless film", "--idempotency-key", "cli-order-1");
        Assert.True(paid.ExitCode == 0, paid.Errors);
        Assert.Contains("balance left 0.998 USD", paid.Output, StringComparison.Ordinal);
        var retried = await developer.RunAsync("predict", "cli-shop", "a dull and lifeless film", "--idempotency-key", "cli-order-1");
        Assert.Contains("replayed", retried.Output, StringComparison.Ordinal);

        var balance = await developer.RunAsync("balance");
        Assert.Matches(@"USD\s*│\s*0\.998\s*│", balance.Output);

        var usage = await developer.RunAsync("usage", "--group-by", "model");
        Assert.True(usage.ExitCode == 0, usage.Errors);
        Assert.Matches(@"cli-shop\s*│\s*1\s*│\s*24\s*│\s*1", usage.Output);
        Assert.Matches(@"cli-shop\s+█+\s+1", usage.Output);
    }

    [Fact]
    public async Task KeyWithFiveRequestsPerMinute_IsRefusedWithARetryHint_AndOnlyCallsItsModels()
    {
        var mint = await OperatorAsync();
        var datasetId = await UploadReviewsAsync(mint, everyNth: 14, expectedRows: "610");
        var train = await mint.RunAsync("train", "--dataset", datasetId, "--model", "cli-limited", "--wait");
        Assert.True(train.ExitCode == 0, train.Output + train.Errors);

        var created = await mint.RunAsync("keys", "create", "--name", "cli-limited", "--model", "cli-limited", "--rpm", "5");
        Assert.True(created.ExitCode == 0, created.Errors);
        Assert.Matches(@"limits\s*│\s*5 requests/min, default characters/min", created.Output);
        var limited = new MintHarness(_ => factory.CreateClient());
        limited.Environment["MODELMINT_KEY"] = KeyPattern().Match(created.Output).Value;

        var other = await limited.RunAsync("predict", "cli-sentiment", "hello");
        Assert.Equal(1, other.ExitCode);
        Assert.Contains("(code model-not-allowed)", other.Errors, StringComparison.Ordinal);

        // Windows are whole clock minutes: if one ends during the loop the count starts again, so allow two windows' worth.
        MintResult? refused = null;
        for (var i = 0; i < 11 && refused is null; i++)
        {
            var call = await limited.RunAsync("predict", "cli-limited", "an easy, pleasant watch");
            refused = call.ExitCode == 0 ? null : call;
        }

        Assert.NotNull(refused);
        Assert.Contains("(code rate-limit-exceeded)", refused.Errors, StringComparison.Ordinal);
        Assert.Matches(@"Rate limit reached: retry after \d+ s\.", refused.Errors);

        var listed = await mint.RunAsync("keys", "list");
        Assert.Matches(@"cli-limited\s*│.*│\s*cli-limited\s*│\s*any\s*│\s*5 requests/min", listed.Output);
    }

    public void Dispose() => File.Delete(file);

    // The server creates the operator's key in the background after it starts; wait until it is accepted.
    private async Task<MintHarness> OperatorAsync()
    {
        using var client = factory.CreateOperatorClient();
        for (var i = 0; (await client.GetAsync(new Uri("/v1/keys", UriKind.Relative))).StatusCode == HttpStatusCode.Unauthorized; i++)
        {
            Assert.True(i < 100, "The operator key was not accepted within 10 s of start-up.");
            await Task.Delay(100);
        }

        var mint = new MintHarness(_ => factory.CreateClient());
        mint.Environment["MODELMINT_KEY"] = factory.OperatorKey;
        return mint;
    }

    private async Task<string> UploadReviewsAsync(MintHarness mint, int everyNth, string expectedRows)
    {
        var lines = await File.ReadAllLinesAsync(SharedData.Path("rt_polarity", "train.csv"));
        await File.WriteAllLinesAsync(file, lines.Take(1).Concat(lines.Skip(1).Where((_, i) => i % everyNth == 0)));
        var upload = await mint.RunAsync("datasets", "upload", file, "--name", "reviews");
        Assert.True(upload.ExitCode == 0, upload.Errors);
        Assert.Contains(expectedRows, upload.Output, StringComparison.Ordinal);
        return GuidPattern().Match(upload.Output).Value;
    }

    // Codes are issued by the operator's tooling (not part of the public API), so the test stores one directly.
    private async Task<RedemptionCode> IssueCodeAsync(long micros)
    {
        var code = RedemptionCode.Generate(new RedemptionCodes.SecureRandom());
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ModelMintDbContext>();
        db.RedemptionCodes.Add(new CodeRow
        {
            Id = System.Guid.CreateVersion7(),
            BatchId = System.Guid.CreateVersion7(),
            CodeHash = RedemptionCodes.Hash(code),
            AmountMicros = micros,
            Currency = "USD",
            CreatedAt = DateTimeOffset.UtcNow,
        });
        await db.SaveChangesAsync();
        return code;
    }

    [GeneratedRegex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")]
    private static partial Regex GuidPattern();

    [GeneratedRegex("(?m)^mm_[A-Za-z0-9]+$")]
    private static partial Regex KeyPattern();
}
