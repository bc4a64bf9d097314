using System.Collections.Concurrent;
using ModelMint.Data.Models;
using ModelMint.ML.Scoring;
using ModelMint.Server.Hosting;

namespace ModelMint.Server.Predictions;

/// <summary>
/// Loaded classifiers keyed by version id. Versions are immutable, so an entry never goes stale; each file is read
/// once even when many requests ask for it at the same moment.
/// </summary>
public sealed class ModelCache(DataFolder folder)
{
    private readonly ConcurrentDictionary<Guid, Lazy<TextClassifier>> loaded = new();

    public TextClassifier Get(ModelVersion version) =>
        loaded.GetOrAdd(version.Id, _ => new Lazy<TextClassifier>(() => Load(version.ArtifactPath))).Value;

    private TextClassifier Load(string relativePath)
    {
        using var stream = File.OpenRead(folder.Resolve(relativePath));
        return TextClassifierFile.Load(stream);
    }
}
