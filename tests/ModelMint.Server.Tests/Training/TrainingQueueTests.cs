using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using ModelMint.Server.Tests.Infrastructure;
using ModelMint.Server.Training;

namespace ModelMint.Server.Tests.Training;

/// <summary>The database-as-queue rules: one claimant per job, orphans re-queued then failed, never left running.</summary>
public sealed class TrainingQueueTests : IClassFixture<TrainingQueueTests.Factory>
{
    public sealed class Factory : ModelMintFactory
    {
        public FakeTimeProvider Time { get; } = new(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

        public Factory()
        {
            Settings["Training:WorkerEnabled"] = "false";
            Settings["Training:StaleAfter"] = "00:00:30";
            Settings["Training:MaxAttempts"] = "2";
        }

        protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services => services.AddSingleton<TimeProvider>(Time));
        }
    }

    private readonly Factory factory;
    private readonly HttpClient client;

    public TrainingQueueTests(Factory factory)
    {
        this.factory = factory;
        client = factory.CreateOperatorClient();
    }

    private async Task<string> QueueJobAsync(string modelName)
    {
        var dataset = await (await client.UploadAsync("text,label\ngood,pos\ngreat,pos\nbad,neg\nawful,neg\n")).ReadJsonAsync(HttpStatusCode.Created);
        var job = await (await client.PostJsonAsync("/v1/training-jobs", new { datasetId = (string)dataset["id"]!, modelName })).ReadJsonAsync(HttpStatusCode.Accepted);
        return (string)job["id"]!;
    }

    private async Task<T> WithQueueAsync<T>(Func<TrainingQueue, Task<T>> action)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<TrainingQueue>());
    }

    [Fact]
    public async Task ManyWorkersClaimingAtOnce_ExactlyOneGetsTheJob()
    {
        var jobId = await QueueJobAsync("claimed-once");

        var claims = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() => WithQueueAsync(q => q.ClaimNextAsync($"worker-{i}", CancellationToken.None)))));

        var winners = claims.Where(j => j is not null && j.Id.ToString() == jobId).ToList();
        Assert.Single(winners);
        Assert.Equal("running", (string?)(await client.GetJsonAsync($"/v1/training-jobs/{jobId}"))["status"]);
        await DrainAsync();
    }

    [Fact]
    public async Task OrphanedJob_IsRequeued_ThenFailedAfterMaxAttempts()
    {
        await DrainAsync();
        var jobId = await QueueJobAsync("orphaned");

        var first = await WithQueueAsync(q => q.ClaimNextAsync("dead-worker-1", CancellationToken.None));
        Assert.Equal(jobId, first!.Id.ToString());
        factory.Time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(0, await WithQueueAsync(q => q.RecoverOrphansAsync(CancellationToken.None)));
        factory.Time.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal(1, await WithQueueAsync(q => q.RecoverOrphansAsync(CancellationToken.None)));
        Assert.Equal("queued", (string?)(await client.GetJsonAsync($"/v1/training-jobs/{jobId}"))["status"]);

        var second = await WithQueueAsync(q => q.ClaimNextAsync("dead-worker-2", CancellationToken.None));
        Assert.Equal(jobId, second!.Id.ToString());
        Assert.False(await WithQueueAsync(q => q.HeartbeatAsync(second.Id, "dead-worker-1", 0.5, CancellationToken.None)), "a worker that lost its claim must not heartbeat");
        factory.Time.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal(1, await WithQueueAsync(q => q.RecoverOrphansAsync(CancellationToken.None)));

        var job = await client.GetJsonAsync($"/v1/training-jobs/{jobId}");
        Assert.Equal("failed", (string?)job["status"]);
        Assert.Contains("stopped responding", (string?)job["error"], StringComparison.Ordinal);
        Assert.False(await WithQueueAsync(q => q.FinishAsync(second.Id, "dead-worker-2", "succeeded", null, null, 1, CancellationToken.None)), "a failed job cannot be finished by its old worker");
    }

    /// <summary>Fails whatever is still queued so each test starts from an empty queue.</summary>
    private async Task DrainAsync()
    {
        while (await WithQueueAsync(q => q.ClaimNextAsync("drain", CancellationToken.None)) is { } job)
        {
            await WithQueueAsync(q => q.FinishAsync(job.Id, "drain", "failed", "drained by test", null, null, CancellationToken.None));
        }
    }
}
