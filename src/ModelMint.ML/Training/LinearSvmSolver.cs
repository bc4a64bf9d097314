namespace ModelMint.ML.Training;

/// <summary>
/// L2-regularised L2-loss (squared hinge) linear SVM trained by dual coordinate descent with shrinking
/// (Hsieh et al. 2008; liblinear solver 1, the solver behind scikit-learn's LinearSVC). Multiclass is one-vs-rest;
/// two classes are one problem whose weights are stored as (−w, w); multi-label is one problem per label. The bias is
/// an extra feature of value 1, regularised like the others, as in liblinear. With
/// <see cref="LinearSvmOptions.NaiveBayesSmoothing"/> each problem is solved on features scaled by their Naive Bayes
/// log-count ratios (NB-SVM), and the ratios are folded into the stored weights.
/// </summary>
public static class LinearSvmSolver
{
    /// <summary>Number of binary problems solved for <paramref name="classCount"/> classes.</summary>
    public static int ProblemCount(int classCount) => classCount == 2 ? 1 : classCount;

    /// <summary>
    /// Fits one decision function per class. <paramref name="rows"/> have feature indices below
    /// <paramref name="dimension"/>; <paramref name="classes"/> holds each row's class in [0, <paramref name="classCount"/>);
    /// <paramref name="problemSolved"/> is called from a worker thread after each binary problem.
    /// </summary>
    public static LinearSvmModel Train(
        IReadOnlyList<SparseVector> rows,
        IReadOnlyList<int> classes,
        int classCount,
        int dimension,
        LinearSvmOptions? options = null,
        Action? problemSolved = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(classes);
        if (rows.Count != classes.Count || rows.Count == 0)
        {
            throw new ArgumentException("Rows and classes must be non-empty and of equal length.", nameof(classes));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(classCount, 2);
        for (var i = 0; i < classes.Count; i++)
        {
            if ((uint)classes[i] >= (uint)classCount)
            {
                throw new ArgumentOutOfRangeException(nameof(classes), $"Row {i} has class {classes[i]}, outside [0, {classCount}).");
            }
        }

        var problems = ProblemCount(classCount);
        return Fit(rows, dimension, classCount, problems, (k, signs) =>
        {
            var positive = problems == 1 ? 1 : k;
            for (var i = 0; i < signs.Length; i++)
            {
                signs[i] = classes[i] == positive;
            }

            return positive;
        }, mirrorBinary: problems == 1, options, problemSolved, cancellationToken);
    }

    /// <summary>
    /// Fits one independent "has label k" decision function per label (binary relevance): row i is a positive example
    /// of label k when <paramref name="labelSets"/>[i] contains k. A row may have no labels.
    /// </summary>
    public static LinearSvmModel TrainMultiLabel(
        IReadOnlyList<SparseVector> rows,
        IReadOnlyList<IReadOnlyList<int>> labelSets,
        int labelCount,
        int dimension,
        LinearSvmOptions? options = null,
        Action? problemSolved = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(labelSets);
        if (rows.Count != labelSets.Count || rows.Count == 0)
        {
            throw new ArgumentException("Rows and label sets must be non-empty and of equal length.", nameof(labelSets));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(labelCount, 1);
        for (var i = 0; i < labelSets.Count; i++)
        {
            if (labelSets[i].Any(label => (uint)label >= (uint)labelCount))
            {
                throw new ArgumentOutOfRangeException(nameof(labelSets), $"Row {i} has a label outside [0, {labelCount}).");
            }
        }

        return Fit(rows, dimension, labelCount, labelCount, (k, signs) =>
        {
            for (var i = 0; i < signs.Length; i++)
            {
                signs[i] = labelSets[i].Contains(k);
            }

            return k;
        }, mirrorBinary: false, options, problemSolved, cancellationToken);
    }

    /// <summary>
    /// Solves <paramref name="problems"/> binary problems in parallel; <paramref name="setUp"/> fills problem k's
    /// positives and names the column it fills. A mirrored binary model also stores the negated function in column 0.
    /// </summary>
    private static LinearSvmModel Fit(
        IReadOnlyList<SparseVector> rows,
        int dimension,
        int columns,
        int problems,
        Func<int, bool[], int> setUp,
        bool mirrorBinary,
        LinearSvmOptions? options,
        Action? problemSolved,
        CancellationToken cancellationToken)
    {
        options ??= new LinearSvmOptions();
        options.Validate();
        var data = new Problem(rows, dimension);
        var weights = new float[(long)dimension * columns];
        var biases = new float[columns];
        Parallel.For(
            0,
            problems,
            new ParallelOptions { MaxDegreeOfParallelism = options.MaxDegreeOfParallelism, CancellationToken = cancellationToken },
            k =>
            {
                var isPositive = new bool[rows.Count];
                var column = setUp(k, isPositive);
                var scale = options.NaiveBayesSmoothing > 0 ? LogCountRatios(data, isPositive, options.NaiveBayesSmoothing) : null;
                var (values, squaredNorms) = scale is null ? (data.Values, data.SquaredNorms) : data.Scaled(scale);
                var w = Solve(data, values, squaredNorms, isPositive, column, options, cancellationToken);

                // The problem was solved on x ∘ r; folding r into the weights lets the model score raw features.
                for (var j = 0; j < dimension; j++)
                {
                    w[j] *= scale?[j] ?? 1.0;
                    weights[(j * columns) + column] = (float)w[j];
                }

                biases[column] = (float)w[dimension];
                if (mirrorBinary)
                {
                    for (var j = 0; j < dimension; j++)
                    {
                        weights[j * columns] = -(float)w[j];
                    }

                    biases[0] = -(float)w[dimension];
                }

                problemSolved?.Invoke();
            });

        return new LinearSvmModel(dimension, columns, weights, biases);
    }

    /// <summary>
    /// Naive Bayes log-count ratios of one binary problem (Wang and Manning 2012):
    /// r_j = log((α + p_j) / (α·d + |p|₁)) − log((α + q_j) / (α·d + |q|₁)), where p and q sum the feature values of
    /// the positive and negative rows and d is the dimension.
    /// </summary>
    private static double[] LogCountRatios(Problem data, bool[] isPositive, double smoothing)
    {
        var dimension = data.Dimension;
        var positive = new double[dimension];
        var negative = new double[dimension];
        for (var i = 0; i < isPositive.Length; i++)
        {
            var sums = isPositive[i] ? positive : negative;
            for (var p = data.RowStarts[i]; p < data.RowStarts[i + 1]; p++)
            {
                sums[data.Indices[p]] += data.Values[p];
            }
        }

        var positiveTotal = (smoothing * dimension) + positive.Sum();
        var negativeTotal = (smoothing * dimension) + negative.Sum();
        var ratios = new double[dimension];
        for (var j = 0; j < dimension; j++)
        {
            ratios[j] = Math.Log((smoothing + positive[j]) / positiveTotal) - Math.Log((smoothing + negative[j]) / negativeTotal);
        }

        return ratios;
    }

    /// <summary>Weights (bias last) of the problem "rows marked in <paramref name="isPositive"/> against the rest".</summary>
    private static double[] Solve(
        Problem data,
        float[] featureValues,
        double[] squaredNorms,
        bool[] isPositive,
        int positive,
        LinearSvmOptions options,
        CancellationToken cancellationToken)
    {
        var n = isPositive.Length;
        var dimension = data.Dimension;
        var w = new double[dimension + 1];
        var alpha = new double[n];
        var diagonal = 0.5 / options.C;
        var index = new int[n];
        for (var i = 0; i < n; i++)
        {
            index[i] = i;
        }

        var random = new Random(unchecked((options.Seed * 1_000_003) + positive));
        var activeSize = n;
        var maxGradientOld = double.PositiveInfinity;
        var minGradientOld = double.NegativeInfinity;
        for (var iteration = 0; iteration < options.MaxIterations; iteration++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            for (var i = 0; i < activeSize; i++)
            {
                var j = random.Next(i, activeSize);
                (index[i], index[j]) = (index[j], index[i]);
            }

            var maxGradient = double.NegativeInfinity;
            var minGradient = double.PositiveInfinity;
            for (var s = 0; s < activeSize; s++)
            {
                var i = index[s];
                var y = isPositive[i] ? 1.0 : -1.0;
                var (start, end) = (data.RowStarts[i], data.RowStarts[i + 1]);
                var features = data.Indices.AsSpan(start, end - start);
                var values = featureValues.AsSpan(start, end - start);
                var margin = w[dimension];
                for (var p = 0; p < features.Length; p++)
                {
                    margin += w[features[p]] * values[p];
                }

                var gradient = (y * margin) - 1.0 + (diagonal * alpha[i]);
                var projected = gradient;
                if (alpha[i] == 0)
                {
                    if (options.Shrinking && gradient > maxGradientOld)
                    {
                        activeSize--;
                        (index[s], index[activeSize]) = (index[activeSize], index[s]);
                        s--;
                        continue;
                    }

                    projected = Math.Min(gradient, 0);
                }

                maxGradient = Math.Max(maxGradient, projected);
                minGradient = Math.Min(minGradient, projected);
                if (Math.Abs(projected) > 1e-12)
                {
                    var old = alpha[i];
                    alpha[i] = Math.Max(old - (gradient / (diagonal + squaredNorms[i])), 0);
                    var step = (alpha[i] - old) * y;
                    for (var p = 0; p < features.Length; p++)
                    {
                        w[features[p]] += step * values[p];
                    }

                    w[dimension] += step;
                }
            }

            if (maxGradient - minGradient <= options.Tolerance)
            {
                if (activeSize == n)
                {
                    break;
                }

                // Converged on the shrunk set: check once more on everything before stopping.
                activeSize = n;
                maxGradientOld = double.PositiveInfinity;
                minGradientOld = double.NegativeInfinity;
                continue;
            }

            maxGradientOld = maxGradient <= 0 ? double.PositiveInfinity : maxGradient;
            minGradientOld = minGradient >= 0 ? double.NegativeInfinity : minGradient;
        }

        return w;
    }

    /// <summary>The training rows flattened into compressed sparse rows, shared read-only by all problems.</summary>
    private sealed class Problem
    {
        public Problem(IReadOnlyList<SparseVector> rows, int dimension)
        {
            Dimension = dimension;
            RowStarts = new int[rows.Count + 1];
            SquaredNorms = new double[rows.Count];
            for (var i = 0; i < rows.Count; i++)
            {
                RowStarts[i + 1] = checked(RowStarts[i] + rows[i].Count);
            }

            Indices = new int[RowStarts[^1]];
            Values = new float[RowStarts[^1]];
            for (var i = 0; i < rows.Count; i++)
            {
                var row = rows[i];
                var previous = -1;
                for (var p = 0; p < row.Count; p++)
                {
                    var feature = row.Indices[p];
                    if (feature <= previous || feature >= dimension)
                    {
                        throw new ArgumentException($"Row {i} has feature indices that are not increasing within [0, {dimension}).", nameof(rows));
                    }

                    previous = feature;
                    SquaredNorms[i] += (double)row.Values[p] * row.Values[p];
                }

                row.Indices.CopyTo(Indices.AsSpan(RowStarts[i]));
                row.Values.CopyTo(Values.AsSpan(RowStarts[i]));
                SquaredNorms[i] += 1.0; // the bias feature
            }
        }

        public int Dimension { get; }

        public int[] RowStarts { get; }

        public int[] Indices { get; }

        public float[] Values { get; }

        public double[] SquaredNorms { get; }

        /// <summary>Every row's values multiplied feature-wise by <paramref name="scale"/>, and the new squared norms.</summary>
        public (float[] Values, double[] SquaredNorms) Scaled(double[] scale)
        {
            var values = new float[Values.Length];
            var norms = new double[SquaredNorms.Length];
            for (var i = 0; i < norms.Length; i++)
            {
                for (var p = RowStarts[i]; p < RowStarts[i + 1]; p++)
                {
                    values[p] = (float)(Values[p] * scale[Indices[p]]);
                    norms[i] += (double)values[p] * values[p];
                }

                norms[i] += 1.0; // the bias feature
            }

            return (values, norms);
        }
    }
}
