namespace ModelMint.ML.Training;

/// <summary>
/// The default trainer: word and char n-gram TF-IDF and a linear SVM, chosen by held-out accuracy among C = 0.5, then
/// 0.1 and 1, and, on more than <see cref="NaiveBayesMinRows"/> rows, an NB-SVM with
/// C = 0.5 (features scaled by Naive Bayes log-count ratios, which helps on larger sentiment-like data but is noisy on
/// small data), while the time budget allows; probabilities are calibrated on the held-out decision values.
/// Single-label or multi-label (one calibrated SVM per label). Parameters (all optional): <c>c</c> pins C;
/// <c>weighting</c> (<c>tfidf</c> or <c>nb</c>) pins the feature weighting; <c>timeBudgetSeconds</c> (default 60);
/// <c>maxIterations</c>; <c>tolerance</c>. Every candidate scored is in the result's leaderboard and curve.
/// </summary>
public sealed class AutoTrainer : ITextClassifierTrainer
{
    public const double DefaultTimeBudgetSeconds = 60;

    internal static readonly double[] CandidateCs = [0.5, 0.1, 1];
    internal const double NaiveBayesCandidateC = 0.5;

    // Log-count ratios estimated from fewer rows were noisy enough to lose accuracy on held-out sentiment and intent data.
    internal const int NaiveBayesMinRows = 5000;

    public string Name => "auto";

    public bool SupportsMultiLabel => true;

    public IReadOnlyList<string> ValidateParameters(IReadOnlyDictionary<string, string> parameters) =>
        TrainerParameters.Validate(() => Plan(parameters, rows: 0));

    public TrainingResult Train(TrainingRequest request, ITrainingObserver observer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var plan = Plan(request.Parameters, request.Train?.Count ?? 0);
        var result = CalibratedSvmTraining.Train(request, plan, observer, cancellationToken);
        var used = new Dictionary<string, string>(result.Parameters) { ["timeBudgetSeconds"] = TrainerParameters.Format(plan.TimeBudgetSeconds) };
        return result with { Parameters = used };
    }

    private CalibratedSvmPlan Plan(IReadOnlyDictionary<string, string>? values, int rows)
    {
        var parameters = new TrainerParameters(Name, values, "c", "weighting", "timeBudgetSeconds", "maxIterations", "tolerance");
        var defaults = new LinearSvmOptions();
        var weighting = parameters.Has("weighting")
            ? parameters.OneOf("weighting", CalibratedSvmTraining.TfIdfWeighting, CalibratedSvmTraining.TfIdfWeighting, CalibratedSvmTraining.NaiveBayesWeighting)
            : null;
        var pinnedC = parameters.Has("c") ? parameters.PositiveDouble("c", defaults.C) : (double?)null;
        var candidates = new List<SvmCandidate>();
        if (weighting is null or CalibratedSvmTraining.TfIdfWeighting)
        {
            candidates.AddRange(pinnedC is { } c ? [new SvmCandidate(c)] : CandidateCs.Select(c => new SvmCandidate(c)));
        }

        if (weighting == CalibratedSvmTraining.NaiveBayesWeighting || (weighting is null && pinnedC is null && rows > NaiveBayesMinRows))
        {
            candidates.Add(new SvmCandidate(pinnedC ?? NaiveBayesCandidateC, NaiveBayes: true));
        }

        return new CalibratedSvmPlan(
            Name,
            candidates,
            parameters.PositiveDouble("timeBudgetSeconds", DefaultTimeBudgetSeconds),
            parameters.PositiveInt("maxIterations", defaults.MaxIterations),
            parameters.PositiveDouble("tolerance", defaults.Tolerance));
    }
}
