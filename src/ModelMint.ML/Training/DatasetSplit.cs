namespace ModelMint.ML.Training;

/// <summary>A train/test partition of labelled rows.</summary>
public sealed record DatasetSplit(IReadOnlyList<LabeledText> Train, IReadOnlyList<LabeledText> Test)
{
    /// <summary>
    /// Holds out about <paramref name="testFraction"/> of every label's rows, the same rows for the same seed.
    /// Every label keeps at least one row in Train (a label with one row keeps it there); both parts keep the
    /// input order.
    /// </summary>
    public static DatasetSplit Stratified(IReadOnlyList<LabeledText> rows, double testFraction, int seed)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var isTest = StratifiedTestRows([.. rows.Select(r => r.Label)], testFraction, seed);
        var train = new List<LabeledText>(rows.Count);
        var test = new List<LabeledText>();
        for (var i = 0; i < rows.Count; i++)
        {
            (isTest[i] ? test : train).Add(rows[i]);
        }

        return new DatasetSplit(train, test);
    }

    /// <summary>Which rows go to the test part. Per label: shuffle, then take its share, rounded so the total is
    /// round(n × fraction) where the per-label caps allow (largest remainder first).</summary>
    internal static bool[] StratifiedTestRows(IReadOnlyList<string> labels, double testFraction, int seed)
    {
        if (!(testFraction > 0 && testFraction < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(testFraction), testFraction, "The test fraction must be strictly between 0 and 1.");
        }

        var groups = Enumerable.Range(0, labels.Count)
            .GroupBy(i => labels[i], StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => g.ToArray())
            .ToArray();

        var quotas = groups.Select(g => Math.Min((int)Math.Floor(g.Length * testFraction), g.Length - 1)).ToArray();
        var missing = (int)Math.Round(labels.Count * testFraction, MidpointRounding.AwayFromZero) - quotas.Sum();
        var byRemainder = Enumerable.Range(0, groups.Length)
            .Where(k => quotas[k] < groups[k].Length - 1)
            .OrderByDescending(k => (groups[k].Length * testFraction) - quotas[k])
            .ThenBy(k => k);
        foreach (var k in byRemainder)
        {
            if (missing-- <= 0)
            {
                break;
            }

            quotas[k]++;
        }

        var random = new Random(seed);
        var isTest = new bool[labels.Count];
        for (var k = 0; k < groups.Length; k++)
        {
            random.Shuffle(groups[k]);
            foreach (var i in groups[k].AsSpan(0, quotas[k]))
            {
                isTest[i] = true;
            }
        }

        return isTest;
    }

    /// <summary>
    /// Assigns every row to one of <paramref name="folds"/> folds so that each key's rows spread evenly: per key
    /// (ordinal order) shuffle, then deal the rows round-robin, continuing where the previous key stopped so that keys
    /// with few rows do not all land in the first folds. The same seed gives the same folds.
    /// </summary>
    internal static int[] StratifiedFolds(IReadOnlyList<string> keys, int folds, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(folds, 2);
        var random = new Random(seed);
        var fold = new int[keys.Count];
        var next = 0;
        foreach (var group in Enumerable.Range(0, keys.Count).GroupBy(i => keys[i], StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var rows = group.ToArray();
            random.Shuffle(rows);
            foreach (var i in rows)
            {
                fold[i] = next;
                next = (next + 1) % folds;
            }
        }

        return fold;
    }
}
