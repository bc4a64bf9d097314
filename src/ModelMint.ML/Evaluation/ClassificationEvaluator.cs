using ModelMint.ML.Scoring;
using ModelMint.ML.Training;

namespace ModelMint.ML.Evaluation;

/// <summary>Accuracy, per-class precision/recall/F1, macro-F1 and the confusion matrix of predictions.</summary>
/// <remarks>
/// The matrix covers <c>labels</c> followed by any other label seen in actual or predicted (ordinal order), so its
/// counts add up to the number of rows. <see cref="ClassificationMetrics.MacroF1"/> is the unweighted mean F1 over
/// the given labels that occur in actual or predicted, as scikit-learn's <c>f1_score(average="macro")</c> over that
/// label set; unseen labels cannot be learned, so they cost accuracy but are not averaged. Precision of a label never
/// predicted, and recall of a label never present, count as 0.
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

        var known = new HashSet<string>(labels, StringComparer.Ordinal);
        var all = labels.Distinct(StringComparer.Ordinal)
            .Concat(actual.Concat(predicted).Where(l => !known.Contains(l)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
            .ToArray();
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
            var truePositives = counts[k][k];
            var support = counts[k].Sum();
            var predictedCount = counts.Sum(row => row[k]);
            var precision = predictedCount == 0 ? 0 : (double)truePositives / predictedCount;
            var recall = support == 0 ? 0 : (double)truePositives / support;
            var f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            perClass[k] = new ClassMetrics(all[k], precision, recall, f1, support);
            if (known.Contains(all[k]) && (support > 0 || predictedCount > 0))
            {
                averaged.Add(f1);
            }
        }

        return new ClassificationMetrics(
            actual.Count == 0 ? 0 : (double)correct / actual.Count,
            averaged.Count == 0 ? 0 : averaged.Average(),
            actual.Count,
            perClass,
            new ConfusionMatrix(all, counts));
    }

    /// <summary>Scores <paramref name="model"/> on <paramref name="test"/>, predicting each row's most probable label.</summary>
    public static ClassificationMetrics Evaluate(TextClassifier model, IReadOnlyList<LabeledText> test)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(test);
        var predicted = new string[test.Count];
        Parallel.For(0, test.Count, new ParallelOptions { MaxDegreeOfParallelism = 2 }, i => predicted[i] = model.PredictTop(test[i].Text).Label);
        return Evaluate(model.Labels, [.. test.Select(r => r.Label)], predicted);
    }
}
