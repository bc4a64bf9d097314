using System.Diagnostics;
using System.Globalization;
using ModelMint.ML.Scoring;

namespace ModelMint.ML.Training;

/// <summary>What <see cref="CalibratedSvmTraining"/> should do: the C values to compare, in order of preference.</summary>
internal sealed record CalibratedSvmPlan(IReadOnlyList<double> Candidates, double TimeBudgetSeconds, int MaxIterations, double Tolerance);

/// <summary>
/// The pipeline behind the "auto" and "linear-svm" trainers: featurize, carve a stratified validation split,
/// fit each candidate C on the rest and score it on the split, fit the probability calibration (Platt for two
/// labels, temperature otherwise) for the most accurate, then retrain on all rows with that C and keep the calibration.
/// </summary>
/// <remarks>
/// The vocabulary and IDF come from all rows, validation included: they use no labels, and it saves featurizing
/// twice. The first candidate is always fitted; later ones only while the time budget is expected to hold them and
/// the final fit.
/// </remarks>
internal static class CalibratedSvmTraining
{
    public const double ValidationFraction = 0.15;

    // Below this many held-out rows a fitted temperature or a C comparison is noise; train once, uncalibrated.
    private const int MinValidationRows = 20;
    private const double FeaturizingShare = 0.1;

    public static TrainingResult Train(TrainingRequest request, CalibratedSvmPlan plan, ITrainingObserver? observer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var clock = Stopwatch.StartNew();
        var rows = request.Train ?? throw new ArgumentException("The training set is missing.", nameof(request));
        var labels = Labels(rows);
        var labelIndex = labels.Select((label, i) => (label, i)).ToDictionary(p => p.label, p => p.i, StringComparer.Ordinal);
        var classes = rows.Select(r => labelIndex[r.Label]).ToArray();
        var meter = new ProgressMeter(observer);
        meter.Report(0);

        var texts = rows.Select(r => r.Text ?? string.Empty).ToArray();
        var featurizer = TextFeaturizer.Fit(texts, cancellationToken: cancellationToken);
        var features = new SparseVector[rows.Count];
        Parallel.For(0, rows.Count, new ParallelOptions { MaxDegreeOfParallelism = 2, CancellationToken = cancellationToken }, i => features[i] = featurizer.Transform(texts[i]));
        meter.Report(FeaturizingShare);

        var isValidation = DatasetSplit.StratifiedTestRows([.. rows.Select(r => r.Label)], ValidationFraction, request.Seed);
        var validation = Enumerable.Range(0, rows.Count).Where(i => isValidation[i]).ToArray();
        var canValidate = validation.Length >= MinValidationRows;
        var problems = LinearSvmSolver.ProblemCount(labels.Length);
        var unit = (1 - FeaturizingShare) / ((canValidate ? plan.Candidates.Count + 1 : 1) * problems);

        LinearSvmModel Fit(IEnumerable<int> subset, double c) => LinearSvmSolver.Train(
            [.. subset.Select(i => features[i])],
            [.. subset.Select(i => classes[i])],
            labels.Length,
            featurizer.Dimension,
            new LinearSvmOptions { C = c, MaxIterations = plan.MaxIterations, Tolerance = plan.Tolerance, Seed = request.Seed },
            () => meter.Advance(unit),
            cancellationToken);

        var tried = new List<Candidate>();
        if (canValidate)
        {
            var rest = Enumerable.Range(0, rows.Count).Where(i => !isValidation[i]).ToArray();
            var heldOut = validation.Select(i => features[i]).ToArray();
            var truth = validation.Select(i => classes[i]).ToArray();
            var longestFit = 0.0;
            foreach (var c in plan.Candidates)
            {
                if (tried.Count > 0 && clock.Elapsed.TotalSeconds + (2.2 * longestFit) > plan.TimeBudgetSeconds)
                {
                    break;
                }

                var started = clock.Elapsed.TotalSeconds;
                tried.Add(Evaluate(c, Fit(rest, c), heldOut, truth));
                longestFit = Math.Max(longestFit, clock.Elapsed.TotalSeconds - started);
            }

            meter.Report(FeaturizingShare + (unit * problems * plan.Candidates.Count));
        }

        // Ties keep the earlier candidate, i.e. the preferred one.
        var chosen = tried.Count > 0
            ? tried.Aggregate((best, next) => next.Accuracy > best.Accuracy ? next : best)
            : new Candidate(plan.Candidates[0], ScoreCalibration.None(labels.Length), double.NaN);
        var model = Fit(Enumerable.Range(0, rows.Count), chosen.C);
        meter.Report(1);

        return new TrainingResult(
            new LinearTextClassifier(labels, featurizer, model, chosen.Calibration),
            UsedParameters(plan, featurizer, chosen, tried));
    }

    private static string[] Labels(IReadOnlyList<LabeledText> rows)
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
        return labels.Length >= 2
            ? labels
            : throw new ArgumentException($"Training needs at least two distinct labels; found only '{labels[0]}'.", nameof(rows));
    }

    private static Candidate Evaluate(double c, LinearSvmModel model, SparseVector[] heldOut, int[] truth)
    {
        var classCount = model.ClassCount;
        var decisions = new float[heldOut.Length * classCount];
        var correct = 0;
        for (var i = 0; i < heldOut.Length; i++)
        {
            var row = decisions.AsSpan(i * classCount, classCount);
            model.DecisionValues(heldOut[i], row);
            correct += TextClassifierExtensions.ArgMax(row) == truth[i] ? 1 : 0;
        }

        var calibration = classCount == 2
            ? ScoreCalibrator.FitPlatt(decisions, truth)
            : ScoreCalibrator.FitTemperature(decisions, truth, classCount);
        return new Candidate(c, calibration, (double)correct / truth.Length);
    }

    private static Dictionary<string, string> UsedParameters(CalibratedSvmPlan plan, TextFeaturizer featurizer, Candidate chosen, List<Candidate> tried)
    {
        var used = new Dictionary<string, string>
        {
            ["c"] = TrainerParameters.Format(chosen.C),
            ["calibration"] = chosen.Calibration.Method,
            ["temperature"] = chosen.Calibration.Temperature.ToString("0.###", CultureInfo.InvariantCulture),
            ["features"] = featurizer.Description,
            ["maxIterations"] = plan.MaxIterations.ToString(CultureInfo.InvariantCulture),
            ["tolerance"] = TrainerParameters.Format(plan.Tolerance),
        };
        if (chosen.Calibration.Method == "platt")
        {
            used["offset"] = chosen.Calibration.Offsets[1].ToString("0.###", CultureInfo.InvariantCulture);
        }

        if (tried.Count > 0)
        {
            used["validationFraction"] = TrainerParameters.Format(ValidationFraction);
            used["validationAccuracy"] = chosen.Accuracy.ToString("0.####", CultureInfo.InvariantCulture);
            used["cTried"] = string.Join(",", tried.Select(t => TrainerParameters.Format(t.C)));
        }

        return used;
    }

    /// <summary>A C fitted on the training part: its calibration and accuracy on the validation split.</summary>
    private sealed record Candidate(double C, ScoreCalibration Calibration, double Accuracy);
}
