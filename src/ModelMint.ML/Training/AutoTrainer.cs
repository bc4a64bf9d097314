namespace ModelMint.ML.Training;

/// <summary>
/// The default trainer: word and char n-gram TF-IDF, a linear SVM whose C is chosen on a validation split
/// (0.5, then 0.1 and 1 while the time budget allows), and probabilities calibrated on that split.
/// Parameters (all optional): <c>c</c> pins C and skips the search; <c>timeBudgetSeconds</c> (default 60);
/// <c>maxIterations</c>; <c>tolerance</c>.
/// </summary>
public sealed class AutoTrainer : ITextClassifierTrainer
{
    public const double DefaultTimeBudgetSeconds = 60;

    internal static readonly double[] CandidateCs = [0.5, 0.1, 1];

    public string Name => "auto";

    public IReadOnlyList<string> ValidateParameters(IReadOnlyDictionary<string, string> parameters) =>
        TrainerParameters.Validate(() => Plan(parameters));

    public TrainingResult Train(TrainingRequest request, ITrainingObserver observer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var plan = Plan(request.Parameters);
        var result = CalibratedSvmTraining.Train(request, plan, observer, cancellationToken);
        var used = new Dictionary<string, string>(result.Parameters) { ["timeBudgetSeconds"] = TrainerParameters.Format(plan.TimeBudgetSeconds) };
        return result with { Parameters = used };
    }

    private CalibratedSvmPlan Plan(IReadOnlyDictionary<string, string>? values)
    {
        var parameters = new TrainerParameters(Name, values, "c", "timeBudgetSeconds", "maxIterations", "tolerance");
        var defaults = new LinearSvmOptions();
        return new CalibratedSvmPlan(
            parameters.Has("c") ? [parameters.PositiveDouble("c", defaults.C)] : CandidateCs,
            parameters.PositiveDouble("timeBudgetSeconds", DefaultTimeBudgetSeconds),
            parameters.PositiveInt("maxIterations", defaults.MaxIterations),
            parameters.PositiveDouble("tolerance", defaults.Tolerance));
    }
}
