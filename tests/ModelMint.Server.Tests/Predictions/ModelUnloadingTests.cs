using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using ModelMint.Data;
using ModelMint.Server.Hosting;
using ModelMint.Server.Predictions;
using ModelMint.Server.Tests.Infrastructure;

namespace ModelMint.Server.Tests.Predictions;

/// <summary>
/// Idle model versions leave memory on the model cache's own clock (a fake one here, so only the cache's sweep sees
/// time pass) and come back on the next request with the same answers.
/// </summary>
public sealed class ModelUnloadingTests : IClassFixture<ModelUnloadingTests.Factory>
{
    public sealed class Factory : ModelMintFactory
    {
        public FakeTimeProvider Time { get; } = new(DateTimeOffset.Parse("2026-03-01T09:00:00Z", CultureInfo.InvariantCulture));

        public Factory()
        {
            Settings["Bootstrap:DemoModel"] = "true";
            Settings["Predictions:UnloadAfterIdle"] = "00:10:00";
        }

        protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services => services.AddSingleton(sp => new ModelCache(
                sp.GetRequiredService<DataFolder>(), Time, sp.GetRequiredService<IOptions<PredictionOptions>>(), sp.GetRequiredService<ILogger<ModelCache>>())));
        }
    }

    private const string Model = "demo-intents";
    private const string Text = "I was charged twice for my order";
    private readonly Factory factory;
    private readonly HttpClient client;

    public ModelUnloadingTests(Factory factory)
    {
        this.factory = factory;
        client = factory.CreateOperatorClient();
    }

    private ModelCache Cache => factory.Services.GetRequiredService<ModelCache>();

    private async Task<Guid> DemoVersionIdAsync()
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (!(await client.GetJsonAsync("/v1/models"))["items"]!.AsArray().Any(m => (string?)m!["name"] == Model))
        {
            Assert.True(DateTime.UtcNow < deadline, "the demo model was not trained within two minutes");
            await Task.Delay(100);
        }

        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ModelMintDbContext>();
        var modelId = await db.Models.AsNoTracking().Where(m => m.Name == Model).Select(m => m.Id).SingleAsync();
        return await db.ModelVersions.AsNoTracking().Where(v => v.ModelId == modelId).Select(v => v.Id).SingleAsync();
    }

    private async Task<JsonNode> PredictAsync() =>
        (await (await client.PostJsonAsync($"/v1/models/{Model}/predict", new { text = Text })).ReadJsonAsync(HttpStatusCode.OK))["predictions"]![0]!;

    [Fact]
    public async Task An_idle_version_is_unloaded_and_reloaded_on_demand_with_the_same_answers()
    {
        var versionId = await DemoVersionIdAsync();
        var before = await PredictAsync();
        Assert.True(Cache.IsLoaded(versionId));

        factory.Time.Advance(TimeSpan.FromMinutes(11));

        Assert.False(Cache.IsLoaded(versionId), "a version idle for 11 minutes is still loaded (UnloadAfterIdle is 10 minutes)");
        var after = await PredictAsync();
        Assert.True(Cache.IsLoaded(versionId));
        Assert.Equal((string?)before["label"], (string?)after["label"]);
        Assert.Equal(before["scores"]!.ToJsonString(), after["scores"]!.ToJsonString());
    }

    [Fact]
    public async Task A_version_used_within_the_idle_time_stays_loaded()
    {
        var versionId = await DemoVersionIdAsync();
        await PredictAsync();

        factory.Time.Advance(TimeSpan.FromMinutes(6));
        await PredictAsync();
        factory.Time.Advance(TimeSpan.FromMinutes(6));

        Assert.True(Cache.IsLoaded(versionId), "a version used 6 minutes ago was unloaded (UnloadAfterIdle is 10 minutes)");
    }
}
