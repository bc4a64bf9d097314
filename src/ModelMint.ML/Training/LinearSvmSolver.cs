namespace ModelMint.ML.Training;

/// <summary>
/// L2-regularised L2-loss (squared hinge) linear SVM trained by dual coordinate descent with shrinking
/// (Hsieh et al. 2008; liblinear solver 1, the solver behind scikit-learn's LinearSVC). Multiclass is one-vs-rest;
/// two classes are one problem whose weights are stored as (−w, w). The bias is an extra feature of value 1,
/// regularised like the others, as in liblinear.
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
        options ??= new LinearSvmOptions();
        options.Validate();
        if (rows.Count != classes.Count || rows.Count == 0)
        {
            throw new ArgumentException("Rows and classes must be non-empty and of equal length.", nameof(classes));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(classCount, 2);
        var data = new Problem(rows, classes, classCount, dimension);
        var weights = new float[(long)dimension * classCount];
        var biases = new float[classCount];
        var problems = ProblemCount(classCount);
        Parallel.For(
            0,
            problems,
            new ParallelOptions { MaxDegreeOfParallelism = options.MaxDegreeOfParallelism, CancellationToken = cancellationToken },
            k =>
            {
                var positive = problems == 1 ? 1 : k;
                var w = Solve(data, positive, options, cancellationToken);
                for (var j = 0; j < dimension; j++)
                {
                    weights[(j * classCount) + positive] = (float)w[j];
                }

                biases[positive] = (float)w[dimension];
                if (problems == 1)
                {
                    for (var j = 0; j < dimension; j++)
                    {
                        weights[j * classCount] = -(float)w[j];
                    }

                    biases[0] = -(float)w[dimension];
                }

                problemSolved?.Invoke();
            });

        return new LinearSvmModel(dimension, classCount, weights, biases);
    }

    /// <summary>Weights (bias last) of the problem "class <paramref name="positive"/> against the rest".</summary>
    private static double[] Solve(Problem data, int positive, LinearSvmOptions options, CancellationToken cancellationToken)
    {
        var n = data.Classes.Length;
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
                var y = data.Classes[i] == positive ? 1.0 : -1.0;
                var (start, end) = (data.RowStarts[i], data.RowStarts[i + 1]);
                var features = data.Indices.AsSpan(start, end - start);
                var values = data.Values.AsSpan(start, end - start);
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
                    alpha[i] = Math.Max(old - (gradient / (diagonal + data.SquaredNorms[i])), 0);
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
        public Problem(IReadOnlyList<SparseVector> rows, IReadOnlyList<int> classes, int classCount, int dimension)
        {
            Dimension = dimension;
            Classes = new int[rows.Count];
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
                if ((uint)classes[i] >= (uint)classCount)
                {
                    throw new ArgumentOutOfRangeException(nameof(classes), $"Row {i} has class {classes[i]}, outside [0, {classCount}).");
                }

                Classes[i] = classes[i];
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

        public int[] Classes { get; }

        public int[] RowStarts { get; }

        public int[] Indices { get; }

        public float[] Values { get; }

        public double[] SquaredNorms { get; }
    }
}
