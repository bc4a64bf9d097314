namespace ModelMint.ML.Training;

/// <summary>
/// The same pipeline as <see cref="AutoTrainer"/> with a fixed C: parameters <c>c</c> (default 0.5),
/// <c>maxIterations</c> and <c>tolerance</c>. Probabilities are still calibrated on a validation split.
/// </summary>
public sealed class LinearSvmTrainer : ITextClassifierTrainer
{
    public string Name => "linear-svm";

    public TrainingResult Train(TrainingRequest request, IProgress<double> progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var parameters = new TrainerParameters(Name, request.Parameters, "c", "maxIterations", "tolerance");
        var defaults = new LinearSvmOptions();
        var plan = new CalibratedSvmPlan(
            [parameters.PositiveDouble("c", defaults.C)],
            double.PositiveInfinity,
            parameters.PositiveInt("maxIterations", defaults.MaxIterations),
            parameters.PositiveDouble("tolerance", defaults.Tolerance));
        return CalibratedSvmTraining.Train(request, plan, progress, cancellationToken);
    }
}
