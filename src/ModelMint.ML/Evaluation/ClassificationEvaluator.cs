using ModelMint.ML.Scoring;
using ModelMint.ML.Training;

namespace ModelMint.ML.Evaluation;

/// <summary>Accuracy, per-class precision/recall/F1, macro-F1 and the confusion matrix of predictions.</summary>
/// <remarks>
/// The matrix covers <c>labels</c> followed by any other label seen in actual or predicted (ordinal order), so its
/// counts add up to the number of rows. <see cref="ClassificationMetrics.MacroF1"/> is the unweighted mean F1 over
/// the given labels that occur in actual or predicted, as scikit-learn's <c>f1_score(average="macro")</c> over that
/// label set; unseen labels cannot be learned, so they cost accuracy but are not averaged. Precision of a label never
/// predicted, and recall of a label never present, count as 0. Multi-label evaluation follows the same rules per label.
/// </remarks>
public static class ClassificationEvaluator
{
    public static ClassificationMetrics Evaluate(IReadOnlyList<string> labels, IReadOnlyList<string> actual, IReadOnlyList<string> predicted)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(predicted);
        if (actual.Count != predicted.Count)
        {
            throw new ArgumentException($"{actual.Count} actual labels but {predicted.Count} predictions.", nameof(predicted));
        }

        var (known, all) = LabelUniverse(labels, actual.Concat(predicted));
        var index = all.Select((label, i) => (label, i)).ToDictionary(p => p.label, p => p.i, StringComparer.Ordinal);
        var counts = new int[all.Length][];
        for (var k = 0; k < all.Length; k++)
        {
            counts[k] = new int[all.Length];
        }

        var correct = 0;
        for (var i = 0; i < actual.Count; i++)
        {
            counts[index[actual[i]]][index[predicted[i]]]++;
            correct += actual[i] == predicted[i] ? 1 : 0;
        }

        var perClass = new ClassMetrics[all.Length];
        var averaged = new List<double>();
        for (var k = 0; k < all.Length; k++)
        {
            var support = counts[k].Sum();
            var predictedCount = counts.Sum(row => row[k]);
            perClass[k] = Score(all[k], counts[k][k], predictedCount - counts[k][k], support - counts[k][k]);
            if (known.Contains(all[k]) && (support > 0 || predictedCount > 0))
            {
                averaged.Add(perClass[k].F1);
            }
        }

        return new ClassificationMetrics(
            actual.Count == 0 ? 0 : (double)correct / actual.Count,
            averaged.Count == 0 ? 0 : averaged.Average(),
            actual.Count,
            perClass,
            new ConfusionMatrix(all, counts));
    }

    /// <summary>
    /// Scores <paramref name="model"/> on <paramref name="test"/>: a single-label model by its most probable label, with
    /// the expected calibration error of that label's probability; a multi-label model as
    /// <see cref="EvaluateMultiLabel(TextClassifier, IReadOnlyList{LabeledText})"/> does.
    /// </summary>
    public static ClassificationMetrics Evaluate(TextClassifier model, IReadOnlyList<LabeledText> test)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(test);
        if (model.IsMultiLabel)
        {
            return EvaluateMultiLabel(model, test);
        }

        var predicted = new string[test.Count];
        var confidences = new double[test.Count];
        var correct = new bool[test.Count];
        Parallel.For(0, test.Count, new ParallelOptions { MaxDegreeOfParallelism = 2 }, i =>
        {
            var (label, probability) = model.PredictTop(test[i].Text);
            predicted[i] = label;
            confidences[i] = probability;
            correct[i] = label == test[i].Label;
        });
        return Evaluate(model.Labels, [.. test.Select(r => r.Label)], predicted) with
        {
            ExpectedCalibrationError = Calibration.ExpectedCalibrationError(confidences, correct),
        };
    }

    /// <summary>
    /// Multi-label metrics of label sets: subset accuracy, per-label precision/recall/F1 and support, macro-F1 over the
    /// given labels that occur, micro-F1 and Hamming loss over every label seen (given or not), no confusion matrix.
    /// </summary>
    public static ClassificationMetrics EvaluateMultiLabel(
        IReadOnlyList<string> labels,
        IReadOnlyList<IReadOnlyCollection<string>> actual,
        IReadOnlyList<IReadOnlyCollection<string>> predicted)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(predicted);
        if (actual.Count != predicted.Count)
        {
            throw new ArgumentException($"{actual.Count} actual label sets but {predicted.Count} predictions.", nameof(predicted));
        }

        var (known, all) = LabelUniverse(labels, actual.Concat(predicted).SelectMany(set => set));
        var index = all.Select((label, i) => (label, i)).ToDictionary(p => p.label, p => p.i, StringComparer.Ordinal);
        var truePositives = new int[all.Length];
        var falsePositives = new int[all.Length];
        var falseNegatives = new int[all.Length];
        var exact = 0;
        for (var i = 0; i < actual.Count; i++)
        {
            var truth = actual[i].ToHashSet(StringComparer.Ordinal);
            var guess = predicted[i].ToHashSet(StringComparer.Ordinal);
            exact += truth.SetEquals(guess) ? 1 : 0;
            foreach (var label in guess)
            {
                (truth.Contains(label) ? truePositives : falsePositives)[index[label]]++;
            }

            foreach (var label in truth.Where(l => !guess.Contains(l)))
            {
                falseNegatives[index[label]]++;
            }
        }

        var perClass = new ClassMetrics[all.Length];
        var averaged = new List<double>();
        for (var k = 0; k < all.Length; k++)
        {
            perClass[k] = Score(all[k], truePositives[k], falsePositives[k], falseNegatives[k]);
            if (known.Contains(all[k]) && truePositives[k] + falsePositives[k] + falseNegatives[k] > 0)
            {
                averaged.Add(perClass[k].F1);
            }
        }

        var (tp, fp, fn) = (truePositives.Sum(), falsePositives.Sum(), falseNegatives.Sum());
        var decisions = (long)actual.Count * all.Length;
        return new ClassificationMetrics(
            actual.Count == 0 ? 0 : (double)exact / actual.Count,
            averaged.Count == 0 ? 0 : averaged.Average(),
            actual.Count,
            perClass,
            ConfusionMatrix: null)
        {
            Task = ClassificationMetrics.MultiLabelTask,
            MicroF1 = tp == 0 ? 0 : 2.0 * tp / ((2.0 * tp) + fp + fn),
            HammingLoss = decisions == 0 ? 0 : (double)(fp + fn) / decisions,
        };
    }

    /// <summary>
    /// Scores a multi-label model on rows whose <see cref="LabeledText.Label"/> joins their labels with '|': a label
    /// is predicted when its probability reaches the model's threshold. The calibration error is that of every
    /// (row, label) decision: confidence max(p, 1 − p), right when the decision matches the row.
    /// </summary>
    public static ClassificationMetrics EvaluateMultiLabel(TextClassifier model, IReadOnlyList<LabeledText> test)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(test);
        var labels = model.Labels;
        var actual = test.Select(r => LabeledText.SplitLabels(r.Label)).ToArray();
        var scores = new float[test.Count][];
        Parallel.For(0, test.Count, new ParallelOptions { MaxDegreeOfParallelism = 2 }, i => scores[i] = model.Predict(test[i].Text));

        var predicted = new IReadOnlyCollection<string>[test.Count];
        var confidences = new double[test.Count * labels.Count];
        var correct = new bool[test.Count * labels.Count];
        for (var i = 0; i < test.Count; i++)
        {
            var chosen = new List<string>();
            for (var k = 0; k < labels.Count; k++)
            {
                var p = scores[i][k];
                var yes = p >= model.Threshold;
                if (yes)
                {
                    chosen.Add(labels[k]);
                }

                confidences[(i * labels.Count) + k] = yes ? p : 1 - p;
                correct[(i * labels.Count) + k] = yes == actual[i].Contains(labels[k], StringComparer.Ordinal);
            }

            predicted[i] = chosen;
        }

        return EvaluateMultiLabel(labels, actual, predicted) with
        {
            ExpectedCalibrationError = Calibration.ExpectedCalibrationError(confidences, correct),
        };
    }

    private static (HashSet<string> Known, string[] All) LabelUniverse(IReadOnlyList<string> labels, IEnumerable<string> seen)
    {
        var known = new HashSet<string>(labels, StringComparer.Ordinal);
        var all = labels.Distinct(StringComparer.Ordinal)
            .Concat(seen.Where(l => !known.Contains(l)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
            .ToArray();
        return (known, all);
    }

    private static ClassMetrics Score(string label, int truePositives, int falsePositives, int falseNegatives)
    {
        var predictedCount = truePositives + falsePositives;
        var support = truePositives + falseNegatives;
        var precision = predictedCount == 0 ? 0 : (double)truePositives / predictedCount;
        var recall = support == 0 ? 0 : (double)truePositives / support;
        var f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        return new ClassMetrics(label, precision, recall, f1, support);
    }
}
