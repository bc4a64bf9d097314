using System.Text;
using ModelMint.Client;

namespace ModelMint.Cli.Tests.Server;

/// <summary>
/// Canary and shadow routing through the SDK and <c>mint models routing</c> against the real server: version 1 learns
/// "good" as pos, version 2 the opposite labels, so a shadow comparison has disagreements to show.
/// </summary>
public sealed partial class MintAgainstServerTests
{
    private const string Reviews = "text,label\ngood film,pos\ngreat film,pos\nbad film,neg\nawful film,neg\nfine film,pos\npoor film,neg\n";
    private const string Flipped = "text,label\ngood film,neg\ngreat film,neg\nbad film,pos\nawful film,pos\nfine film,neg\npoor film,pos\n";

    [Fact]
    public async Task Sdk_SetsReadsAndClearsCanaryAndShadow_AndRefusesAPercentOver100()
    {
        var (client, model) = await TwoVersionsAsync("sdk-routing");
        await client.SetAliasAsync(model, "candidate", 2);

        var set = await client.SetRoutingAsync(model, new RoutingUpdate(new CanaryUpdate("candidate", 25), new ShadowUpdate("2")));
        Assert.Equal(model, set.Model);
        Assert.Equal(1, set.Production);
        Assert.Equal(new CanaryRoute("candidate", 2, 25), set.Canary);
        Assert.Equal(new ShadowRoute("2", 2), set.Shadow);

        var read = await client.GetRoutingAsync(model);
        Assert.Equal(new CanaryRoute("candidate", 2, 25), read.Canary);
        Assert.Equal(new ShadowRoute("2", 2), read.Shadow);
        Assert.Equal(1, read.Production);

        // Every unpinned call to the canary; a call naming a version is pinned. The route header reaches the SDK.
        await client.SetRoutingAsync(model, new RoutingUpdate(new CanaryUpdate("2", 100)));
        var canary = await client.PredictAsync(model, "good film");
        Assert.Equal((2, "canary"), (canary.Version, canary.Route));
        var pinned = await client.PredictAsync(model, "good film", version: "1");
        Assert.Equal((1, "pinned"), (pinned.Version, pinned.Route));
        var shadowOnly = await client.SetRoutingAsync(model, new RoutingUpdate(Shadow: new ShadowUpdate("candidate")));
        Assert.Null(shadowOnly.Canary);
        Assert.Equal(new ShadowRoute("candidate", 2), shadowOnly.Shadow);

        var refused = await Assert.ThrowsAsync<ModelMintApiException>(() =>
            client.SetRoutingAsync(model, new RoutingUpdate(new CanaryUpdate("2", 101))));
        Assert.Equal(400, refused.Status);
        Assert.Equal("invalid-percent", refused.Code);
        Assert.Equal(new ShadowRoute("candidate", 2), (await client.GetRoutingAsync(model)).Shadow);

        var missing = await Assert.ThrowsAsync<ModelMintApiException>(() =>
            client.SetRoutingAsync(model, new RoutingUpdate(Shadow: new ShadowUpdate("7"))));
        Assert.Equal("version-not-found", missing.Code);

        await client.ClearRoutingAsync(model);
        var cleared = await client.GetRoutingAsync(model);
        Assert.Null(cleared.Canary);
        Assert.Null(cleared.Shadow);
        var production = await client.PredictAsync(model, "good film");
        Assert.Equal((1, "production"), (production.Version, production.Route));
    }

    [Fact]
    public async Task Cli_SetsAShadow_ShowsItsComparison_AddsACanary_AndClears()
    {
        var (client, model) = await TwoVersionsAsync("cli-routing");
        var mint = new MintHarness(_ => factory.CreateClient());
        mint.Environment["MODELMINT_KEY"] = factory.OperatorKey;

        var shadow = await mint.RunAsync("models", "routing", model, "--shadow", "2");
        Assert.True(shadow.ExitCode == 0, shadow.Errors);
        Assert.Matches(@"production\s*│\s*v1\s", shadow.Output);
        Assert.Matches(@"canary\s*│\s*-\s", shadow.Output);
        Assert.Matches(@"shadow\s*│\s*v2\s", shadow.Output);

        var texts = new[] { "good film", "great film", "bad film", "awful film", "fine film", "poor film", "a good one", "so bad" };
        Assert.Equal("production", (await client.PredictAsync(model, texts)).Route);
        var comparison = await WaitForComparisonAsync(client, model, texts.Length);
        Assert.True(comparison.Disagreements.Count > 0, "versions 1 and 2 learned opposite labels");

        var shown = await mint.RunAsync("models", "routing", model);
        Assert.True(shown.ExitCode == 0, shown.Errors);
        var agreement = (comparison.Agreement * 100).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture);
        var top = comparison.Disagreements[0];
        Assert.Matches(
            $@"v1\s*│\s*v2\s*│\s*{texts.Length}\s*│\s*{comparison.Agreed}\s*│\s*{agreement.Replace(".", @"\.", StringComparison.Ordinal)}%\s*│\s*{top.Served} → {top.Shadow} \({top.Texts}\)",
            shown.Output);

        var canary = await mint.RunAsync("models", "routing", model, "--canary", "2", "--percent", "40");
        Assert.True(canary.ExitCode == 0, canary.Errors);
        Assert.Matches(@"canary\s*│\s*v2, 40% of unpinned calls", canary.Output);
        Assert.Matches(@"shadow\s*│\s*v2\s", canary.Output);
        var read = await client.GetRoutingAsync(model);
        Assert.Equal(new CanaryRoute("2", 2, 40), read.Canary);
        Assert.Equal(new ShadowRoute("2", 2), read.Shadow);

        var tooMuch = await mint.RunAsync("models", "routing", model, "--canary", "2", "--percent", "101");
        Assert.Equal(ExitCodes.Usage, tooMuch.ExitCode);
        var unknown = await mint.RunAsync("models", "routing", model, "--canary", "9", "--percent", "10");
        Assert.Equal(ExitCodes.Failure, unknown.ExitCode);
        Assert.Contains("(code version-not-found)", unknown.Errors, StringComparison.Ordinal);

        var cleared = await mint.RunAsync("models", "routing", model, "--clear");
        Assert.True(cleared.ExitCode == 0, cleared.Errors);
        var after = await client.GetRoutingAsync(model);
        Assert.Null(after.Canary);
        Assert.Null(after.Shadow);
        Assert.Single(after.Comparisons);
    }

    /// <summary>A model of two versions trained through the SDK: 1 (production) and 2 (flipped labels).</summary>
    private async Task<(ModelMintClient Client, string Model)> TwoVersionsAsync(string prefix)
    {
        await OperatorAsync();
        var client = new ModelMintClient(factory.CreateClient(), factory.OperatorKey);
        var model = $"{prefix}-{System.Guid.NewGuid().ToString("N")[..6]}";
        foreach (var (csv, version) in new[] { (Reviews, 1), (Flipped, 2) })
        {
            using var content = new MemoryStream(Encoding.UTF8.GetBytes(csv));
            var dataset = await client.UploadDatasetAsync(content, "tiny.csv");
            var job = await client.CreateTrainingJobAsync(new CreateTrainingJobRequest(dataset.Id, model));
            var done = await client.WaitForTrainingJobAsync(job.Id, pollInterval: TimeSpan.FromMilliseconds(100));
            Assert.True(done.Status == TrainingJobStatus.Succeeded, done.Error);
            Assert.Equal(version, done.ModelVersion);
        }

        return (client, model);
    }

    // The shadow classifies off the request path; wait until it has counted every text.
    private static async Task<ShadowComparison> WaitForComparisonAsync(ModelMintClient client, string model, int texts)
    {
        for (var i = 0; ; i++)
        {
            if ((await client.GetRoutingAsync(model)).Comparisons is [{ } comparison] && comparison.Texts >= texts)
            {
                return comparison;
            }

            Assert.True(i < 200, $"The shadow did not compare {texts} texts within 20 s.");
            await Task.Delay(100);
        }
    }
}
