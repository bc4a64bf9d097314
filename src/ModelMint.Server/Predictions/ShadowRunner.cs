using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ModelMint.Data;
using ModelMint.Data.Models;
using ModelMint.ML.Scoring;

namespace ModelMint.Server.Predictions;

/// <summary>
/// The texts of one served call, with the label each got, for its model's shadow version to classify as well.
/// </summary>
public sealed record ShadowWork(Guid ModelId, int ServedVersion, ModelVersion Shadow, IReadOnlyList<string> Texts, IReadOnlyList<string> ServedLabels);

/// <summary>
/// Runs shadow versions off the request path: a served call hands its texts and answers over (a bounded queue,
/// <see cref="PredictionOptions.ShadowQueue"/>) and is answered at once; this worker classifies them with the shadow
/// version and adds each pair of top labels (served, shadow) to <c>shadow_comparisons</c>, with one upsert per pair
/// and drained batch (<c>INSERT ... ON CONFLICT DO UPDATE</c>, so nodes add up). Shadow predictions are never
/// returned or billed. A full queue skips shadowing (counted in <see cref="Skipped"/>) rather than slowing the call;
/// calls still queued when the server stops are not compared.
/// </summary>
public sealed class ShadowRunner(IServiceScopeFactory scopes, ModelCache models, IOptions<PredictionOptions> options, ILogger<ShadowRunner> logger) : BackgroundService
{
    private const int MaxDrain = 256;

    private readonly Channel<ShadowWork> queue = Channel.CreateBounded<ShadowWork>(
        new BoundedChannelOptions(options.Value.ShadowQueue) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    private long skipped;

    /// <summary>Calls not shadowed on this node since it started, because the queue was full.</summary>
    public long Skipped => Interlocked.Read(ref skipped);

    /// <summary>Queues a served call for its shadow version; never waits.</summary>
    public void Enqueue(ShadowWork work)
    {
        if (!queue.Writer.TryWrite(work))
        {
            Interlocked.Increment(ref skipped);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var counts = new Dictionary<(Guid ModelId, int Served, int Shadow, string ServedLabel, string ShadowLabel), long>();
        try
        {
            while (await queue.Reader.WaitToReadAsync(stoppingToken))
            {
                counts.Clear();
                for (var drained = 0; drained < MaxDrain && queue.Reader.TryRead(out var work); drained++)
                {
                    Compare(work, counts);
                }

                await SaveAsync(counts, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private void Compare(ShadowWork work, Dictionary<(Guid, int, int, string, string), long> counts)
    {
        try
        {
            var classifier = models.Get(work.Shadow);
            for (var i = 0; i < work.Texts.Count; i++)
            {
                var key = (work.ModelId, work.ServedVersion, work.Shadow.Version, work.ServedLabels[i], classifier.PredictTop(work.Texts[i]).Label);
                counts[key] = counts.GetValueOrDefault(key) + 1;
            }
        }
        catch (Exception e)
        {
            // A shadow version that cannot be loaded must not stop the comparisons of other models.
            logger.LogWarning(e, "Shadow version {Version} of model {ModelId} could not classify a call", work.Shadow.Version, work.ModelId);
        }
    }

    private async Task SaveAsync(Dictionary<(Guid ModelId, int Served, int Shadow, string ServedLabel, string ShadowLabel), long> counts, CancellationToken cancellationToken)
    {
        if (counts.Count == 0)
        {
            return;
        }

        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ModelMintDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            // Key order, so two nodes adding to the same rows lock them in the same order.
            foreach (var ((modelId, served, shadow, servedLabel, shadowLabel), texts) in counts
                .OrderBy(c => c.Key.ModelId).ThenBy(c => c.Key.Served).ThenBy(c => c.Key.Shadow)
                .ThenBy(c => c.Key.ServedLabel, StringComparer.Ordinal).ThenBy(c => c.Key.ShadowLabel, StringComparer.Ordinal))
            {
                await db.Database.ExecuteSqlAsync($"""
                    INSERT INTO shadow_comparisons ("ModelId", "ServedVersion", "ShadowVersion", "ServedLabel", "ShadowLabel", "Texts")
                    VALUES ({modelId}, {served}, {shadow}, {servedLabel}, {shadowLabel}, {texts})
                    ON CONFLICT ("ModelId", "ServedVersion", "ShadowVersion", "ServedLabel", "ShadowLabel")
                    DO UPDATE SET "Texts" = shadow_comparisons."Texts" + excluded."Texts"
                    """, cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Shadow comparisons of {Count} label pair(s) could not be saved", counts.Count);
        }
    }
}
