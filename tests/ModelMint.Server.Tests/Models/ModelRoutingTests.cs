using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using ModelMint.Server.Tests.Billing;
using ModelMint.Server.Tests.Infrastructure;

namespace ModelMint.Server.Tests.Models;

/// <summary>
/// Canary and shadow routing of a model's versions: a canary serves its share of the calls that name no version, a
/// shadow version classifies them too, unseen and unbilled, and the owner reads how the two compare. Version 1 learns
/// "good" as pos, version 2 the opposite labels, so the versions disagree.
/// </summary>
public sealed class ModelRoutingTests(ModelRoutingTests.Factory factory) : IClassFixture<ModelRoutingTests.Factory>
{
    public sealed class Factory() : BillingFactory(At("2026-09-01T08:00:00Z"));

    private const string Flipped = "text,label\ngood film,neg\ngreat film,neg\nbad film,pos\nawful film,pos\nfine film,neg\npoor film,pos\n";

    /// <summary>A provider organisation with a model of two versions: 1 (production) and 2 (trained on flipped labels).</summary>
    private async Task<(HttpClient Client, Guid AccountId, string Model)> TwoVersionsAsync()
    {
        var model = "route-" + Guid.NewGuid().ToString("N")[..6];
        var (client, accountId) = await factory.ProviderWithModelAsync(model);
        var flipped = await client.UploadOkAsync(Encoding.UTF8.GetBytes(Flipped), "flipped.csv");
        Assert.Equal("succeeded", (string?)(await client.TrainAsync(new { datasetId = (string)flipped["id"]!, modelName = model }))["status"]);
        return (client, accountId, model);
    }

    private static async Task<(int Version, string Route)> PredictAsync(HttpClient client, string model, object body)
    {
        var response = await client.PostJsonAsync($"/v1/models/{model}/predict", body);
        var json = await response.ReadJsonAsync(HttpStatusCode.OK);
        return ((int)json["version"]!, response.Headers.GetValues("x-model-route").Single());
    }

    private static async Task<JsonNode> PutRoutingAsync(HttpClient client, string model, object routing) =>
        await (await client.PutAsJsonAsync($"/v1/models/{model}/routing", routing)).ReadJsonAsync(HttpStatusCode.OK);

    [Fact]
    public async Task ACanary_ServesItsShareOfUnpinnedCalls_PinnedCallsIgnoreIt_AndUsageNamesTheServedVersion()
    {
        var (client, accountId, model) = await TwoVersionsAsync();
        Assert.All(await Task.WhenAll(Enumerable.Range(0, 5).Select(i => PredictAsync(client, model, new { text = $"good film {i}" }))), r => Assert.Equal((1, "production"), r));

        var all = await PutRoutingAsync(client, model, new { canary = new { version = 2, percent = 100 } });
        Assert.Equal(1, (int)all["production"]!);
        Assert.Equal("2", (string?)all["canary"]!["version"]);
        Assert.Equal(2, (int)all["canary"]!["resolvesTo"]!);
        Assert.Equal(100, (int)all["canary"]!["percent"]!);
        Assert.Null(all["shadow"]);
        Assert.All(await Task.WhenAll(Enumerable.Range(0, 5).Select(i => PredictAsync(client, model, new { text = $"good film {i}" }))), r => Assert.Equal((2, "canary"), r));
        Assert.Equal((1, "pinned"), await PredictAsync(client, model, new { text = "good film", version = 1 }));
        Assert.Equal((1, "pinned"), await PredictAsync(client, model, new { text = "good film", version = "production" }));

        // 30 %: each call drawn independently, so 300 calls give 90 on average (standard deviation 7.9).
        await PutRoutingAsync(client, model, new { canary = new { version = 2, percent = 30 } });
        var split = new List<(int Version, string Route)>();
        for (var round = 0; round < 10; round++)
        {
            split.AddRange(await Task.WhenAll(Enumerable.Range(0, 30).Select(i => PredictAsync(client, model, new { text = $"fine film {round}-{i}" }))));
        }

        Assert.All(split, r => Assert.Equal(r.Version == 2 ? "canary" : "production", r.Route));
        Assert.InRange(split.Count(r => r.Version == 2), 55, 125);

        // Usage is recorded against the version that served: 5 + 7 + 300 calls at version 1 or 2 as answered.
        var served = await factory.WithDbAsync(db => db.UsageEvents.Where(e => e.AccountId == accountId && e.ModelName == model && e.Meter == "calls")
            .GroupBy(e => e.ModelVersion).Select(g => new { Version = g.Key, Calls = g.Sum(e => e.Quantity) }).ToDictionaryAsync(g => g.Version, g => g.Calls));
        Assert.Equal(5 + split.Count(r => r.Version == 2), served[2]);
        Assert.Equal(5 + 2 + split.Count(r => r.Version == 1), served[1]);

        await PutRoutingAsync(client, model, new { canary = new { version = 2, percent = 0 } });
        Assert.Equal((1, "production"), await PredictAsync(client, model, new { text = "good film" }));
        await PutRoutingAsync(client, model, new { canary = new { version = 2, percent = 100 } });
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync(new Uri($"/v1/models/{model}/routing", UriKind.Relative))).StatusCode);
        Assert.Equal((1, "production"), await PredictAsync(client, model, new { text = "good film" }));
        Assert.Null((await client.GetJsonAsync($"/v1/models/{model}/routing"))["canary"]);
    }

    [Fact]
    public async Task AShadow_ClassifiesEveryUnpinnedText_WithoutAnsweringOrBillingIt()
    {
        var (client, accountId, model) = await TwoVersionsAsync();
        await (await client.PutAsJsonAsync($"/v1/models/{model}/aliases/candidate", new { version = 2 })).ReadJsonAsync(HttpStatusCode.OK);
        var routing = await PutRoutingAsync(client, model, new { shadow = new { version = "candidate" } });
        Assert.Equal("candidate", (string?)routing["shadow"]!["version"]);
        Assert.Equal(2, (int)routing["shadow"]!["resolvesTo"]!);
        Assert.False(routing["shadow"]!.AsObject().ContainsKey("percent"));
        Assert.Null(routing["canary"]);

        for (var i = 0; i < 8; i++)
        {
            Assert.Equal((1, "production"), await PredictAsync(client, model, new { text = i % 2 == 0 ? $"a good film {i}" : $"an awful film {i}" }));
        }

        Assert.Equal((1, "production"), await PredictAsync(client, model, new { texts = new[] { "great film", "bad film", "poor film", "fine film" } }));
        var comparison = await WaitForComparedAsync(client, model, 12);
        Assert.Equal(1, (int)comparison["servedVersion"]!);
        Assert.Equal(2, (int)comparison["shadowVersion"]!);
        var agreed = (long)comparison["agreed"]!;
        var disagreements = comparison["disagreements"]!.AsArray();
        Assert.Equal(12, agreed + disagreements.Sum(d => (long)d!["texts"]!));
        Assert.Equal(Math.Round(agreed / 12.0, 6), (double)comparison["agreement"]!);
        Assert.True(disagreements.Count > 0, comparison.ToJsonString());
        Assert.All(disagreements, d => Assert.NotEqual((string?)d!["served"], (string?)d["shadow"]));

        // A pinned call is not shadowed: after it and one more unpinned call, 13 texts are compared, not 14.
        Assert.Equal((2, "pinned"), await PredictAsync(client, model, new { text = "good film", version = 2 }));
        Assert.Equal((1, "pinned"), await PredictAsync(client, model, new { text = "good film", version = 1 }));
        Assert.Equal((1, "production"), await PredictAsync(client, model, new { text = "good film" }));
        await WaitForComparedAsync(client, model, 13);
        await Task.Delay(300);
        Assert.Equal(13, (long)(await client.GetJsonAsync($"/v1/models/{model}/routing"))["comparisons"]![0]!["texts"]!);

        // Billed once, for what was answered: 9 + 2 + 1 calls of 8 + 4 + 2 + 1 texts.
        var calls = await factory.WithDbAsync(db => db.UsageEvents.Where(e => e.AccountId == accountId && e.ModelName == model && e.Meter == "calls").Select(e => e.Quantity).ToListAsync());
        Assert.Equal(12, calls.Count);
        Assert.Equal(15, calls.Sum());
    }

    [Fact]
    public async Task Routing_IsValidated_AndBelongsToTheModelsOwner()
    {
        var (client, _, model) = await TwoVersionsAsync();
        async Task<JsonNode> RefusedAsync(object routing, HttpStatusCode status, string code) =>
            await (await client.PutAsJsonAsync($"/v1/models/{model}/routing", routing)).AssertProblemAsync(status, code);

        await RefusedAsync(new { canary = new { version = 2, percent = 101 } }, HttpStatusCode.BadRequest, "invalid-percent");
        await RefusedAsync(new { canary = new { version = 2, percent = -1 } }, HttpStatusCode.BadRequest, "invalid-percent");
        await RefusedAsync(new { canary = new { version = 2 } }, HttpStatusCode.BadRequest, "invalid-percent");
        await RefusedAsync(new { canary = new { percent = 10 } }, HttpStatusCode.BadRequest, "version-required");
        await RefusedAsync(new { shadow = new { version = "Not An Alias!" } }, HttpStatusCode.BadRequest, "invalid-version");
        var missing = await RefusedAsync(new { shadow = new { version = 9 } }, HttpStatusCode.NotFound, "version-not-found");
        Assert.Contains("'9'", (string?)missing["detail"], StringComparison.Ordinal);
        await RefusedAsync(new { canary = new { version = "nightly", percent = 5 } }, HttpStatusCode.NotFound, "version-not-found");
        Assert.Null((await client.GetJsonAsync($"/v1/models/{model}/routing"))["canary"]);

        var (other, _) = await factory.OrganisationAsync("provider");
        await (await other.GetAsync(new Uri($"/v1/models/{model}/routing", UriKind.Relative))).AssertProblemAsync(HttpStatusCode.NotFound, "model-not-found");
        await (await other.PutAsJsonAsync($"/v1/models/{model}/routing", new { canary = new { version = 2, percent = 100 } })).AssertProblemAsync(HttpStatusCode.NotFound, "model-not-found");
        Assert.Equal((1, "production"), await PredictAsync(client, model, new { text = "good film" }));

        var cleared = await PutRoutingAsync(client, model, new { });
        Assert.Null(cleared["canary"]);
        Assert.Null(cleared["shadow"]);
        Assert.Empty(cleared["comparisons"]!.AsArray());
    }

    private static async Task<JsonNode> WaitForComparedAsync(HttpClient client, string model, long texts)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var comparisons = (await client.GetJsonAsync($"/v1/models/{model}/routing"))["comparisons"]!.AsArray();
            if (comparisons.Count == 1 && (long)comparisons[0]!["texts"]! >= texts)
            {
                Assert.Equal(texts, (long)comparisons[0]!["texts"]!);
                return comparisons[0]!;
            }

            Assert.True(DateTime.UtcNow < deadline, $"the shadow version compared {comparisons.ToJsonString()} within 20 s, not {texts} texts");
            await Task.Delay(50);
        }
    }
}
