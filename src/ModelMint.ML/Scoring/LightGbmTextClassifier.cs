using System.Collections.Concurrent;
using Microsoft.ML;
using Microsoft.ML.Data;
using ModelMint.ML.Training;

namespace ModelMint.ML.Scoring;

/// <summary>
/// TF-IDF features restricted to a selected subset, a LightGBM multiclass (softmax) model trained by ML.NET on them,
/// and a temperature applied to its log-probabilities: <c>p ∝ p_lgbm^(1/T)</c>.
/// </summary>
/// <remarks>
/// ML.NET's <c>PredictionEngine</c> is not thread-safe, so each call borrows one from a pool and returns it; the pool
/// grows to the number of concurrent callers.
/// </remarks>
public sealed class LightGbmTextClassifier : TextClassifier
{
    private readonly string[] _labels;
    private readonly int[] _selected;
    private readonly byte[] _boostedModel;
    private readonly MLContext _context = new();
    private readonly ITransformer _transformer;
    private readonly SchemaDefinition _inputSchema;
    private readonly ConcurrentBag<PredictionEngine<BoostedInput, BoostedOutput>> _engines = [];
    private readonly Lock _creating = new();

    internal LightGbmTextClassifier(IReadOnlyList<string> labels, TextFeaturizer featurizer, int[] selectedFeatures, ScoreCalibration calibration, byte[] boostedModel)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(featurizer);
        ArgumentNullException.ThrowIfNull(selectedFeatures);
        ArgumentNullException.ThrowIfNull(calibration);
        ArgumentNullException.ThrowIfNull(boostedModel);
        if (labels.Count < 2 || calibration.Offsets.Count != labels.Count || selectedFeatures.Length == 0
            || selectedFeatures.Where((f, i) => f < 0 || f >= featurizer.Dimension || (i > 0 && f <= selectedFeatures[i - 1])).Any())
        {
            throw new ArgumentException(
                $"Inconsistent parts: {labels.Count} labels, {calibration.Offsets.Count} calibration offsets and {selectedFeatures.Length} selected "
                + $"features that must increase within [0, {featurizer.Dimension}).");
        }

        _labels = [.. labels];
        _selected = selectedFeatures;
        _boostedModel = boostedModel;
        Featurizer = featurizer;
        Calibration = calibration;
        _inputSchema = BoostedInput.Schema(selectedFeatures.Length);
        using (var stream = new MemoryStream(boostedModel, writable: false))
        {
            _transformer = _context.Model.Load(stream, out _);
        }

        // Fail at load, not at the first request, if the model does not score this many classes.
        var probe = Score(new VBuffer<float>(_selected.Length, 0, [], []));
        if (probe.Length != labels.Count)
        {
            throw new ArgumentException($"The boosted model scores {probe.Length} classes, not {labels.Count}.");
        }
    }

    public override IReadOnlyList<string> Labels => _labels;

    public TextFeaturizer Featurizer { get; }

    /// <summary>The featurizer indices the boosted model sees, increasing; position i is its feature i.</summary>
    public IReadOnlyList<int> SelectedFeatures => _selected;

    public ScoreCalibration Calibration { get; }

    internal int[] SelectedFeatureArray => _selected;

    /// <summary>The ML.NET model as <c>MLContext.Model.Save</c> wrote it.</summary>
    internal byte[] BoostedModel => _boostedModel;

    public override float[] Predict(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var scores = Score(Features(Featurizer, _selected, Featurizer.Transform(text)));
        ApplyCalibration(Calibration, scores);
        return scores;
    }

    public override void Save(Stream stream) => TextClassifierFile.Save(this, stream);

    /// <summary>
    /// The boosted model's input for a featurized text: the selected features only, renumbered by position in
    /// <paramref name="selected"/>.
    /// </summary>
    internal static VBuffer<float> Features(TextFeaturizer featurizer, int[] selected, SparseVector vector)
    {
        ArgumentNullException.ThrowIfNull(featurizer);
        var indices = new List<int>(vector.Count);
        var values = new List<float>(vector.Count);
        for (var p = 0; p < vector.Count; p++)
        {
            var position = Array.BinarySearch(selected, vector.Indices[p]);
            if (position >= 0)
            {
                indices.Add(position);
                values.Add(vector.Values[p]);
            }
        }

        return new VBuffer<float>(selected.Length, indices.Count, [.. values], [.. indices]);
    }

    /// <summary>Replaces class probabilities with calibrated ones: softmax(ln p / T).</summary>
    internal static void ApplyCalibration(ScoreCalibration calibration, Span<float> probabilities)
    {
        for (var k = 0; k < probabilities.Length; k++)
        {
            probabilities[k] = MathF.Log(Math.Max(probabilities[k], 1e-12f));
        }

        calibration.ToProbabilities(probabilities);
    }

    /// <summary>The boosted model's class probabilities, uncalibrated.</summary>
    internal float[] Score(VBuffer<float> features)
    {
        if (!_engines.TryTake(out var engine))
        {
            lock (_creating)
            {
                engine = _context.Model.CreatePredictionEngine<BoostedInput, BoostedOutput>(_transformer, inputSchemaDefinition: _inputSchema);
            }
        }

        try
        {
            return [.. engine.Predict(new BoostedInput { Features = features }).Score];
        }
        finally
        {
            _engines.Add(engine);
        }
    }
}

/// <summary>One row as ML.NET sees it: the class index (training only) and the selected features.</summary>
internal sealed class BoostedInput
{
    public float Label { get; set; }

    public VBuffer<float> Features { get; set; }

    /// <summary>The schema with the feature vector's length, which the attribute-free type cannot state.</summary>
    public static SchemaDefinition Schema(int featureCount)
    {
        var schema = SchemaDefinition.Create(typeof(BoostedInput));
        schema[nameof(Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, featureCount);
        return schema;
    }
}

/// <summary>ML.NET's multiclass output: one probability per class, in class-index order.</summary>
internal sealed class BoostedOutput
{
    public float[] Score { get; set; } = [];
}
