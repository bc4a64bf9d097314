using System.Diagnostics;
using System.Globalization;
using ModelMint.ML.Scoring;

namespace ModelMint.ML.Training;

/// <summary>One configuration to compare: the SVM's C and whether features are Naive Bayes weighted (NB-SVM).</summary>
internal sealed record SvmCandidate(double C, bool NaiveBayes = false)
{
    public string Name => $"{(NaiveBayes ? "nb-svm" : "svm")} c={TrainerParameters.Format(C)}";

    /// <summary><c>tfidf</c> for plain TF-IDF features, <c>nb</c> for features scaled by Naive Bayes log-count ratios.</summary>
    public string Weighting => NaiveBayes ? CalibratedSvmTraining.NaiveBayesWeighting : CalibratedSvmTraining.TfIdfWeighting;
}

/// <summary>
/// What <see cref="CalibratedSvmTraining"/> should do: the candidates to compare, in order of preference, and the
/// curve series they are reported under.
/// </summary>
internal sealed record CalibratedSvmPlan(string Series, IReadOnlyList<SvmCandidate> Candidates, double TimeBudgetSeconds, int MaxIterations, double Tolerance);

/// <summary>
/// The pipeline behind the "auto" and "linear-svm" trainers: featurize, score each candidate on held-out rows, fit
/// the probability calibration (Platt for two labels or per label of a multi-label model, temperature otherwise) on
/// the held-out decision values of the most accurate, then retrain on all rows with it and keep the calibration.
/// </summary>
/// <remarks>
/// Held-out rows come from 5-fold stratified cross-validation on small problems (up to
/// <see cref="CrossValidationMaxRows"/> rows and <see cref="CrossValidationMaxWork"/> rows × binary problems), where one
/// 15% split would be too small to rank candidates or fit a calibration reliably and fits are cheap, and from one
/// stratified 15% split otherwise (fewer than 20 held-out rows: no comparison and no calibration). The vocabulary and IDF come from all rows, held-out ones included: they use no
/// labels, and it saves featurizing per fold. The first candidate is always scored; later ones only while the time
/// budget is expected to hold them and the final fit. Ties keep the earlier, i.e. preferred, candidate.
/// </remarks>
internal static class CalibratedSvmTraining
{
    public const double ValidationFraction = 0.15;
    public const int CrossValidationFolds = 5;
    public const int CrossValidationMaxRows = 5000;

    // Cross-validation fits each candidate five times; past this many rows × binary problems that costs more than a
    // second opinion is worth, and one split of 15% holds enough rows anyway.
    public const int CrossValidationMaxWork = 100_000;
    public const string TfIdfWeighting = "tfidf";
    public const string NaiveBayesWeighting = "nb";

    // Smoothing of the Naive Bayes log-count ratios, as in Wang and Manning's NB-SVM.
    public const double NaiveBayesSmoothing = 1;

    // Below this many held-out rows a fitted calibration or a comparison is noise; train once, uncalibrated.
    private const int MinValidationRows = 20;
    private const double FeaturizingShare = 0.1;

    public static TrainingResult Train(TrainingRequest request, CalibratedSvmPlan plan, ITrainingObserver? observer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var clock = Stopwatch.StartNew();
        var rows = request.Train ?? throw new ArgumentException("The training set is missing.", nameof(request));
        SvmTargets targets = request.MultiLabel ? MultiLabelTargets.Create(rows) : SingleLabelTargets.Create(rows);
        var meter = new ProgressMeter(observer);
        meter.Report(0);

        var texts = rows.Select(r => r.Text ?? string.Empty).ToArray();
        var featurizer = TextFeaturizer.Fit(texts, cancellationToken: cancellationToken);
        var features = new SparseVector[rows.Count];
        Parallel.For(0, rows.Count, new ParallelOptions { MaxDegreeOfParallelism = 2, CancellationToken = cancellationToken }, i => features[i] = featurizer.Transform(texts[i]));
        meter.Report(FeaturizingShare);

        var scheme = ValidationScheme.Choose(targets.StratificationKeys, targets.ProblemCount, request.Seed);
        var fitsPerCandidate = scheme?.Parts.Count ?? 0;
        var unit = (1 - FeaturizingShare) / (((plan.Candidates.Count * fitsPerCandidate) + 1) * targets.ProblemCount);
        var all = Enumerable.Range(0, rows.Count).ToArray();

        LinearSvmModel Fit(int[] subset, SvmCandidate candidate) => targets.Fit(
            [.. subset.Select(i => features[i])],
            subset,
            featurizer.Dimension,
            new LinearSvmOptions
            {
                C = candidate.C,
                NaiveBayesSmoothing = candidate.NaiveBayes ? NaiveBayesSmoothing : 0,
                MaxIterations = plan.MaxIterations,
                Tolerance = plan.Tolerance,
                Seed = request.Seed,
            },
            () => meter.Advance(unit),
            cancellationToken);

        var tried = new List<Tried>();
        if (scheme is not null)
        {
            var columns = targets.Labels.Length;
            var longest = 0.0;
            for (var index = 0; index < plan.Candidates.Count; index++)
            {
                if (tried.Count > 0 && clock.Elapsed.TotalSeconds + (2.2 * longest) > plan.TimeBudgetSeconds)
                {
                    break;
                }

                var candidate = plan.Candidates[index];
                var started = clock.Elapsed.TotalSeconds;
                var decisions = new float[rows.Count * columns];
                foreach (var (train, heldOut) in scheme.Parts)
                {
                    var model = Fit(train, candidate);
                    foreach (var i in heldOut)
                    {
                        model.DecisionValues(features[i], decisions.AsSpan(i * columns, columns));
                    }
                }

                var scored = targets.Score(decisions, scheme.ValidationRows);
                var seconds = clock.Elapsed.TotalSeconds - started;
                longest = Math.Max(longest, seconds);
                tried.Add(new Tried(candidate, scored, seconds));
                observer?.Curve(new CurvePoint(plan.Series, index, null, scored.LogLoss, scored.Accuracy));
            }

            meter.Report(FeaturizingShare + (unit * targets.ProblemCount * plan.Candidates.Count * fitsPerCandidate));
        }

        var chosen = tried.Count > 0 ? tried.Aggregate((best, next) => next.Scored.Accuracy > best.Scored.Accuracy ? next : best) : null;
        var candidateChosen = chosen?.Candidate ?? plan.Candidates[0];
        var calibration = chosen?.Scored ?? targets.Uncalibrated();
        var final = Fit(all, candidateChosen);
        meter.Report(1);

        return new TrainingResult(
            calibration.Build(featurizer, final),
            UsedParameters(plan, featurizer, candidateChosen, calibration, scheme, tried),
            scheme is null ? null : [.. tried.Select(t => Entry(t, t == chosen, featurizer, scheme))]);
    }

    private static LeaderboardEntry Entry(Tried tried, bool chosen, TextFeaturizer featurizer, ValidationScheme scheme) => new(
        tried.Candidate.Name,
        new Dictionary<string, string>
        {
            ["c"] = TrainerParameters.Format(tried.Candidate.C),
            ["weighting"] = tried.Candidate.Weighting,
            ["features"] = featurizer.Description,
            ["validation"] = scheme.Description,
        },
        tried.Scored.Accuracy,
        tried.Scored.LogLoss,
        tried.Seconds,
        chosen);

    private static Dictionary<string, string> UsedParameters(
        CalibratedSvmPlan plan, TextFeaturizer featurizer, SvmCandidate chosen, Scored calibration, ValidationScheme? scheme, List<Tried> tried)
    {
        var used = new Dictionary<string, string>(calibration.Parameters)
        {
            ["c"] = TrainerParameters.Format(chosen.C),
            ["weighting"] = chosen.Weighting,
            ["features"] = featurizer.Description,
            ["maxIterations"] = plan.MaxIterations.ToString(CultureInfo.InvariantCulture),
            ["tolerance"] = TrainerParameters.Format(plan.Tolerance),
        };
        if (scheme is not null && tried.Count > 0)
        {
            used["validation"] = scheme.Description;
            if (scheme.Parts.Count == 1)
            {
                used["validationFraction"] = TrainerParameters.Format(ValidationFraction);
            }

            used["validationAccuracy"] = calibration.Accuracy.ToString("0.####", CultureInfo.InvariantCulture);
            used["validationLogLoss"] = calibration.LogLoss.ToString("0.####", CultureInfo.InvariantCulture);
            used["cTried"] = string.Join(",", tried.Select(t => TrainerParameters.Format(t.Candidate.C)).Distinct());
            used["candidatesTried"] = string.Join(",", tried.Select(t => t.Candidate.Name));
        }

        return used;
    }

    /// <summary>A candidate scored on held-out rows.</summary>
    private sealed record Tried(SvmCandidate Candidate, Scored Scored, double Seconds);

    /// <summary>
    /// Which rows are held out: one or more (train, held-out) parts whose held-out rows together are
    /// <see cref="ValidationRows"/>, each held out exactly once.
    /// </summary>
    private sealed record ValidationScheme(string Description, IReadOnlyList<(int[] Train, int[] HeldOut)> Parts, int[] ValidationRows)
    {
        public static ValidationScheme? Choose(IReadOnlyList<string> keys, int problems, int seed)
        {
            var n = keys.Count;
            if (n <= CrossValidationMaxRows && (long)n * problems <= CrossValidationMaxWork)
            {
                if (n < MinValidationRows)
                {
                    return null;
                }

                var fold = DatasetSplit.StratifiedFolds(keys, CrossValidationFolds, seed);
                var parts = Enumerable.Range(0, CrossValidationFolds)
                    .Select(f => (Enumerable.Range(0, n).Where(i => fold[i] != f).ToArray(), Enumerable.Range(0, n).Where(i => fold[i] == f).ToArray()))
                    .ToArray();
                return new ValidationScheme($"{CrossValidationFolds}-fold", parts, [.. Enumerable.Range(0, n)]);
            }

            var isValidation = DatasetSplit.StratifiedTestRows(keys, ValidationFraction, seed);
            var validation = Enumerable.Range(0, n).Where(i => isValidation[i]).ToArray();
            return validation.Length < MinValidationRows
                ? null
                : new ValidationScheme("holdout", [(Enumerable.Range(0, n).Where(i => !isValidation[i]).ToArray(), validation)], validation);
        }
    }
}

/// <summary>
/// A candidate's held-out accuracy and log-loss (after calibration), the calibration fitted there, and how to build
/// the classifier that applies it. Accuracy and log-loss are NaN when nothing was held out.
/// </summary>
internal sealed record Scored(
    double Accuracy,
    double LogLoss,
    IReadOnlyDictionary<string, string> Parameters,
    Func<TextFeaturizer, LinearSvmModel, TextClassifier> Build);

/// <summary>What the SVM predicts: one label per row, or a set of labels per row.</summary>
internal abstract class SvmTargets
{
    public abstract string[] Labels { get; }

    /// <summary>Per row, what held-out splits stratify on.</summary>
    public abstract IReadOnlyList<string> StratificationKeys { get; }

    public abstract int ProblemCount { get; }

    /// <summary>Fits on <paramref name="rows"/>, the features of the training rows numbered <paramref name="subset"/>.</summary>
    public abstract LinearSvmModel Fit(
        IReadOnlyList<SparseVector> rows, int[] subset, int dimension, LinearSvmOptions options, Action problemSolved, CancellationToken cancellationToken);

    /// <summary>
    /// Fits the calibration on the decision values of <paramref name="heldOut"/> rows (row-major, one value per label,
    /// indexed by row number) and measures accuracy and log-loss there.
    /// </summary>
    public abstract Scored Score(float[] decisions, int[] heldOut);

    public abstract Scored Uncalibrated();

    protected static string Format(float value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}

internal sealed class SingleLabelTargets : SvmTargets
{
    private readonly int[] _classes;

    private SingleLabelTargets(string[] labels, int[] classes, IReadOnlyList<string> keys)
    {
        Labels = labels;
        _classes = classes;
        StratificationKeys = keys;
    }

    public override string[] Labels { get; }

    public override IReadOnlyList<string> StratificationKeys { get; }

    public override int ProblemCount => LinearSvmSolver.ProblemCount(Labels.Length);

    public static SingleLabelTargets Create(IReadOnlyList<LabeledText> rows)
    {
        if (rows.Count == 0)
        {
            throw new ArgumentException("The training set is empty.", nameof(rows));
        }

        if (rows.Any(r => r is null || string.IsNullOrEmpty(r.Label)))
        {
            throw new ArgumentException("Every training row needs a non-empty label.", nameof(rows));
        }

        var labels = rows.Select(r => r.Label).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        if (labels.Length < 2)
        {
            throw new ArgumentException($"Training needs at least two distinct labels; found only '{labels[0]}'.", nameof(rows));
        }

        var index = labels.Select((label, i) => (label, i)).ToDictionary(p => p.label, p => p.i, StringComparer.Ordinal);
        return new SingleLabelTargets(labels, [.. rows.Select(r => index[r.Label])], [.. rows.Select(r => r.Label)]);
    }

    public override LinearSvmModel Fit(
        IReadOnlyList<SparseVector> rows, int[] subset, int dimension, LinearSvmOptions options, Action problemSolved, CancellationToken cancellationToken) =>
        LinearSvmSolver.Train(rows, [.. subset.Select(i => _classes[i])], Labels.Length, dimension, options, problemSolved, cancellationToken);

    public override Scored Score(float[] decisions, int[] heldOut)
    {
        var classCount = Labels.Length;
        var compact = new float[heldOut.Length * classCount];
        var truth = new int[heldOut.Length];
        var correct = 0;
        for (var r = 0; r < heldOut.Length; r++)
        {
            var row = compact.AsSpan(r * classCount, classCount);
            decisions.AsSpan(heldOut[r] * classCount, classCount).CopyTo(row);
            truth[r] = _classes[heldOut[r]];
            correct += TextClassifierExtensions.ArgMax(row) == truth[r] ? 1 : 0;
        }

        var calibration = classCount == 2
            ? ScoreCalibrator.FitPlatt(compact, truth)
            : ScoreCalibrator.FitTemperature(compact, truth, classCount);
        return Make((double)correct / truth.Length, ScoreCalibrator.LogLoss(compact, truth, classCount, calibration), calibration);
    }

    public override Scored Uncalibrated() => Make(double.NaN, double.NaN, ScoreCalibration.None(Labels.Length));

    private Scored Make(double accuracy, double logLoss, ScoreCalibration calibration)
    {
        var parameters = new Dictionary<string, string>
        {
            ["calibration"] = calibration.Method,
            ["temperature"] = Format(calibration.Temperature),
        };
        if (calibration.Method == "platt")
        {
            parameters["offset"] = Format(calibration.Offsets[1]);
        }

        var labels = Labels;
        return new Scored(accuracy, logLoss, parameters, (featurizer, model) => new LinearTextClassifier(labels, featurizer, model, calibration));
    }
}

/// <summary>
/// Binary relevance: one "has label k" SVM per label with its own Platt calibration, so probabilities are independent.
/// Accuracy is subset accuracy at the 0.5 threshold; log-loss is the mean binary log-loss over rows and labels.
/// </summary>
internal sealed class MultiLabelTargets : SvmTargets
{
    private readonly int[][] _labelSets;

    private MultiLabelTargets(string[] labels, int[][] labelSets, IReadOnlyList<string> keys)
    {
        Labels = labels;
        _labelSets = labelSets;
        StratificationKeys = keys;
    }

    public override string[] Labels { get; }

    public override IReadOnlyList<string> StratificationKeys { get; }

    public override int ProblemCount => Labels.Length;

    public static MultiLabelTargets Create(IReadOnlyList<LabeledText> rows)
    {
        if (rows.Count == 0)
        {
            throw new ArgumentException("The training set is empty.", nameof(rows));
        }

        if (rows.Any(r => r is null))
        {
            throw new ArgumentException("The training set has a missing row.", nameof(rows));
        }

        var sets = rows.Select(r => LabeledText.SplitLabels(r.Label)).ToArray();
        var labels = sets.SelectMany(s => s).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        if (labels.Length == 0)
        {
            throw new ArgumentException("Multi-label training needs at least one label; every row's label set is empty.", nameof(rows));
        }

        var index = labels.Select((label, i) => (label, i)).ToDictionary(p => p.label, p => p.i, StringComparer.Ordinal);
        var labelSets = sets.Select(s => s.Select(l => index[l]).Order().ToArray()).ToArray();
        return new MultiLabelTargets(labels, labelSets, [.. labelSets.Select(s => string.Join(',', s))]);
    }

    public override LinearSvmModel Fit(
        IReadOnlyList<SparseVector> rows, int[] subset, int dimension, LinearSvmOptions options, Action problemSolved, CancellationToken cancellationToken) =>
        LinearSvmSolver.TrainMultiLabel(rows, [.. subset.Select(i => (IReadOnlyList<int>)_labelSets[i])], Labels.Length, dimension, options, problemSolved, cancellationToken);

    public override Scored Score(float[] decisions, int[] heldOut)
    {
        var labelCount = Labels.Length;
        var calibrations = new ScoreCalibration[labelCount];
        var mirrored = new float[2 * heldOut.Length];
        var truth = new int[heldOut.Length];
        for (var k = 0; k < labelCount; k++)
        {
            var positives = 0;
            for (var r = 0; r < heldOut.Length; r++)
            {
                var f = decisions[(heldOut[r] * labelCount) + k];
                (mirrored[2 * r], mirrored[(2 * r) + 1]) = (-f, f);
                truth[r] = _labelSets[heldOut[r]].Contains(k) ? 1 : 0;
                positives += truth[r];
            }

            // Platt needs both outcomes among the held-out rows; without them keep the SVM's own scale, σ(2f).
            calibrations[k] = positives > 0 && positives < heldOut.Length ? ScoreCalibrator.FitPlatt(mirrored, truth) : ScoreCalibration.None(2);
        }

        var exact = 0;
        var loss = 0.0;
        for (var r = 0; r < heldOut.Length; r++)
        {
            var allRight = true;
            for (var k = 0; k < labelCount; k++)
            {
                var p = MultiLabelTextClassifier.Probability(calibrations[k], decisions[(heldOut[r] * labelCount) + k]);
                var has = _labelSets[heldOut[r]].Contains(k);
                allRight &= (p >= 0.5) == has;
                loss -= Math.Log(Math.Max(has ? p : 1 - p, 1e-15));
            }

            exact += allRight ? 1 : 0;
        }

        return Make((double)exact / heldOut.Length, loss / ((double)heldOut.Length * labelCount), calibrations);
    }

    public override Scored Uncalibrated() => Make(double.NaN, double.NaN, [.. Labels.Select(_ => ScoreCalibration.None(2))]);

    private Scored Make(double accuracy, double logLoss, ScoreCalibration[] calibrations)
    {
        var parameters = new Dictionary<string, string>
        {
            ["multiLabel"] = "true",
            ["calibration"] = calibrations.All(c => c.Method == "none") ? "none" : "platt per label",
        };
        var labels = Labels;
        return new Scored(accuracy, logLoss, parameters, (featurizer, model) => new MultiLabelTextClassifier(labels, featurizer, model, calibrations));
    }
}
