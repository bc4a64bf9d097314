namespace ModelMint.ML.Training;

/// <summary>
/// The same pipeline as <see cref="AutoTrainer"/> with one fixed configuration: parameters <c>c</c> (default 0.5),
/// <c>weighting</c> (<c>tfidf</c>, the default, or <c>nb</c> for NB-SVM), <c>maxIterations</c> and <c>tolerance</c>.
/// Probabilities are still calibrated on held-out rows, which also give the one curve point and leaderboard entry.
/// </summary>
public sealed class LinearSvmTrainer : ITextClassifierTrainer
{
    public string Name => "linear-svm";

    public bool SupportsMultiLabel => true;

    public IReadOnlyList<string> ValidateParameters(IReadOnlyDictionary<string, string> parameters) =>
        TrainerParameters.Validate(() => Plan(parameters));

    public TrainingResult Train(TrainingRequest request, ITrainingObserver observer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return CalibratedSvmTraining.Train(request, Plan(request.Parameters), observer, cancellationToken);
    }

    private CalibratedSvmPlan Plan(IReadOnlyDictionary<string, string>? values)
    {
        var parameters = new TrainerParameters(Name, values, "c", "weighting", "maxIterations", "tolerance");
        var defaults = new LinearSvmOptions();
        var weighting = parameters.OneOf(
            "weighting", CalibratedSvmTraining.TfIdfWeighting, CalibratedSvmTraining.TfIdfWeighting, CalibratedSvmTraining.NaiveBayesWeighting);
        return new CalibratedSvmPlan(
            Name,
            [new SvmCandidate(parameters.PositiveDouble("c", defaults.C), weighting == CalibratedSvmTraining.NaiveBayesWeighting)],
            double.PositiveInfinity,
            parameters.PositiveInt("maxIterations", defaults.MaxIterations),
            parameters.PositiveDouble("tolerance", defaults.Tolerance));
    }
}
