using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.LightGbm;
using Microsoft.ML.Transforms;
using ModelMint.ML.Scoring;

namespace ModelMint.ML.Training;

/// <summary>
/// Gradient-boosted trees (LightGBM through ML.NET, softmax objective for any number of labels) on the same TF-IDF
/// features as <see cref="AutoTrainer"/>, narrowed to the <c>maxFeatures</c> with the highest chi-square score
/// against the labels. A model boosted on a stratified 85% of the rows is scored on the other 15%: that gives the
/// curve point (ML.NET exposes no per-iteration hook or trees of a multiclass model) and fits a temperature on its
/// log-probabilities; the model kept is boosted again on all rows and keeps that temperature.
/// Parameters (all optional): <c>numberOfIterations</c> (100), <c>learningRate</c> (0.1), <c>numberOfLeaves</c> (31),
/// <c>minimumExampleCountPerLeaf</c> (20), <c>maxFeatures</c> (2000).
/// </summary>
/// <remarks>
/// LightGBM grows one tree per label per iteration, so time grows with labels × iterations (banking77's 77 labels
/// take about a minute at the defaults on two cores; see docs). It runs on one thread: OpenMP's spinning threads make
/// two-thread runs many times slower on a busy two-core machine, and one thread gives identical models anywhere for
/// a seed. ML.NET offers no way to interrupt boosting, so cancellation takes effect before or after it. Multi-label
/// training is not supported.
/// </remarks>
public sealed class LightGbmTrainer : ITextClassifierTrainer
{
    public const int DefaultIterations = 100;
    public const double DefaultLearningRate = 0.1;
    public const int DefaultLeaves = 31;
    public const int DefaultMinimumExamplesPerLeaf = 20;
    public const int DefaultMaxFeatures = 2000;
    public const string Series = "lightgbm";

    private const double ValidationFraction = 0.15;
    private const int MinValidationRows = 20;
    private const double FeaturizingShare = 0.15;
    private const double BoostingShare = 0.85;

    // TF-IDF values need few bins; fewer bins make each histogram cheaper.
    private const int MaxBins = 32;

    public string Name => "lightgbm";

    public bool SupportsMultiLabel => false;

    public IReadOnlyList<string> ValidateParameters(IReadOnlyDictionary<string, string> parameters) =>
        TrainerParameters.Validate(() => Plan(parameters));

    public TrainingResult Train(TrainingRequest request, ITrainingObserver observer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var plan = Plan(request.Parameters);
        if (request.MultiLabel)
        {
            throw new ArgumentException("The 'lightgbm' trainer does not support multi-label training; use 'auto' or 'linear-svm'.", nameof(request));
        }

        var clock = Stopwatch.StartNew();
        var meter = new ProgressMeter(observer);
        meter.Report(0);
        var rows = request.Train ?? throw new ArgumentException("The training set is missing.", nameof(request));
        var targets = SingleLabelTargets.Create(rows);
        var labels = targets.Labels;
        var index = labels.Select((label, i) => (label, i)).ToDictionary(p => p.label, p => p.i, StringComparer.Ordinal);
        var classes = rows.Select(r => index[r.Label]).ToArray();

        var texts = rows.Select(r => r.Text ?? string.Empty).ToArray();
        var featurizer = TextFeaturizer.Fit(texts, cancellationToken: cancellationToken);
        var features = new SparseVector[rows.Count];
        Parallel.For(0, rows.Count, new ParallelOptions { MaxDegreeOfParallelism = 2, CancellationToken = cancellationToken }, i => features[i] = featurizer.Transform(texts[i]));
        meter.Report(FeaturizingShare);

        var isValidation = DatasetSplit.StratifiedTestRows(targets.StratificationKeys, ValidationFraction, request.Seed);
        var validation = Enumerable.Range(0, rows.Count).Where(i => isValidation[i]).ToArray();
        var canValidate = validation.Length >= MinValidationRows;
        var all = Enumerable.Range(0, rows.Count).ToArray();
        var boostingRuns = canValidate ? 2 : 1;

        var calibration = ScoreCalibration.None(labels.Length);
        double? accuracy = null, logLoss = null;
        if (canValidate)
        {
            var part = Enumerable.Range(0, rows.Count).Where(i => !isValidation[i]).ToArray();
            var (selectedOnPart, boostedOnPart) = Boost(plan, request.Seed, labels, featurizer, features, classes, part, cancellationToken);
            meter.Report(FeaturizingShare + (BoostingShare / boostingRuns));
            var uncalibrated = new LightGbmTextClassifier(labels, featurizer, selectedOnPart, ScoreCalibration.None(labels.Length), boostedOnPart);
            var logProbabilities = new float[validation.Length * labels.Length];
            var truth = validation.Select(i => classes[i]).ToArray();
            var correct = 0;
            for (var r = 0; r < validation.Length; r++)
            {
                var probabilities = uncalibrated.Score(LightGbmTextClassifier.Features(featurizer, selectedOnPart, features[validation[r]]));
                correct += TextClassifierExtensions.ArgMax(probabilities) == truth[r] ? 1 : 0;
                for (var k = 0; k < labels.Length; k++)
                {
                    logProbabilities[(r * labels.Length) + k] = MathF.Log(Math.Max(probabilities[k], 1e-12f));
                }
            }

            calibration = ScoreCalibrator.FitTemperature(logProbabilities, truth, labels.Length);
            accuracy = (double)correct / validation.Length;
            logLoss = ScoreCalibrator.LogLoss(logProbabilities, truth, labels.Length, calibration);
            observer?.Curve(new CurvePoint(Series, plan.Iterations, null, logLoss, accuracy));
        }

        var (selected, boosted) = Boost(plan, request.Seed, labels, featurizer, features, classes, all, cancellationToken);
        var model = new LightGbmTextClassifier(labels, featurizer, selected, calibration, boosted);
        meter.Report(1);
        var parameters = new Dictionary<string, string>
        {
            ["numberOfIterations"] = plan.Iterations.ToString(CultureInfo.InvariantCulture),
            ["learningRate"] = TrainerParameters.Format(plan.LearningRate),
            ["numberOfLeaves"] = plan.Leaves.ToString(CultureInfo.InvariantCulture),
            ["minimumExampleCountPerLeaf"] = plan.MinimumExamplesPerLeaf.ToString(CultureInfo.InvariantCulture),
            ["maxFeatures"] = plan.MaxFeatures.ToString(CultureInfo.InvariantCulture),
            ["featuresUsed"] = selected.Length.ToString(CultureInfo.InvariantCulture),
            ["features"] = featurizer.Description,
            ["calibration"] = calibration.Method,
            ["temperature"] = calibration.Temperature.ToString("0.###", CultureInfo.InvariantCulture),
        };
        if (accuracy is not null)
        {
            parameters["validationFraction"] = TrainerParameters.Format(ValidationFraction);
            parameters["validationAccuracy"] = accuracy.Value.ToString("0.####", CultureInfo.InvariantCulture);
            parameters["validationLogLoss"] = logLoss!.Value.ToString("0.####", CultureInfo.InvariantCulture);
        }

        var entry = new LeaderboardEntry(
            $"lightgbm iterations={plan.Iterations}",
            parameters,
            accuracy ?? double.NaN,
            logLoss,
            clock.Elapsed.TotalSeconds,
            Chosen: true);
        return new TrainingResult(model, parameters, accuracy is null ? null : [entry]);
    }

    /// <summary>
    /// Selects features on <paramref name="subset"/> and boosts on it; returns the selection and the saved ML.NET model.
    /// </summary>
    private static (int[] Selected, byte[] Model) Boost(
        LightGbmPlan plan, int seed, string[] labels, TextFeaturizer featurizer, SparseVector[] features, int[] classes, int[] subset, CancellationToken cancellationToken)
    {
        var selected = ChiSquareSelection.Select([.. subset.Select(i => features[i])], [.. subset.Select(i => classes[i])], labels.Length, featurizer.Dimension, plan.MaxFeatures);
        cancellationToken.ThrowIfCancellationRequested();
        var context = new MLContext(seed);
        var schema = BoostedInput.Schema(selected.Length);
        var data = context.Data.LoadFromEnumerable(
            subset.Select(i => new BoostedInput { Label = classes[i], Features = LightGbmTextClassifier.Features(featurizer, selected, features[i]) }).ToList(),
            schema);

        // Classes are 0..K-1 and all occur in the subset (a stratified split keeps a row of each in training), so keys
        // ordered by value put class k at score index k.
        var keyed = context.Transforms.Conversion.MapValueToKey("Label", keyOrdinality: ValueToKeyMappingEstimator.KeyOrdinality.ByValue).Fit(data).Transform(data);
        var options = new LightGbmMulticlassTrainer.Options
        {
            NumberOfIterations = plan.Iterations,
            LearningRate = plan.LearningRate,
            NumberOfLeaves = plan.Leaves,
            MinimumExampleCountPerLeaf = plan.MinimumExamplesPerLeaf,
            UseSoftmax = true,
            NumberOfThreads = 1,
            Seed = seed,
            Deterministic = true,
            ForceColumnWise = true,
            MaximumBinCountPerFeature = MaxBins,
            Silent = true,
        };
        var transformer = context.MulticlassClassification.Trainers.LightGbm(options).Fit(keyed);
        cancellationToken.ThrowIfCancellationRequested();
        using var stream = new MemoryStream();
        context.Model.Save(transformer, context.Data.LoadFromEnumerable(new List<BoostedInput>(), schema).Schema, stream);
        return (selected, stream.ToArray());
    }

    private LightGbmPlan Plan(IReadOnlyDictionary<string, string>? values)
    {
        var parameters = new TrainerParameters(Name, values, "numberOfIterations", "learningRate", "numberOfLeaves", "minimumExampleCountPerLeaf", "maxFeatures");
        return new LightGbmPlan(
            parameters.IntInRange("numberOfIterations", DefaultIterations, 1, 10_000),
            parameters.PositiveDoubleAtMost("learningRate", DefaultLearningRate, 1),
            parameters.IntInRange("numberOfLeaves", DefaultLeaves, 2, 4096),
            parameters.IntInRange("minimumExampleCountPerLeaf", DefaultMinimumExamplesPerLeaf, 1, 1_000_000),
            parameters.IntInRange("maxFeatures", DefaultMaxFeatures, 1, 1_000_000));
    }

    private sealed record LightGbmPlan(int Iterations, double LearningRate, int Leaves, int MinimumExamplesPerLeaf, int MaxFeatures);
}
