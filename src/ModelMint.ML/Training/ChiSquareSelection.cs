namespace ModelMint.ML.Training;

/// <summary>
/// Picks the features most dependent on the class: scikit-learn's <c>chi2</c> on non-negative feature values (observed
/// per-class sums against those expected from the class shares), keeping the highest scores.
/// </summary>
internal static class ChiSquareSelection
{
    /// <summary>
    /// Up to <paramref name="count"/> feature indices, increasing; features absent from every row are never chosen,
    /// and equal scores keep the lower index.
    /// </summary>
    public static int[] Select(IReadOnlyList<SparseVector> rows, IReadOnlyList<int> classes, int classCount, int dimension, int count)
    {
        var observed = new double[(long)dimension * classCount];
        var featureTotals = new double[dimension];
        var classShares = new double[classCount];
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            var c = classes[i];
            classShares[c]++;
            for (var p = 0; p < row.Count; p++)
            {
                observed[((long)row.Indices[p] * classCount) + c] += row.Values[p];
                featureTotals[row.Indices[p]] += row.Values[p];
            }
        }

        for (var c = 0; c < classCount; c++)
        {
            classShares[c] /= rows.Count;
        }

        var scores = new double[dimension];
        for (var j = 0; j < dimension; j++)
        {
            if (featureTotals[j] <= 0)
            {
                scores[j] = double.NegativeInfinity;
                continue;
            }

            for (var c = 0; c < classCount; c++)
            {
                var expected = featureTotals[j] * classShares[c];
                if (expected > 0)
                {
                    var gap = observed[((long)j * classCount) + c] - expected;
                    scores[j] += gap * gap / expected;
                }
            }
        }

        return [.. Enumerable.Range(0, dimension)
            .Where(j => !double.IsNegativeInfinity(scores[j]))
            .OrderByDescending(j => scores[j])
            .ThenBy(j => j)
            .Take(count)
            .Order()];
    }
}
