using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using ModelMint.Data.Models;
using ModelMint.ML.Scoring;
using ModelMint.Server.Hosting;

namespace ModelMint.Server.Predictions;

/// <summary>
/// Loaded classifiers keyed by version id. Versions are immutable, so an entry never goes stale; each file is read
/// once even when many requests ask for it at the same moment. A version not asked for during
/// <see cref="PredictionOptions.UnloadAfterIdle"/> is dropped by a sweep on the <see cref="TimeProvider"/>'s timer and
/// loaded again on its next request.
/// </summary>
/// <remarks>
/// Unloading only removes the cache's reference: a prediction that already holds the classifier finishes with it,
/// and the garbage collector frees it after the last one. A request racing the sweep at worst loads the file again.
/// </remarks>
public sealed class ModelCache : IDisposable
{
    private readonly ConcurrentDictionary<Guid, Entry> loaded = new();
    private readonly DataFolder folder;
    private readonly TimeProvider time;
    private readonly TimeSpan unloadAfterIdle;
    private readonly ILogger<ModelCache> logger;
    private readonly ITimer sweeper;

    public ModelCache(DataFolder folder, TimeProvider time, IOptions<PredictionOptions> options, ILogger<ModelCache> logger)
    {
        this.folder = folder;
        this.time = time;
        this.logger = logger;
        unloadAfterIdle = options.Value.UnloadAfterIdle;
        // A version is unloaded between UnloadAfterIdle and UnloadAfterIdle + period after its last use.
        var period = TimeSpan.FromTicks(Math.Clamp(unloadAfterIdle.Ticks / 4, TimeSpan.TicksPerSecond, TimeSpan.TicksPerMinute));
        sweeper = time.CreateTimer(_ => UnloadIdle(), null, period, period);
    }

    /// <summary>How many versions are in memory (or loading) now.</summary>
    public int Count => loaded.Count;

    public bool IsLoaded(Guid versionId) => loaded.TryGetValue(versionId, out var entry) && entry.Classifier.IsValueCreated;

    public TextClassifier Get(ModelVersion version)
    {
        var entry = loaded.GetOrAdd(version.Id, static (_, state) => new Entry(state.Cache, state.ArtifactPath), (Cache: this, version.ArtifactPath));
        Volatile.Write(ref entry.LastUsed, time.GetTimestamp());
        try
        {
            return entry.Classifier.Value;
        }
        catch
        {
            // Lazy keeps a failed load's exception; drop the entry so the next request tries the file again.
            loaded.TryRemove(KeyValuePair.Create(version.Id, entry));
            throw;
        }
    }

    /// <summary>Drops every version idle for at least <see cref="PredictionOptions.UnloadAfterIdle"/>; returns how many.</summary>
    public int UnloadIdle()
    {
        var now = time.GetTimestamp();
        var unloaded = 0;
        foreach (var (id, entry) in loaded)
        {
            // A load still in progress was asked for a moment ago; it is never idle.
            if (entry.Classifier.IsValueCreated && time.GetElapsedTime(Volatile.Read(ref entry.LastUsed), now) >= unloadAfterIdle
                && loaded.TryRemove(KeyValuePair.Create(id, entry)))
            {
                unloaded++;
            }
        }

        if (unloaded > 0)
        {
            logger.LogInformation("Unloaded {Count} model version(s) not used for {Idle}; {Loaded} remain loaded", unloaded, unloadAfterIdle, loaded.Count);
        }

        return unloaded;
    }

    public void Dispose() => sweeper.Dispose();

    private TextClassifier Load(string relativePath)
    {
        using var stream = File.OpenRead(folder.Resolve(relativePath));
        return TextClassifierFile.Load(stream);
    }

    private sealed class Entry(ModelCache cache, string artifactPath)
    {
        public readonly Lazy<TextClassifier> Classifier = new(() => cache.Load(artifactPath), LazyThreadSafetyMode.ExecutionAndPublication);

        /// <summary><see cref="TimeProvider.GetTimestamp"/> of the last request that asked for this version.</summary>
        public long LastUsed;
    }
}
