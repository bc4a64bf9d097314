namespace ModelMint.ML.Training;

/// <summary>Settings of <see cref="LinearSvmSolver"/>; the defaults are liblinear's, with scikit-learn's peer C of 0.5.</summary>
public sealed record LinearSvmOptions
{
    /// <summary>Inverse regularisation strength; larger fits the training data more closely.</summary>
    public double C { get; init; } = 0.5;

    /// <summary>Passes over the data per class before giving up on the tolerance.</summary>
    public int MaxIterations { get; init; } = 1000;

    /// <summary>Stop when the spread of projected gradients over a pass falls below this (liblinear's eps).</summary>
    public double Tolerance { get; init; } = 0.1;

    /// <summary>Temporarily skip examples whose dual variable is at its bound and likely to stay there.</summary>
    public bool Shrinking { get; init; } = true;

    /// <summary>Seeds each class's visiting order; a fixed seed gives identical weights on any thread count.</summary>
    public int Seed { get; init; }

    public int MaxDegreeOfParallelism { get; init; } = 2;

    /// <summary>
    /// When positive, solve each binary problem on features scaled by their Naive Bayes log-count ratios (NB-SVM,
    /// Wang and Manning 2012) with this additive smoothing; 0 fits a plain SVM.
    /// </summary>
    public double NaiveBayesSmoothing { get; init; }

    internal void Validate()
    {
        if (!(C > 0) || double.IsInfinity(C))
        {
            throw new ArgumentException($"C must be a positive finite number, not {C}.");
        }

        if (MaxIterations < 1)
        {
            throw new ArgumentException($"MaxIterations must be at least 1, not {MaxIterations}.");
        }

        if (!(Tolerance > 0) || double.IsInfinity(Tolerance))
        {
            throw new ArgumentException($"Tolerance must be a positive finite number, not {Tolerance}.");
        }

        if (!(NaiveBayesSmoothing >= 0) || double.IsInfinity(NaiveBayesSmoothing))
        {
            throw new ArgumentException($"NaiveBayesSmoothing must be 0 or a positive finite number, not {NaiveBayesSmoothing}.");
        }

        if (MaxDegreeOfParallelism < 1)
        {
            throw new ArgumentException($"MaxDegreeOfParallelism must be at least 1, not {MaxDegreeOfParallelism}.");
        }
    }
}
