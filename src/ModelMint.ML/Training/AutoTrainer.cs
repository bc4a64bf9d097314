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

    public TrainingResult Train(TrainingRequest request, IProgress<double> progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var parameters = new TrainerParameters(Name, request.Parameters, "c", "timeBudgetSeconds", "maxIterations", "tolerance");
        var defaults = new LinearSvmOptions();
        var budget = parameters.PositiveDouble("timeBudgetSeconds", DefaultTimeBudgetSeconds);
        var plan = new CalibratedSvmPlan(
            parameters.Has("c") ? [parameters.PositiveDouble("c", defaults.C)] : CandidateCs,
            budget,
            parameters.PositiveInt("maxIterations", defaults.MaxIterations),
            parameters.PositiveDouble("tolerance", defaults.Tolerance));
        var result = CalibratedSvmTraining.Train(request, plan, progress, cancellationToken);
        var used = new Dictionary<string, string>(result.Parameters) { ["timeBudgetSeconds"] = TrainerParameters.Format(budget) };
        return result with { Parameters = used };
    }
}
