namespace ModelMint.ML.Training;

/// <summary>
/// The same pipeline as <see cref="AutoTrainer"/> with a fixed C: parameters <c>c</c> (default 0.5),
/// <c>maxIterations</c> and <c>tolerance</c>. Probabilities are still calibrated on a validation split.
/// </summary>
public sealed class LinearSvmTrainer : ITextClassifierTrainer
{
    public string Name => "linear-svm";

    public IReadOnlyList<string> ValidateParameters(IReadOnlyDictionary<string, string> parameters) =>
        TrainerParameters.Validate(() => Plan(parameters));

    public TrainingResult Train(TrainingRequest request, ITrainingObserver observer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return CalibratedSvmTraining.Train(request, Plan(request.Parameters), observer, cancellationToken);
    }

    private CalibratedSvmPlan Plan(IReadOnlyDictionary<string, string>? values)
    {
        var parameters = new TrainerParameters(Name, values, "c", "maxIterations", "tolerance");
        var defaults = new LinearSvmOptions();
        return new CalibratedSvmPlan(
            [parameters.PositiveDouble("c", defaults.C)],
            double.PositiveInfinity,
            parameters.PositiveInt("maxIterations", defaults.MaxIterations),
            parameters.PositiveDouble("tolerance", defaults.Tolerance));
    }
}
